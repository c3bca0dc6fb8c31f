using ImageAI.Imaging;

namespace ImageAI.Compositing;

/// <summary>Builds the straight-alpha subject layer (a cutout) from an image, its matte and optional estimated foreground colours.</summary>
public static class SubjectLayer
{
    /// <summary>
    /// RGBA cutout: alpha = matte x the image's own alpha; colour = the estimated foreground where the matte is
    /// fractional (when given, interleaved RGB 0..1), else the image's colour.
    /// </summary>
    public static ImageBuffer Build(ImageBuffer image, ReadOnlySpan<float> alpha, ReadOnlySpan<float> foreground = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        int n = (int)image.PixelCount;
        if (alpha.Length < n) throw new ArgumentException($"The alpha plane must hold {n} values.", nameof(alpha));
        bool useForeground = foreground.Length >= 3 * n;
        var result = image.Clone();
        var px = result.Pixels;
        for (int i = 0; i < n; i++)
        {
            float a = alpha[i];
            int matte = (int)(Math.Clamp(a, 0f, 1f) * 255f + 0.5f);
            int p = 4 * i;
            if (useForeground && matte < 255)
            {
                px[p] = (byte)(Math.Clamp(foreground[3 * i], 0f, 1f) * 255f + 0.5f);
                px[p + 1] = (byte)(Math.Clamp(foreground[3 * i + 1], 0f, 1f) * 255f + 0.5f);
                px[p + 2] = (byte)(Math.Clamp(foreground[3 * i + 2], 0f, 1f) * 255f + 0.5f);
            }
            px[p + 3] = (byte)((px[p + 3] * matte + 127) / 255);
        }
        return result;
    }
}
