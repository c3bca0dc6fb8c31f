using System.Numerics.Tensors;
using ImageAI.Imaging;

using ImageAI.Processing;

namespace ImageAI.Metrics;

/// <summary>Full-reference image quality: MSE, PSNR and SSIM, on RGB or on the luma (Y) channel.</summary>
public static class ImageMetrics
{
    /// <summary>Mean squared error over R, G and B (alpha ignored), in 0..255 units.</summary>
    public static double Mse(ImageBuffer a, ImageBuffer b)
    {
        EnsureSameSize(a.Width, a.Height, b.Width, b.Height);
        ReadOnlySpan<byte> pa = a.Pixels, pb = b.Pixels;
        long sum = 0;
        for (int i = 0; i < pa.Length; i += 4)
        {
            int dr = pa[i] - pb[i], dg = pa[i + 1] - pb[i + 1], db = pa[i + 2] - pb[i + 2];
            sum += dr * dr + dg * dg + db * db;
        }
        return sum / (3.0 * a.PixelCount);
    }

    /// <summary>Mean squared error of two float planes.</summary>
    public static double Mse(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Planes differ in size.");
        double sum = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; sum += d * d; }
        return sum / a.Length;
    }

    /// <summary>Peak signal-to-noise ratio in dB from an MSE (peak 255); +infinity for identical images.</summary>
    public static double PsnrFromMse(double mse, double peak = 255) => mse <= 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);

    /// <summary>PSNR over R, G and B.</summary>
    public static double Psnr(ImageBuffer a, ImageBuffer b) => PsnrFromMse(Mse(a, b));

    /// <summary>PSNR on the luma channel (ITU-R BT.601 Y, 16..235 as in the super-resolution literature).</summary>
    /// <param name="a">One image.</param>
    /// <param name="b">The other image, of the same size.</param>
    /// <param name="border">Pixels to ignore at each edge (super-resolution papers crop the scale factor).</param>
    public static double PsnrY(ImageBuffer a, ImageBuffer b, int border = 0)
    {
        var ya = Crop(Luma(a), a.Width, a.Height, border, out int w, out int h);
        var yb = Crop(Luma(b), b.Width, b.Height, border, out _, out _);
        _ = w; _ = h;
        return PsnrFromMse(Mse(ya, yb));
    }

    /// <summary>SSIM on the luma channel (Gaussian window 11, sigma 1.5, K1 0.01, K2 0.03).</summary>
    public static double SsimY(ImageBuffer a, ImageBuffer b, int border = 0)
    {
        EnsureSameSize(a.Width, a.Height, b.Width, b.Height);
        var ya = Crop(Luma(a), a.Width, a.Height, border, out int w, out int h);
        var yb = Crop(Luma(b), b.Width, b.Height, border, out _, out _);
        return Ssim(ya, yb, w, h);
    }

    /// <summary>Mean SSIM of two planes in 0..255 units (Wang et al. 2004, Gaussian window, valid region).</summary>
    public static double Ssim(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int width, int height)
    {
        if (a.Length != width * height || b.Length != width * height) throw new ArgumentException("Planes differ in size.");
        const double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
        int n = width * height;
        var aa = new float[n]; var bb = new float[n]; var ab = new float[n];
        TensorPrimitives.Multiply(a, a, aa);
        TensorPrimitives.Multiply(b, b, bb);
        TensorPrimitives.Multiply(a, b, ab);
        var kernel = Filters.GaussianKernel(1.5, 5);
        var ma = Filters.SeparableValid(a, width, height, kernel, out int vw, out int vh);
        var mb = Filters.SeparableValid(b, width, height, kernel, out _, out _);
        var saa = Filters.SeparableValid(aa, width, height, kernel, out _, out _);
        var sbb = Filters.SeparableValid(bb, width, height, kernel, out _, out _);
        var sab = Filters.SeparableValid(ab, width, height, kernel, out _, out _);
        if (vw <= 0 || vh <= 0) throw new ArgumentException("Images are smaller than the 11x11 SSIM window.");
        double total = 0;
        for (int i = 0; i < ma.Length; i++)
        {
            double mx = ma[i], my = mb[i];
            double vx = saa[i] - mx * mx, vy = sbb[i] - my * my, cxy = sab[i] - mx * my;
            total += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        }
        return total / ma.Length;
    }

    /// <summary>The luma plane, Y = 16 + (65.481 R + 128.553 G + 24.966 B) / 255 (BT.601, as MATLAB's rgb2ycbcr).</summary>
    public static float[] Luma(ImageBuffer image)
    {
        var y = new float[image.PixelCount];
        ReadOnlySpan<byte> p = image.Pixels;
        for (int i = 0, j = 0; i < y.Length; i++, j += 4)
            y[i] = 16f + (65.481f * p[j] + 128.553f * p[j + 1] + 24.966f * p[j + 2]) / 255f;
        return y;
    }

    private static float[] Crop(float[] plane, int width, int height, int border, out int w, out int h)
    {
        w = width - 2 * border; h = height - 2 * border;
        if (border == 0) return plane;
        if (w <= 0 || h <= 0) throw new ArgumentException("Border larger than the image.");
        var result = new float[w * h];
        for (int y = 0; y < h; y++) plane.AsSpan((y + border) * width + border, w).CopyTo(result.AsSpan(y * w, w));
        return result;
    }

    internal static void EnsureSameSize(int w1, int h1, int w2, int h2)
    {
        if (w1 != w2 || h1 != h2) throw new ArgumentException($"Images differ in size: {w1}x{h1} vs {w2}x{h2}.");
    }
}
