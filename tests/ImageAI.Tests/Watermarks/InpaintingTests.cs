using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Metrics;
using ImageAI.Morphology;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Watermarks;

public class InpaintingTests
{
    internal static ImageBuffer Kodak(string name) => TestData.Load(TestData.Eval("general", "kodak24", name));

    internal static double RegionPsnr(ImageBuffer a, ImageBuffer b, GrayImage region)
    {
        double sum = 0; long n = 0;
        var pa = a.Pixels; var pb = b.Pixels; var m = region.Pixels;
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] < 128) continue;
            for (int c = 0; c < 3; c++) { double d = pa[i * 4 + c] - pb[i * 4 + c]; sum += d * d; }
            n += 3;
        }
        return ImageMetrics.PsnrFromMse(sum / n);
    }

    [Theory]
    [InlineData(InpaintEngine.PatchMatch)]
    [InlineData(InpaintEngine.Telea)]
    public void Fills_only_the_hole_and_keeps_alpha(InpaintEngine engine)
    {
        var image = Kodak("kodim03.png");
        for (int i = 3; i < image.Pixels.Length; i += 8) image.Pixels[i] = 200; // some transparency to keep
        var mask = MaskOps.FromRectangles(image.Width, image.Height, [new PixelRect(330, 80, 30, 12)]);
        var damaged = image.Clone();
        foreach (var y in Enumerable.Range(80, 12)) damaged.GetRow(y).Slice(330 * 4, 30 * 4).Fill(0);
        var result = ClassicalInpainter.Inpaint(damaged, mask, engine);
        for (int i = 0; i < mask.Pixels.Length; i++)
        {
            if (mask.Pixels[i] >= 128) continue;
            for (int c = 0; c < 4; c++) Assert.Equal(damaged.Pixels[i * 4 + c], result.Pixels[i * 4 + c]);
        }
        for (int i = 3; i < result.Pixels.Length; i += 4) Assert.Equal(damaged.Pixels[i], result.Pixels[i]);
        double before = RegionPsnr(damaged, image, mask), after = RegionPsnr(result, image, mask);
        Assert.True(after > before + 12, $"{engine}: {before:F1} -> {after:F1} dB");
    }

    [Fact]
    public void PatchMatch_continues_a_stripe_texture_better_than_Telea()
    {
        // Vertical stripes, period 8: exemplar copying reproduces them, diffusion blurs them.
        var image = new ImageBuffer(160, 120);
        for (int y = 0; y < 120; y++)
            for (int x = 0; x < 160; x++)
            {
                byte v = (x / 4) % 2 == 0 ? (byte)220 : (byte)40;
                var p = image.GetRow(y).Slice(x * 4, 4);
                p[0] = v; p[1] = (byte)(v / 2); p[2] = 30; p[3] = 255;
            }
        var mask = MaskOps.FromRectangles(160, 120, [new PixelRect(60, 40, 30, 30)]);
        var pm = ClassicalInpainter.Inpaint(image, mask, InpaintEngine.PatchMatch);
        var telea = ClassicalInpainter.Inpaint(image, mask, InpaintEngine.Telea);
        double pPm = RegionPsnr(pm, image, mask), pTelea = RegionPsnr(telea, image, mask);
        Assert.True(pPm > pTelea + 3, $"PatchMatch {pPm:F1} dB vs Telea {pTelea:F1} dB");
        Assert.True(pPm > 25, $"PatchMatch {pPm:F1} dB");
    }

    [Fact]
    public void Red_stays_red()
    {
        var image = ImageBuffer.Filled(64, 64, new Rgba32(230, 20, 10));
        var mask = MaskOps.FromRectangles(64, 64, [new PixelRect(20, 20, 20, 20)]);
        foreach (var engine in new[] { InpaintEngine.PatchMatch, InpaintEngine.Telea })
        {
            var result = ClassicalInpainter.Inpaint(image, mask, engine);
            var p = result.GetRow(30).Slice(30 * 4, 4);
            Assert.True(p[0] > 200 && p[2] < 40, $"{engine}: {p[0]},{p[1]},{p[2]}");
        }
    }

    [Fact]
    public void Bad_masks_are_rejected_or_no_op()
    {
        var image = new ImageBuffer(32, 32);
        Assert.Throws<MaskSizeMismatchException>(() => ClassicalInpainter.Inpaint(image, new GrayImage(31, 32)));
        var same = ClassicalInpainter.Inpaint(image, new GrayImage(32, 32));
        Assert.Equal(image.PixelArray, same.PixelArray);
        Assert.Throws<ArgumentException>(() => ClassicalInpainter.Inpaint(image, new GrayImage(32, 32), InpaintEngine.Lama));
    }

    [Fact]
    public void Cancellation_stops_PatchMatch()
    {
        var image = Kodak("kodim01.png");
        var mask = MaskOps.FromRectangles(image.Width, image.Height, [new PixelRect(100, 100, 150, 150)]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ClassicalInpainter.Inpaint(image, mask, InpaintEngine.PatchMatch, cancellationToken: cts.Token));
    }
}
