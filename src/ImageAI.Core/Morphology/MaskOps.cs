using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Morphology;

/// <summary>
/// Binary mask operations used by inpainting and watermark removal. A pixel belongs to the mask when its value is
/// at least 128 (the convention of every operation here), so soft masks can be passed directly.
/// </summary>
public static class MaskOps
{
    /// <summary>The threshold at which a grey value counts as "in the mask".</summary>
    public const byte Threshold = 128;

    /// <summary>The number of mask pixels (value &gt;= 128).</summary>
    public static long Count(GrayImage mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        long n = 0;
        foreach (var v in mask.Pixels) if (v >= Threshold) n++;
        return n;
    }

    /// <summary>The fraction of the image the mask covers, 0..1.</summary>
    public static double AreaFraction(GrayImage mask) => (double)Count(mask) / ((long)mask.Width * mask.Height);

    /// <summary>A 0/255 copy of the mask.</summary>
    public static GrayImage Binarize(GrayImage mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var result = new GrayImage(mask.Width, mask.Height);
        var src = mask.Pixels;
        var dst = result.Pixels;
        for (int i = 0; i < src.Length; i++) dst[i] = src[i] >= Threshold ? (byte)255 : (byte)0;
        return result;
    }

    /// <summary>The smallest rectangle holding every mask pixel, or null for an empty mask.</summary>
    public static PixelRect? Bounds(GrayImage mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (int y = 0; y < mask.Height; y++)
        {
            var row = mask.GetRow(y);
            for (int x = 0; x < row.Length; x++)
            {
                if (row[x] < Threshold) continue;
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                y1 = y;
            }
        }
        return x1 < 0 ? null : new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /// <summary>
    /// Grows the mask by <paramref name="radius"/> pixels with a (near-)Euclidean disc, using a chamfer distance
    /// transform so the cost does not depend on the radius.
    /// </summary>
    public static GrayImage Dilate(GrayImage mask, int radius)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        if (radius == 0) return Binarize(mask);
        var distance = DistanceOutside(mask);
        var result = new GrayImage(mask.Width, mask.Height);
        var dst = result.Pixels;
        float limit = radius + 0.5f;
        for (int i = 0; i < dst.Length; i++) dst[i] = distance[i] <= limit ? (byte)255 : (byte)0;
        return result;
    }

    /// <summary>Shrinks the mask by <paramref name="radius"/> pixels (the dilation of the complement).</summary>
    public static GrayImage Erode(GrayImage mask, int radius)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var inverted = Invert(Binarize(mask));
        return Invert(Dilate(inverted, radius));
    }

    /// <summary>255 - value for every pixel.</summary>
    public static GrayImage Invert(GrayImage mask)
    {
        var result = mask.Clone();
        var p = result.Pixels;
        for (int i = 0; i < p.Length; i++) p[i] = (byte)(255 - p[i]);
        return result;
    }

    /// <summary>
    /// A soft edge for blending a filled region back: the mask stays 255 inside and falls off smoothly over about
    /// <paramref name="radius"/> pixels outside (Gaussian of the binary mask, never below the mask itself).
    /// </summary>
    public static GrayImage Feather(GrayImage mask, float radius)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        var binary = Binarize(mask);
        if (radius <= 0) return binary;
        int w = mask.Width, h = mask.Height;
        var plane = new float[w * h];
        var bin = binary.Pixels;
        for (int i = 0; i < plane.Length; i++) plane[i] = bin[i];
        float sigma = radius / 2f;
        var kernel = Filters.GaussianKernel(sigma, (int)MathF.Ceiling(radius));
        var blurred = Filters.SeparableSame(plane, w, h, kernel, kernel);
        for (int i = 0; i < bin.Length; i++)
        {
            // Scale so the falloff starts at the mask edge (the blur halves the edge value).
            float v = bin[i] == 255 ? 255f : Math.Min(255f, blurred[i] * 2f);
            bin[i] = (byte)Math.Clamp((int)(v + 0.5f), 0, 255);
        }
        return binary;
    }

    /// <summary>A mask with the given rectangles filled (clipped to the image).</summary>
    public static GrayImage FromRectangles(int width, int height, IEnumerable<PixelRect> rectangles)
    {
        ArgumentNullException.ThrowIfNull(rectangles);
        var mask = new GrayImage(width, height);
        foreach (var r in rectangles)
        {
            int x0 = Math.Max(0, r.X), y0 = Math.Max(0, r.Y);
            int x1 = Math.Min(width, r.X + r.Width), y1 = Math.Min(height, r.Y + r.Height);
            for (int y = y0; y < y1; y++) mask.GetRow(y)[x0..x1].Fill(255);
        }
        return mask;
    }

    /// <summary>Pixel-wise maximum of two masks of the same size.</summary>
    public static GrayImage Union(GrayImage a, GrayImage b)
    {
        b.EnsureSameSize(a.Width, a.Height);
        var result = a.Clone();
        var r = result.Pixels;
        var q = b.Pixels;
        for (int i = 0; i < r.Length; i++) if (q[i] > r[i]) r[i] = q[i];
        return result;
    }

    /// <summary>
    /// Chamfer (3-4) distance in pixels from every pixel to the nearest mask pixel (0 inside the mask): two raster
    /// passes, within about 8% of the Euclidean distance.
    /// </summary>
    public static float[] DistanceOutside(GrayImage mask)
    {
        int w = mask.Width, h = mask.Height;
        const int Inf = int.MaxValue / 4;
        var d = new int[w * h];
        var m = mask.Pixels;
        for (int i = 0; i < d.Length; i++) d[i] = m[i] >= Threshold ? 0 : Inf;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x, v = d[i];
                if (v == 0) continue;
                if (x > 0) v = Math.Min(v, d[i - 1] + 3);
                if (y > 0)
                {
                    v = Math.Min(v, d[i - w] + 3);
                    if (x > 0) v = Math.Min(v, d[i - w - 1] + 4);
                    if (x < w - 1) v = Math.Min(v, d[i - w + 1] + 4);
                }
                d[i] = v;
            }
        for (int y = h - 1; y >= 0; y--)
            for (int x = w - 1; x >= 0; x--)
            {
                int i = y * w + x, v = d[i];
                if (v == 0) continue;
                if (x < w - 1) v = Math.Min(v, d[i + 1] + 3);
                if (y < h - 1)
                {
                    v = Math.Min(v, d[i + w] + 3);
                    if (x < w - 1) v = Math.Min(v, d[i + w + 1] + 4);
                    if (x > 0) v = Math.Min(v, d[i + w - 1] + 4);
                }
                d[i] = v;
            }
        var result = new float[w * h];
        for (int i = 0; i < d.Length; i++) result[i] = d[i] >= Inf ? float.PositiveInfinity : d[i] / 3f;
        return result;
    }
}
