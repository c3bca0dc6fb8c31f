using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Tests.Infrastructure;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

public class BatchEstimationTests
{
    [Fact]
    public void A_batch_of_one_is_rejected_with_the_reason()
    {
        var ex = Assert.Throws<ArgumentException>(() => WatermarkEstimator.Estimate([new ImageBuffer(10, 10)]));
        Assert.Contains("at least 2", ex.Message);
        Assert.Throws<ArgumentException>(() => WatermarkEstimator.Estimate([new ImageBuffer(10, 10), new ImageBuffer(11, 10)]));
    }

    [Fact]
    public void Estimates_the_shared_mark_from_twelve_photos_and_reduces_it()
    {
        var logo = TestData.Load(TestData.Eval("watermark", "logos", "translucence", "10.png"));
        var layer = WatermarkLayer.FromTemplate(logo, 150, 180, 200, (int)Math.Round(200.0 * logo.Height / logo.Width), 0.5);
        var photos = Enumerable.Range(1, 12).Select(i => InpaintingTests.Kodak($"kodim{i:D2}.png")).ToList();
        var marked = photos.Select(layer.BlendOnto).ToList();
        var estimate = WatermarkEstimator.Estimate(marked);
        // The estimated layer covers the true mark.
        var region = MaskOps.Dilate(layer.ToMask(500, 500), 2);
        var truth = layer.ToMask(500, 500, 0.1f);
        var found = estimate.ToMask(500, 500, 0.01f);
        long inside = 0;
        for (int i = 0; i < truth.Pixels.Length; i++) if (truth.Pixels[i] == 255 && found.Pixels[i] == 255) inside++;
        Assert.True(inside >= 0.8 * MaskOps.Count(truth), $"estimate covers {inside} of {MaskOps.Count(truth)} mark pixels");
        for (int i = 0; i < 3; i++)
        {
            var removed = estimate.Invert(marked[i], 0.9).Image;
            double before = InpaintingTests.RegionPsnr(marked[i], photos[i], region), after = InpaintingTests.RegionPsnr(removed, photos[i], region);
            Assert.True(after > before + 2, $"photo {i}: {before:F1} -> {after:F1} dB");
        }
    }

    [Fact]
    public void Twelve_photos_at_opacity_0_7_are_recovered_to_30_dB_without_the_logo()
    {
        // The first estimate alone (regression against fast-marching guesses) gave about 22 dB here; the
        // gradient-regression refinement brings it above 30 dB (measured 31.7-33 dB).
        var logo = TestData.Load(TestData.Eval("watermark", "logos", "translucence", "6.png"));
        var layer = WatermarkLayer.FromTemplate(logo, 150, 180, 200, (int)Math.Round(200.0 * logo.Height / logo.Width), 0.7);
        var photos = Enumerable.Range(1, 12).Select(i => InpaintingTests.Kodak($"kodim{i:D2}.png")).ToList();
        var marked = photos.Select(layer.BlendOnto).ToList();
        var estimate = WatermarkEstimator.Estimate(marked);
        var region = MaskOps.Dilate(layer.ToMask(500, 500), 2);
        foreach (int i in new[] { 0, 4, 9 })
        {
            var removed = KnownWatermarkRemover.RemoveLayer(marked[i], estimate, new TemplateMatch(estimate.X, estimate.Y, estimate.Width, estimate.Height, 1, 1, 0), new KnownWatermarkOptions());
            double after = InpaintingTests.RegionPsnr(removed.Image, photos[i], region);
            Assert.True(after >= 30, $"photo {i + 1}: {after:F1} dB");
        }
    }
}
