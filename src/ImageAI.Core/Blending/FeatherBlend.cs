using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Blending;

/// <summary>Soft-edged pasting: a mask eroded and blurred into a 0..1 weight, then a linear blend of colour.</summary>
public static class FeatherBlend
{
    /// <summary>
    /// A feathered weight map (0..1) from a hard mask: the mask shrunk by <paramref name="radius"/> and blurred
    /// with a Gaussian of sigma = radius / 2, so the weight reaches 0 at about the original edge and 1 about
    /// 2*radius inside it.
    /// </summary>
    public static float[] Weights(GrayImage mask, float radius)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (!(radius >= 0)) throw new ArgumentOutOfRangeException(nameof(radius), radius, "The feather radius must not be negative.");
        int w = mask.Width, h = mask.Height;
        var plane = new float[w * h];
        PixelConversions.BytesToFloats(mask.Pixels, plane, 1f / 255f);
        if (radius < 0.5f) return plane;
        // Erode by thresholding a blurred copy: cheaper than a distance transform, and smooth.
        int r = (int)MathF.Ceiling(radius * 1.5f);
        var kernel = Filters.GaussianKernel(radius / 2.0, r);
        var blurred = Filters.SeparableSame(plane, w, h, kernel, kernel);
        for (int i = 0; i < plane.Length; i++) plane[i] = blurred[i] > 0.97f ? 1f : 0f;
        var weights = Filters.SeparableSame(plane, w, h, kernel, kernel);
        return weights;
    }

    /// <summary>
    /// Blends <paramref name="source"/> over <paramref name="destination"/> in place: RGB = dst + w*(src - dst);
    /// the destination's alpha is kept.
    /// </summary>
    public static void Blend(ImageBuffer source, ImageBuffer destination, ReadOnlySpan<float> weights)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Width != destination.Width || source.Height != destination.Height)
            throw new ArgumentException("Source and destination differ in size.", nameof(source));
        if (weights.Length != destination.Width * destination.Height)
            throw new ArgumentException("The weight map does not match the image size.", nameof(weights));
        ReadOnlySpan<byte> s = source.Pixels;
        var d = destination.Pixels;
        for (int i = 0, p = 0; i < weights.Length; i++, p += 4)
        {
            float a = weights[i];
            if (a <= 0f) continue;
            if (a >= 1f) { d[p] = s[p]; d[p + 1] = s[p + 1]; d[p + 2] = s[p + 2]; continue; }
            d[p] = (byte)(d[p] + a * (s[p] - d[p]) + 0.5f);
            d[p + 1] = (byte)(d[p + 1] + a * (s[p + 1] - d[p + 1]) + 0.5f);
            d[p + 2] = (byte)(d[p + 2] + a * (s[p + 2] - d[p + 2]) + 0.5f);
        }
    }
}
