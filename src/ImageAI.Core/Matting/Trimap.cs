using ImageAI.Imaging;

namespace ImageAI.Matting;

/// <summary>
/// A trimap from a coarse mask: definite foreground (255) where the mask stays above 0.5 after an erosion by
/// <c>band</c> pixels, definite background (0) where it stays below after a dilation, unknown (128) between, and
/// wherever the coarse mask itself is undecided. Erosion and dilation use box means (a square structuring
/// element), so the cost is O(N) for any band width.
/// </summary>
public static class Trimap
{
    /// <summary>Trimap value of definite background.</summary>
    public const byte Background = 0;
    /// <summary>Trimap value of the unknown band.</summary>
    public const byte Unknown = 128;
    /// <summary>Trimap value of definite foreground.</summary>
    public const byte Foreground = 255;

    /// <summary>Builds the trimap of a coarse mask (values 0..1, width x height).</summary>
    /// <param name="mask">Coarse foreground probability per pixel.</param>
    /// <param name="width">Mask width.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="band">Half-width of the unknown band in pixels (0 or more).</param>
    /// <param name="undecided">Mask values strictly between this and 1 minus this are unknown too.</param>
    public static GrayImage FromMask(ReadOnlySpan<float> mask, int width, int height, int band, float undecided = 0.05f)
    {
        if (band < 0) throw new ArgumentOutOfRangeException(nameof(band), band, "The trimap band must not be negative.");
        int n = width * height;
        if (mask.Length < n) throw new ArgumentException($"The mask must hold {n} values.", nameof(mask));
        var binary = new float[n];
        for (int i = 0; i < n; i++) binary[i] = mask[i] >= 0.5f ? 1f : 0f;
        var mean = BoxFilter.Mean(binary, width, height, band);
        var trimap = new GrayImage(width, height);
        var t = trimap.Pixels;
        for (int i = 0; i < n; i++)
        {
            bool eroded = mean[i] >= 1f - 1e-6f, dilated = mean[i] > 1e-6f;
            byte v = eroded ? Foreground : dilated ? Unknown : Background;
            if (mask[i] > undecided && mask[i] < 1 - undecided) v = Unknown;
            t[i] = v;
        }
        return trimap;
    }
}
