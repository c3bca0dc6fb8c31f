using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Metrics;
using ImageAI.Processing;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Matting;

/// <summary>A small subset of adobe-crops320; the full table is the <c>matting-eval</c> harness.</summary>
public class RefinementEvalTests
{
    private static IEnumerable<(ImageBuffer Image, GrayImage Truth)> Subset(int count)
    {
        var root = TestData.Eval("matting", "adobe-crops320");
        foreach (var path in Directory.GetDirectories(root).Order(StringComparer.Ordinal)
                     .SelectMany(d => Directory.GetFiles(d, "*_image.png").Order(StringComparer.Ordinal)).Take(count))
        {
            var alpha = TestData.Load(path.Replace("_image.png", "_alpha.png"));
            var truth = new GrayImage(alpha.Width, alpha.Height);
            PixelConversions.ExtractChannel(alpha.Pixels, truth.Pixels, 0);
            yield return (TestData.Load(path), truth);
        }
    }

    [Fact]
    public void GuidedRefinement_LowersSadAndGradientError_OfACoarseMask()
    {
        // The coarse mask is the ground truth seen at 1/8 resolution, as a low-resolution model would see it;
        // this isolates edge refinement from the model's own mistakes.
        double sadNone = 0, sadGuided = 0, gradNone = 0, gradGuided = 0;
        foreach (var (image, truth) in Subset(8))
        {
            var plane = new float[truth.Pixels.Length];
            PixelConversions.BytesToFloats(truth.Pixels, plane, 1f / 255f);
            int cw = image.Width / 8, ch = image.Height / 8;
            var coarse = Resampler.ResizePlane(plane, image.Width, image.Height, cw, ch, ResizeMode.Area);
            var none = MaskRefiner.ToMask(MaskRefiner.Refine(image, coarse, cw, ch, MaskRefinement.None), image.Width, image.Height);
            var guided = MaskRefiner.ToMask(MaskRefiner.Refine(image, coarse, cw, ch, MaskRefinement.GuidedFilter), image.Width, image.Height);
            sadNone += MaskMetrics.Sad(none, truth);
            sadGuided += MaskMetrics.Sad(guided, truth);
            gradNone += MaskMetrics.GradientError(none, truth);
            gradGuided += MaskMetrics.GradientError(guided, truth);
        }
        Assert.True(sadGuided < 0.97 * sadNone, $"SAD none {sadNone:F3} guided {sadGuided:F3}");
        Assert.True(gradGuided < 0.9 * gradNone, $"Grad none {gradNone:F3} guided {gradGuided:F3}");
    }

    [Fact]
    public void ForegroundEstimation_ReducesHaloOnGreen_WithGroundTruthAlpha()
    {
        // Cutout on pure green vs the reference composite (local opaque colour x GT alpha over green) in the soft band.
        double without = 0, with = 0;
        foreach (var (image, truth) in Subset(4))
        {
            int n = truth.Pixels.Length;
            var alpha = new float[n];
            PixelConversions.BytesToFloats(truth.Pixels, alpha, 1f / 255f);
            var fg = ForegroundEstimator.Estimate(image, alpha);
            var weight = new float[n];
            for (int i = 0; i < n; i++) weight[i] = alpha[i] >= 0.98f ? 1 : 0;
            var wMean = BoxFilter.Mean(weight, image.Width, image.Height, 12);
            for (int c = 0; c < 3; c++)
            {
                var plane = new float[n];
                for (int i = 0; i < n; i++) plane[i] = image.Pixels[4 * i + c] * weight[i];
                var mean = BoxFilter.Mean(plane, image.Width, image.Height, 12);
                float green = c == 1 ? 255 : 0;
                for (int i = 0; i < n; i++)
                {
                    if (alpha[i] <= 0.05f || alpha[i] >= 0.95f || wMean[i] < 1e-6f) continue;
                    float reference = alpha[i] * mean[i] / wMean[i] + (1 - alpha[i]) * green;
                    without += Math.Abs(alpha[i] * image.Pixels[4 * i + c] + (1 - alpha[i]) * green - reference);
                    with += Math.Abs(alpha[i] * fg[3 * i + c] * 255 + (1 - alpha[i]) * green - reference);
                }
            }
        }
        Assert.True(with < 0.75 * without, $"halo error without {without:F0}, with {with:F0}");
    }
}
