using System.Buffers;
using ImageAI.Imaging;
using ImageAI.Morphology;

namespace ImageAI.Watermarks;

/// <summary>
/// Turns detected text regions into a mask of the text's strokes, not its boxes: inside each region the strokes are
/// the thin features that a grey-scale opening (bright text: top-hat) or closing (dark text: black-hat) with a window
/// wider than the strokes removes. The polarity is chosen per region from which response is stronger; the stroke
/// threshold is Otsu's on the response inside the region (with a floor against flat backgrounds). The mask is then
/// grown by a pixel or two for antialiased edges. A box mask would be 4-8x the text's area and inpainting it
/// repaints clean photo; this one follows the glyphs.
/// </summary>
public static class TextStrokeMask
{
    /// <summary>Responses below this (grey levels) are never strokes: flat backgrounds with a few noisy pixels.</summary>
    private const float MinContrast = 6f;

    /// <summary>The stroke mask (0/255) of the given regions, the image's size.</summary>
    /// <param name="image">The photo.</param>
    /// <param name="regions">Detected text regions in image pixels.</param>
    /// <param name="dilation">Grow the strokes by this many pixels (antialiased edges).</param>
    /// <param name="cancellationToken">Stops between regions.</param>
    public static GrayImage Build(ImageBuffer image, IReadOnlyList<TextRegion> regions, int dilation = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentOutOfRangeException.ThrowIfNegative(dilation);
        var mask = new GrayImage(image.Width, image.Height);
        foreach (var region in regions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AddRegion(image, region, mask);
        }
        return dilation > 0 ? MaskOps.Dilate(mask, dilation) : mask;
    }

    /// <summary>The window radius for a region: wider than the strokes of text whose line is <paramref name="regionHeight"/> tall.</summary>
    public static int WindowRadius(float regionHeight) => Math.Clamp((int)MathF.Round(0.12f * regionHeight), 2, 16);

    private static void AddRegion(ImageBuffer image, TextRegion region, GrayImage mask)
    {
        // Glyph extents (accents, descenders) can poke out of the unclipped box a little.
        var grown = region.Grow(2);
        int r = WindowRadius(region.Height);
        var b = grown.Bounds.Inflate(r, image.Width, image.Height);
        if (b.Width <= 0 || b.Height <= 0) return;
        int w = b.Width, h = b.Height, n = w * h;
        var pool = ArrayPool<float>.Shared;
        float[] luma = pool.Rent(n), open = pool.Rent(n), close = pool.Rent(n), tmp = pool.Rent(n);
        try
        {
            ReadOnlySpan<byte> px = image.Pixels;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    int p = ((b.Y + y) * image.Width + b.X + x) * 4;
                    luma[y * w + x] = 0.299f * px[p] + 0.587f * px[p + 1] + 0.114f * px[p + 2];
                }
            // Opening = max(min(L)), closing = min(max(L)), square window of radius r.
            MinMaxFilter(luma, tmp, w, h, r, max: false);
            MinMaxFilter(tmp, open, w, h, r, max: true);
            MinMaxFilter(luma, tmp, w, h, r, max: true);
            MinMaxFilter(tmp, close, w, h, r, max: false);

            // Polarity: the stronger mean response inside the region. Texture feeds both equally; strokes feed one.
            double top = 0, black = 0;
            int inside = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    if (!grown.Contains(b.X + x, b.Y + y)) continue;
                    int i = y * w + x;
                    top += luma[i] - open[i];
                    black += close[i] - luma[i];
                    inside++;
                }
            if (inside == 0) return;
            int polarity = top > 1.25 * black ? 1 : black > 1.25 * top ? -1 : 0;

            // Response per pixel (reuse tmp), then Otsu over the region's pixels.
            Span<int> histogram = stackalloc int[256];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    float t = luma[i] - open[i], k = close[i] - luma[i];
                    float v = polarity > 0 ? t : polarity < 0 ? k : Math.Max(t, k);
                    tmp[i] = v;
                    if (grown.Contains(b.X + x, b.Y + y)) histogram[Math.Clamp((int)v, 0, 255)]++;
                }
            float threshold = Math.Max(MinContrast, Otsu(histogram));
            var m = mask.Pixels;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (tmp[y * w + x] >= threshold && grown.Contains(b.X + x, b.Y + y))
                        m[(b.Y + y) * image.Width + b.X + x] = 255;
        }
        finally
        {
            pool.Return(luma); pool.Return(open); pool.Return(close); pool.Return(tmp);
        }
    }

    /// <summary>Otsu's threshold (maximum between-class variance) of a 256-bin histogram.</summary>
    public static float Otsu(ReadOnlySpan<int> histogram)
    {
        long total = 0;
        double sum = 0;
        for (int i = 0; i < histogram.Length; i++) { total += histogram[i]; sum += (double)i * histogram[i]; }
        if (total == 0) return 0;
        double sumB = 0, best = -1;
        long wB = 0;
        int threshold = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            wB += histogram[i];
            if (wB == 0) continue;
            long wF = total - wB;
            if (wF == 0) break;
            sumB += (double)i * histogram[i];
            double mB = sumB / wB, mF = (sum - sumB) / wF, between = (double)wB * wF * (mB - mF) * (mB - mF);
            if (between > best) { best = between; threshold = i; }
        }
        return threshold + 1;
    }

    /// <summary>Separable square min or max filter of radius r (clamped at the borders): src -> dst.</summary>
    private static void MinMaxFilter(float[] src, float[] dst, int w, int h, int r, bool max)
    {
        var row = ArrayPool<float>.Shared.Rent(w * h);
        try
        {
            for (int y = 0; y < h; y++)
            {
                var s = src.AsSpan(y * w, w);
                var d = row.AsSpan(y * w, w);
                for (int x = 0; x < w; x++)
                {
                    int x0 = Math.Max(0, x - r), x1 = Math.Min(w - 1, x + r);
                    float v = s[x0];
                    for (int k = x0 + 1; k <= x1; k++) v = max ? Math.Max(v, s[k]) : Math.Min(v, s[k]);
                    d[x] = v;
                }
            }
            for (int y = 0; y < h; y++)
            {
                int y0 = Math.Max(0, y - r), y1 = Math.Min(h - 1, y + r);
                var d = dst.AsSpan(y * w, w);
                row.AsSpan(y0 * w, w).CopyTo(d);
                for (int k = y0 + 1; k <= y1; k++)
                {
                    var s = row.AsSpan(k * w, w);
                    if (max) System.Numerics.Tensors.TensorPrimitives.Max(d, s, d);
                    else System.Numerics.Tensors.TensorPrimitives.Min(d, s, d);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(row);
        }
    }
}
