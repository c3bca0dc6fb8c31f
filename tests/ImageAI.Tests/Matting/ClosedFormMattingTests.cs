using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Metrics;
using ImageAI.Operations;
using ImageAI.Processing;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Matting;

[Collection(SharedEditorCollection.Name)]
public class ClosedFormMattingTests(SharedEditorFixture fixture)
{
    /// <summary>
    /// A disc whose edge is a soft ramp between two colours: I = alpha F + (1 - alpha) B with F, B constant, so alpha
    /// is exactly an affine function of the colour in every window and closed-form matting must recover it.
    /// </summary>
    private static (float[] Rgb, float[] Alpha, GrayImage Trimap) SoftDisc(int w, int h, float inner, float outer)
    {
        int n = w * h;
        var rgb = new float[3 * n];
        var alpha = new float[n];
        var trimap = new GrayImage(w, h);
        float[] f = [0.9f, 0.6f, 0.2f], b = [0.1f, 0.3f, 0.8f];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                float d = MathF.Sqrt((x - w / 2f) * (x - w / 2f) + (y - h / 2f) * (y - h / 2f));
                float a = Math.Clamp((outer - d) / (outer - inner), 0f, 1f);
                alpha[i] = a;
                for (int c = 0; c < 3; c++) rgb[c * n + i] = a * f[c] + (1 - a) * b[c];
                // Unknown band two pixels wider than the ramp on each side.
                trimap.Pixels[i] = d < inner - 2 ? Trimap.Foreground : d > outer + 2 ? Trimap.Background : Trimap.Unknown;
            }
        return (rgb, alpha, trimap);
    }

    [Fact]
    public void Solve_RecoversAnAnalyticSoftEdge_FromAFlatStart()
    {
        int w = 64, h = 48;
        var (rgb, truth, trimap) = SoftDisc(w, h, 8, 20);
        var start = new float[w * h];
        Array.Fill(start, 0.5f);
        var alpha = ClosedFormMatting.Solve(rgb, trimap, start, start, w, h,
            new ClosedFormMattingOptions { PriorWeight = 0, Epsilon = 1e-7f, MaxIterations = 500, Tolerance = 1e-5f });
        double maxError = 0, startError = 0;
        for (int i = 0; i < w * h; i++)
        {
            maxError = Math.Max(maxError, Math.Abs(alpha[i] - truth[i]));
            startError = Math.Max(startError, Math.Abs(0.5f - truth[i]));
        }
        Assert.True(startError > 0.4, "the start must be far from the answer");
        Assert.True(maxError < 0.02, $"max |alpha - truth| = {maxError:F4}");
    }

    [Fact]
    public void Solve_KeepsDefinitePixelsExactly()
    {
        int w = 40, h = 40;
        var (rgb, _, trimap) = SoftDisc(w, h, 6, 12);
        var start = new float[w * h];
        Array.Fill(start, 0.3f);
        var alpha = ClosedFormMatting.Solve(rgb, trimap, start, start, w, h);
        for (int i = 0; i < w * h; i++)
        {
            if (trimap.Pixels[i] == Trimap.Foreground) Assert.Equal(1f, alpha[i]);
            else if (trimap.Pixels[i] == Trimap.Background) Assert.Equal(0f, alpha[i]);
            else Assert.InRange(alpha[i], 0f, 1f);
        }
    }

    [Fact]
    public void Solve_WithATrimapOfAnotherSize_ThrowsMaskSizeMismatch()
    {
        var rgb = new float[3 * 20 * 10];
        var alpha = new float[20 * 10];
        Assert.Throws<MaskSizeMismatchException>(() => ClosedFormMatting.Solve(rgb, new GrayImage(10, 20), alpha, alpha, 20, 10));
    }

    [Fact]
    public void Solve_InvalidOptions_Throw()
    {
        var rgb = new float[3 * 16];
        var alpha = new float[16];
        var trimap = new GrayImage(4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClosedFormMatting.Solve(rgb, trimap, alpha, alpha, 4, 4, new ClosedFormMattingOptions { Epsilon = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClosedFormMatting.Solve(rgb, trimap, alpha, alpha, 4, 4, new ClosedFormMattingOptions { PriorWeight = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClosedFormMatting.Solve(rgb, trimap, alpha, alpha, 4, 4, new ClosedFormMattingOptions { Tolerance = 2 }));
    }

    [Fact]
    public void Solve_Cancelled_StopsInsideTheIterations()
    {
        int w = 64, h = 48;
        var (rgb, _, trimap) = SoftDisc(w, h, 8, 20);
        var start = new float[w * h];
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ClosedFormMatting.Solve(rgb, trimap, start, start, w, h, null, cts.Token));
    }

    [Fact]
    public void Refine_Matting_WithATrimapOfAnotherSize_ThrowsMaskSizeMismatch()
    {
        var image = ImageBuffer.Filled(32, 24, new Rgba32(10, 20, 30));
        var coarse = new float[8 * 6];
        Assert.Throws<MaskSizeMismatchException>(() => MaskRefiner.Refine(image, coarse, 8, 6, MaskRefinement.Matting, new GrayImage(24, 32)));
    }

    [Fact]
    public void Refine_Matting_Cancelled_Throws()
    {
        var image = ImageBuffer.Filled(32, 24, new Rgba32(10, 20, 30));
        var coarse = new float[8 * 6];
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MaskRefiner.Refine(image, coarse, 8, 6, MaskRefinement.Matting, null, cts.Token));
    }

    [Fact]
    public void Refine_Matting_WithACallerTrimap_RecoversTheSoftEdge_WhereTheCoarseMaskIsBlind()
    {
        // The coarse mask says nothing (0.5 everywhere); the caller's trimap and the colours carry the answer.
        int w = 64, h = 48;
        var (rgb, truth, trimap) = SoftDisc(w, h, 8, 20);
        var image = new ImageBuffer(w, h);
        for (int i = 0; i < w * h; i++)
        {
            for (int c = 0; c < 3; c++) image.Pixels[4 * i + c] = (byte)Math.Round(rgb[c * w * h + i] * 255);
            image.Pixels[4 * i + 3] = 255;
        }
        var coarse = new float[8 * 6];
        Array.Fill(coarse, 0.5f);
        var alpha = MaskRefiner.Refine(image, coarse, 8, 6, MaskRefinement.Matting, trimap);
        double sad = 0;
        for (int i = 0; i < w * h; i++) sad += Math.Abs(alpha[i] - truth[i]);
        Assert.True(sad / (w * h) < 0.01, $"mean |alpha - truth| = {sad / (w * h):F4}");
    }

    [Fact]
    public void RemoveBackground_TrimapWithoutRefinement_IsRejected()
    {
        var op = new RemoveBackground { Trimap = new GrayImage(4, 4) };
        Assert.Throws<ArgumentException>(op.Validate);
        (op with { Refinement = MaskRefinement.Matting }).Validate();
    }

    [Fact]
    public async Task RemoveBackground_TrimapOfAnotherSize_ThrowsMaskSizeMismatch()
    {
        var image = ImageBuffer.Filled(64, 48, new Rgba32(200, 100, 50));
        var op = new RemoveBackground { Refinement = MaskRefinement.Matting, Trimap = new GrayImage(48, 64) };
        await Assert.ThrowsAsync<MaskSizeMismatchException>(() => fixture.Editor.EditAsync(new ImageEditRequest(image, op)));
    }

    [Fact]
    public void Matting_FromALowResolutionMask_BeatsBilinearAndGuided_OnASubset()
    {
        // The acceptance protocol on eight adobe-crops320 samples: coarse mask = ground truth at 1/8 (area), no
        // trimap (derived from the coarse mask). Matting must beat bilinear by >= 10 % on SAD and gradient error.
        var sad = new double[3];
        var grad = new double[3];
        MaskRefinement[] modes = [MaskRefinement.None, MaskRefinement.GuidedFilter, MaskRefinement.Matting];
        foreach (var path in Samples(8))
        {
            var image = TestData.Load(path);
            var truth = Channel(TestData.Load(path.Replace("_image.png", "_alpha.png")));
            var plane = new float[truth.Pixels.Length];
            PixelConversions.BytesToFloats(truth.Pixels, plane, 1f / 255f);
            int cw = image.Width / 8, ch = image.Height / 8;
            var coarse = Resampler.ResizePlane(plane, image.Width, image.Height, cw, ch, ResizeMode.Area);
            for (int m = 0; m < modes.Length; m++)
            {
                var mask = MaskRefiner.ToMask(MaskRefiner.Refine(image, coarse, cw, ch, modes[m]), image.Width, image.Height);
                sad[m] += MaskMetrics.Sad(mask, truth);
                grad[m] += MaskMetrics.GradientError(mask, truth);
            }
        }
        string report = $"SAD none/guided/matting {sad[0]:F3}/{sad[1]:F3}/{sad[2]:F3}, Grad {grad[0]:F3}/{grad[1]:F3}/{grad[2]:F3}";
        Assert.True(sad[2] < 0.9 * sad[0] && grad[2] < 0.9 * grad[0], report);
        Assert.True(sad[2] < sad[1], report);
    }

    private static IEnumerable<string> Samples(int count) =>
        Directory.GetDirectories(TestData.Eval("matting", "adobe-crops320")).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d, "*_image.png").Order(StringComparer.Ordinal)).Take(count);

    [Fact]
    public void Matting_WithTheDatasetTrimap_BeatsBilinear_OnASubset()
    {
        // Four adobe-crops320 samples; coarse mask = ground truth at 1/8 (a correct low-resolution model), trimap =
        // the dataset's. The full table over all crops and sources is the matting-eval harness.
        double sadNone = 0, sadMatting = 0, gradNone = 0, gradMatting = 0;
        foreach (var path in Samples(4))
        {
            var image = TestData.Load(path);
            var truth = Channel(TestData.Load(path.Replace("_image.png", "_alpha.png")));
            var trimap = Channel(TestData.Load(path.Replace("_image.png", "_trimap.png")));
            var plane = new float[truth.Pixels.Length];
            PixelConversions.BytesToFloats(truth.Pixels, plane, 1f / 255f);
            int cw = image.Width / 8, ch = image.Height / 8;
            var coarse = Resampler.ResizePlane(plane, image.Width, image.Height, cw, ch, ResizeMode.Area);
            var none = MaskRefiner.ToMask(MaskRefiner.Refine(image, coarse, cw, ch, MaskRefinement.None), image.Width, image.Height);
            var matting = MaskRefiner.ToMask(MaskRefiner.Refine(image, coarse, cw, ch, MaskRefinement.Matting, trimap), image.Width, image.Height);
            sadNone += MaskMetrics.Sad(none, truth);
            sadMatting += MaskMetrics.Sad(matting, truth);
            gradNone += MaskMetrics.GradientError(none, truth);
            gradMatting += MaskMetrics.GradientError(matting, truth);
        }
        Assert.True(sadMatting < 0.9 * sadNone, $"SAD none {sadNone:F3} matting {sadMatting:F3}");
        Assert.True(gradMatting < 0.8 * gradNone, $"Grad none {gradNone:F3} matting {gradMatting:F3}");
    }

    private static GrayImage Channel(ImageBuffer picture)
    {
        var gray = new GrayImage(picture.Width, picture.Height);
        PixelConversions.ExtractChannel(picture.Pixels, gray.Pixels, 0);
        return gray;
    }
}
