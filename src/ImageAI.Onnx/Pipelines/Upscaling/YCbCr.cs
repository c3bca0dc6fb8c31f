namespace ImageAI.Onnx.Pipelines.Upscaling;

/// <summary>Full-range BT.601 YCbCr (as JPEG and PIL use it, the space sub-pixel CNN was trained in), on 0..1 planes.</summary>
internal static class YCbCr
{
    /// <summary>Planar RGB to planar Y, Cb, Cr (chroma centred on 0.5).</summary>
    public static void FromRgb(ReadOnlySpan<float> rgb, Span<float> ycc, int plane)
    {
        var r = rgb[..plane]; var g = rgb.Slice(plane, plane); var b = rgb.Slice(2 * plane, plane);
        var y = ycc[..plane]; var cb = ycc.Slice(plane, plane); var cr = ycc.Slice(2 * plane, plane);
        for (int i = 0; i < plane; i++)
        {
            float R = r[i], G = g[i], B = b[i];
            y[i] = 0.299f * R + 0.587f * G + 0.114f * B;
            cb[i] = 0.5f - 0.168736f * R - 0.331264f * G + 0.5f * B;
            cr[i] = 0.5f + 0.5f * R - 0.418688f * G - 0.081312f * B;
        }
    }

    /// <summary>Y, Cb, Cr planes to planar RGB in <paramref name="rgb"/> (which may hold Y in its first plane).</summary>
    public static void ToRgb(ReadOnlySpan<float> y, ReadOnlySpan<float> cb, ReadOnlySpan<float> cr, Span<float> rgb, int plane)
    {
        var r = rgb[..plane]; var g = rgb.Slice(plane, plane); var b = rgb.Slice(2 * plane, plane);
        for (int i = 0; i < plane; i++)
        {
            float Y = y[i], u = cb[i] - 0.5f, v = cr[i] - 0.5f;
            r[i] = Y + 1.402f * v;
            g[i] = Y - 0.344136f * u - 0.714136f * v;
            b[i] = Y + 1.772f * u;
        }
    }
}
