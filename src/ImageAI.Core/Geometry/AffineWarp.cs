using ImageAI.Imaging;

namespace ImageAI.Geometry;

/// <summary>
/// Resamples images through an affine map with bilinear interpolation and border replication (coordinates
/// outside the source take the nearest edge pixel), as face alignment and paste-back need.
/// </summary>
public static class AffineWarp
{
    /// <summary>
    /// Produces a <paramref name="width"/> x <paramref name="height"/> image whose pixel (x, y) is the source
    /// sampled at <c>destinationToSource(x, y)</c>. Colour is interpolated premultiplied by alpha, so transparent
    /// pixels do not bleed their hidden colour.
    /// </summary>
    public static ImageBuffer Warp(ImageBuffer source, AffineTransform destinationToSource, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var result = new ImageBuffer(width, height);
        int sw = source.Width, sh = source.Height;
        ReadOnlySpan<byte> src = source.Pixels;
        var dst = result.Pixels;
        var m = destinationToSource;
        for (int y = 0; y < height; y++)
        {
            // Walk the row incrementally: the map is affine, so each step adds (A, D).
            double fx = m.B * y + m.C, fy = m.E * y + m.F;
            int o = y * width * 4;
            for (int x = 0; x < width; x++, fx += m.A, fy += m.D, o += 4)
            {
                Sample(src, sw, sh, fx, fy, out int i00, out int i10, out int i01, out int i11, out float wx, out float wy);
                float w00 = (1 - wx) * (1 - wy), w10 = wx * (1 - wy), w01 = (1 - wx) * wy, w11 = wx * wy;
                float a00 = src[i00 + 3] * w00, a10 = src[i10 + 3] * w10, a01 = src[i01 + 3] * w01, a11 = src[i11 + 3] * w11;
                float alpha = a00 + a10 + a01 + a11;
                if (alpha <= 0f) { dst[o] = dst[o + 1] = dst[o + 2] = dst[o + 3] = 0; continue; }
                float inv = 1f / alpha;
                for (int c = 0; c < 3; c++)
                {
                    float v = (src[i00 + c] * a00 + src[i10 + c] * a10 + src[i01 + c] * a01 + src[i11 + c] * a11) * inv;
                    dst[o + c] = (byte)Math.Clamp((int)(v + 0.5f), 0, 255);
                }
                dst[o + 3] = (byte)Math.Clamp((int)(alpha + 0.5f), 0, 255);
            }
        }
        return result;
    }

    /// <summary>Warps an 8-bit mask the same way (bilinear, border replicate).</summary>
    public static GrayImage Warp(GrayImage source, AffineTransform destinationToSource, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        var plane = new float[source.Width * source.Height];
        ReadOnlySpan<byte> s = source.Pixels;
        for (int i = 0; i < plane.Length; i++) plane[i] = s[i];
        var warped = Warp(plane, source.Width, source.Height, destinationToSource, width, height);
        var result = new GrayImage(width, height);
        var d = result.Pixels;
        for (int i = 0; i < warped.Length; i++) d[i] = (byte)Math.Clamp((int)(warped[i] + 0.5f), 0, 255);
        return result;
    }

    /// <summary>Warps a float plane (bilinear, border replicate).</summary>
    public static float[] Warp(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, AffineTransform destinationToSource, int width, int height)
    {
        if (source.Length < sourceWidth * sourceHeight) throw new ArgumentException("The plane is smaller than its stated size.", nameof(source));
        var result = new float[width * height];
        var m = destinationToSource;
        for (int y = 0; y < height; y++)
        {
            double fx = m.B * y + m.C, fy = m.E * y + m.F;
            int o = y * width;
            for (int x = 0; x < width; x++, fx += m.A, fy += m.D)
            {
                Sample(source, sourceWidth, sourceHeight, fx, fy, out int i00, out int i10, out int i01, out int i11, out float wx, out float wy);
                result[o + x] = (source[i00] * (1 - wx) + source[i10] * wx) * (1 - wy) + (source[i01] * (1 - wx) + source[i11] * wx) * wy;
            }
        }
        return result;
    }

    /// <summary>
    /// The four neighbour indices (in pixels for planes; the RGBA overload multiplies by 4) and the fractional weights
    /// for a sample at (fx, fy), clamped to the image so the border is replicated.
    /// </summary>
    private static void Sample<T>(ReadOnlySpan<T> _, int w, int h, double fx, double fy,
        out int i00, out int i10, out int i01, out int i11, out float wx, out float wy)
    {
        int stride = typeof(T) == typeof(byte) ? 4 : 1;
        fx = Math.Clamp(fx, 0, w - 1);
        fy = Math.Clamp(fy, 0, h - 1);
        int x0 = (int)fx, y0 = (int)fy;
        int x1 = Math.Min(x0 + 1, w - 1), y1 = Math.Min(y0 + 1, h - 1);
        wx = (float)(fx - x0);
        wy = (float)(fy - y0);
        i00 = (y0 * w + x0) * stride; i10 = (y0 * w + x1) * stride;
        i01 = (y1 * w + x0) * stride; i11 = (y1 * w + x1) * stride;
    }
}
