using ImageAI.Imaging;
using ImageAI.Metrics.Brisque;
using ImageAI.Processing;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Metrics;

/// <summary>
/// BRISQUE against OpenCV's reference. The model files come from Debian's opencv-data package (test.sh installs it);
/// the expected scores were computed with cv2.quality.QualityBRISQUE_compute (OpenCV 4.6) on the same files.
/// </summary>
public sealed class BrisqueTests
{
    private static readonly Lazy<BrisqueModel> Model = new(() => BrisqueModel.TryLoadDefault()
        ?? throw new InvalidOperationException("BRISQUE model files not found: apt-get install opencv-data (or set IMAGEAI_BRISQUE_DIR)."));

    [Theory]
    [InlineData("kodim01.png", 19.3534)]
    [InlineData("kodim02.png", 14.7577)]
    [InlineData("kodim03.png", 2.9722)]
    [InlineData("kodim05.png", 4.6111)]
    public void MatchesOpenCvOnKodakPhotos(string file, double opencv)
    {
        var image = TestData.Load(TestData.Eval("general", "kodak24", file));
        Assert.Equal(opencv, Brisque.Score(image, Model.Value), tolerance: 0.05);
    }

    [Fact]
    public void BlurAndNoiseScoreWorseThanTheCleanPhoto()
    {
        var clean = TestData.Load(TestData.Eval("general", "kodak24", "kodim03.png"));
        var blurred = Resampler.Resize(Resampler.Resize(clean, 125, 125, ResizeMode.Area), 500, 500, ResizeMode.Bicubic);
        var noisy = clean.Clone();
        var random = new Random(7);
        var px = noisy.Pixels;
        for (int i = 0; i < px.Length; i++)
            if ((i & 3) != 3) px[i] = (byte)Math.Clamp(px[i] + (int)(random.NextDouble() * 50 - 25), 0, 255);
        double c = Brisque.Score(clean, Model.Value), b = Brisque.Score(blurred, Model.Value), n = Brisque.Score(noisy, Model.Value);
        Assert.True(b > c + 20, $"blurred {b:F1} vs clean {c:F1}");
        Assert.True(n > c + 20, $"noisy {n:F1} vs clean {c:F1}");
    }

    [Fact]
    public void AggdFitRecoversTheShapeOfAGaussian()
    {
        var random = new Random(11);
        var values = new float[200_000];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var (left, right, shape) = BrisqueFeatures.FitAggd(values);
        Assert.Equal(2.0, shape, 1);
        Assert.Equal(1.0, left, 1);
        Assert.Equal(1.0, right, 1);
    }

    [Fact]
    public void GammaFunctionMatchesKnownValues()
    {
        Assert.Equal(1.0, GammaFunction.Gamma(1), 12);
        Assert.Equal(Math.Sqrt(Math.PI), GammaFunction.Gamma(0.5), 12);
        Assert.Equal(24.0, GammaFunction.Gamma(5), 10);
        Assert.Equal(9.513507698668732, GammaFunction.Gamma(0.1), 10);
    }

    [Fact]
    public void RejectsTinyImages() =>
        Assert.Throws<ArgumentException>(() => Brisque.Score(new ImageBuffer(8, 8), Model.Value));
}
