using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Watermarks;

/// <summary>
/// Gradient-magnitude maps used to find a watermark: a semi-transparent mark scales its own edges by its opacity
/// and adds them to the photo's, so matching edge maps with normalised cross-correlation finds it at any opacity.
/// </summary>
internal static class GradientFeatures
{
    /// <summary>
    /// Signed central differences of the RGB sum, x then y stacked in one array of 2*width*height (two planes side
    /// by side per row: [gx row | gy row]). Signed edges of a mark add up coherently while the photo's texture,
    /// whose edges have random signs, averages out in the correlation.
    /// </summary>
    public static float[] Magnitude(ImageBuffer image)
    {
        int w = image.Width, h = image.Height;
        var g = new float[2 * w * h];
        ReadOnlySpan<byte> px = image.Pixels;
        for (int y = 0; y < h; y++)
        {
            int ym = Math.Max(0, y - 1), yp = Math.Min(h - 1, y + 1);
            for (int x = 0; x < w; x++)
            {
                int xm = Math.Max(0, x - 1), xp = Math.Min(w - 1, x + 1);
                int a = (y * w + xm) * 4, b = (y * w + xp) * 4, c = (ym * w + x) * 4, d = (yp * w + x) * 4;
                float sx = 0, sy = 0;
                for (int k = 0; k < 3; k++) { sx += px[b + k] - px[a + k]; sy += px[d + k] - px[c + k]; }
                g[y * 2 * w + x] = sx;
                g[y * 2 * w + w + x] = sy;
            }
        }
        return g;
    }

    /// <summary>The template drawn at full strength over mid grey (so edges of both light and dark marks show).</summary>
    public static ImageBuffer OverGrey(ImageBuffer template)
    {
        var result = new ImageBuffer(template.Width, template.Height);
        ReadOnlySpan<byte> s = template.Pixels;
        var d = result.Pixels;
        int max = 1;
        for (int i = 3; i < s.Length; i += 4) max = Math.Max(max, s[i]);
        for (int i = 0; i < s.Length; i += 4)
        {
            float a = (float)s[i + 3] / max;
            for (int c = 0; c < 3; c++) d[i + c] = (byte)(a * s[i + c] + (1 - a) * 128 + 0.5f);
            d[i + 3] = 255;
        }
        return result;
    }

    /// <summary>Resizes the template (premultiplied) then draws it over grey and takes its gradient magnitude.</summary>
    public static float[] TemplateMagnitude(ImageBuffer template, int width, int height) =>
        Magnitude(OverGrey(template.Width == width && template.Height == height ? template : Resampler.Resize(template, width, height, ResizeMode.Bilinear)));
}
