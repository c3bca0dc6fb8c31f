using ImageAI.Imaging;
using ImageAI.Matting;

namespace ImageAI.Processing;

/// <summary>
/// Gaussian blur approximated by three successive box means (widths chosen so their variance matches the
/// Gaussian's), O(N) whatever the sigma, so a 12 MP portrait-mode background with a large radius stays fast.
/// </summary>
public static class GaussianBlur
{
    /// <summary>Blurs a plane in place.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Sigma is negative or not finite.</exception>
    public static void BlurPlane(Span<float> plane, int width, int height, double sigma)
    {
        if (!(sigma >= 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The blur sigma must not be negative.");
        if (sigma < 0.3) return;
        var scratch = new float[width * height];
        foreach (int r in BoxRadii(sigma))
        {
            BoxFilter.Mean(plane, scratch, width, height, r);
            scratch.AsSpan().CopyTo(plane);
        }
    }

    /// <summary>A blurred copy of an image (all four channels).</summary>
    public static ImageBuffer Blur(ImageBuffer image, double sigma)
    {
        int n = (int)image.PixelCount;
        var result = new ImageBuffer(image.Width, image.Height);
        var plane = new float[n];
        var bytes = new byte[n];
        for (int c = 0; c < 4; c++)
        {
            PixelConversions.ExtractChannel(image.Pixels, bytes, c);
            PixelConversions.BytesToFloats(bytes, plane);
            BlurPlane(plane, image.Width, image.Height, sigma);
            PixelConversions.FloatsToBytes(plane, bytes);
            PixelConversions.InsertChannel(bytes, result.Pixels, c);
        }
        return result;
    }

    /// <summary>Radii of three box filters whose combined variance is about sigma^2 (box of width w has variance (w^2-1)/12).</summary>
    internal static int[] BoxRadii(double sigma)
    {
        const int passes = 3;
        double ideal = Math.Sqrt(12 * sigma * sigma / passes + 1);
        int lower = (int)Math.Floor(ideal);
        if (lower % 2 == 0) lower--;
        int upper = lower + 2;
        double m = Math.Round((12 * sigma * sigma - passes * lower * lower - 4.0 * passes * lower - 3 * passes) / (-4.0 * lower - 4));
        var radii = new int[passes];
        for (int i = 0; i < passes; i++) radii[i] = ((i < m ? lower : upper) - 1) / 2;
        return radii;
    }
}
