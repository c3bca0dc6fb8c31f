using ImageAI.Imaging;
using ImageAI.Metrics;

namespace ImageAI.Tests.Core;

public class MetricsTests
{
    [Fact]
    public void Psnr_of_a_uniform_error_of_one_grey_level()
    {
        var a = ImageBuffer.Filled(8, 8, new Rgba32(100, 100, 100));
        var b = ImageBuffer.Filled(8, 8, new Rgba32(101, 101, 101));
        Assert.Equal(1.0, ImageMetrics.Mse(a, b), 10);
        Assert.Equal(10 * Math.Log10(255.0 * 255.0), ImageMetrics.Psnr(a, b), 6); // 48.13 dB
        Assert.True(double.IsPositiveInfinity(ImageMetrics.Psnr(a, a)));
    }

    [Fact]
    public void Ssim_is_one_for_identical_and_lower_for_noisy_images()
    {
        var rng = new Random(1);
        var a = new ImageBuffer(64, 64);
        rng.NextBytes(a.Pixels);
        var b = a.Clone();
        for (int i = 0; i < b.Pixels.Length; i++) b.Pixels[i] = (byte)Math.Clamp(b.Pixels[i] + rng.Next(-80, 81), 0, 255);
        Assert.Equal(1.0, ImageMetrics.SsimY(a, a), 6);
        Assert.InRange(ImageMetrics.SsimY(a, b), 0.2, 0.95);
    }

    [Fact]
    public void Mask_metrics_on_a_hand_computed_case()
    {
        // Prediction: 4 pixels [255, 255, 0, 128]; truth: [255, 0, 0, 255].
        var p = new GrayImage(4, 1, [255, 255, 0, 128]);
        var t = new GrayImage(4, 1, [255, 0, 0, 255]);
        Assert.Equal(2.0 / 3.0, MaskMetrics.IoU(p, t), 10);            // 128 counts as foreground: inter {0,3}, union {0,1,3}
        Assert.Equal((255 + 127) / 255.0 / 1000.0, MaskMetrics.Sad(p, t), 10);
        Assert.Equal((1.0 + Math.Pow(127 / 255.0, 2)) / 4.0, MaskMetrics.Mse(p, t), 10);
        Assert.Equal(0.0, MaskMetrics.GradientError(t, t), 10);
        Assert.Equal((255 + 0 + 0 + 128) / (double)(255 + 255 + 0 + 255), MaskMetrics.SoftIoU(p, t), 10);
        Assert.Equal(1.0, MaskMetrics.SoftIoU(new GrayImage(2, 1), new GrayImage(2, 1)));
        Assert.True(MaskMetrics.GradientError(p, t) > 0);
    }

    [Fact]
    public void Gradient_of_a_unit_ramp_is_one()
    {
        // Alpha rising by 1/255 per pixel along x: the normalised derivative filter gives |grad| = 1/255 inside,
        // so two ramps of slope 1 and 2 differ by exactly 1/255 per pixel away from the borders.
        var ramp1 = new GrayImage(64, 16);
        var ramp2 = new GrayImage(64, 16);
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 64; x++) { ramp1.GetRow(y)[x] = (byte)x; ramp2.GetRow(y)[x] = (byte)(2 * x); }
        double error = MaskMetrics.GradientError(ramp1, ramp2) * 1000;
        // Interior pixels (away from the 5-pixel replicated border in x) contribute (1/255)^2 each.
        double interior = 16 * (64 - 2 * 5) * Math.Pow(1 / 255.0, 2);
        Assert.InRange(error, interior, interior * 1.25);
    }
}
