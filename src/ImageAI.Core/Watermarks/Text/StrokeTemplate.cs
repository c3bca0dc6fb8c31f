using System.Buffers;
using System.Numerics.Tensors;
using ImageAI.Imaging;

namespace ImageAI.Watermarks;

/// <summary>
/// The strokes of one detected text instance as a correlation template: inside the instance's rotated box (clipped to
/// the image where it was found), the fraction of each scale x scale block that the stroke mask covers. Matched against
/// a <see cref="StrokeResponse"/> map with normalised cross-correlation over the box only, so neighbouring text and the
/// photo outside the box do not count, and the text's opacity and contrast (a gain on the response) drop out.
/// Coordinates are in the scaled map: <see cref="X0"/>, <see cref="Y0"/> is the box's top-left where it was found.
/// </summary>
internal sealed class StrokeTemplate
{
    private readonly float[] _values;
    private readonly int[] _runStart, _runEnd;

    private StrokeTemplate(int x0, int y0, int width, int height, float[] values, int[] runStart, int[] runEnd)
    {
        X0 = x0; Y0 = y0; Width = width; Height = height;
        _values = values; _runStart = runStart; _runEnd = runEnd;
        double mass = 0;
        int count = 0;
        for (int v = 0; v < height; v++)
            for (int u = runStart[v]; u < runEnd[v]; u++) { mass += values[v * width + u]; count++; }
        StrokeMass = mass;
        Count = count;
    }

    /// <summary>Left of the box in the scaled map where the instance was found.</summary>
    public int X0 { get; }

    /// <summary>Top of the box in the scaled map where the instance was found.</summary>
    public int Y0 { get; }

    /// <summary>Box width (scaled pixels).</summary>
    public int Width { get; }

    /// <summary>Box height (scaled pixels).</summary>
    public int Height { get; }

    /// <summary>Pixels inside the rotated box.</summary>
    public int Count { get; }

    /// <summary>Sum of the stroke fractions (the number of stroke pixels, scaled).</summary>
    public double StrokeMass { get; }

    /// <summary>Row v's inside pixels are u in [RunStart(v), RunEnd(v)) (the box is convex).</summary>
    public int RunStart(int v) => _runStart[v];

    /// <summary>End (exclusive) of row v's inside pixels.</summary>
    public int RunEnd(int v) => _runEnd[v];

    /// <summary>The stroke fraction at (u, v) of the box.</summary>
    public float this[int u, int v] => _values[v * Width + u];

    /// <summary>
    /// The template of the strokes of <paramref name="mask"/> (0/255, the image's size) inside <paramref name="region"/>,
    /// sampled in blocks of <paramref name="scale"/> pixels; null when the region holds too little of the image.
    /// </summary>
    public static StrokeTemplate? Build(GrayImage mask, TextRegion region, int scale) => Build(mask, region, scale, default);

    /// <summary>
    /// As <see cref="Build(GrayImage, TextRegion, int)"/>, each stroke pixel weighted by <paramref name="weight"/> (the
    /// image's size; empty: 1): the strokes as strongly as they answer in the stroke response, so that where the
    /// mask was grown over background or over faint parts of the instance it does not blur the template.
    /// </summary>
    public static StrokeTemplate? Build(GrayImage mask, TextRegion region, int scale, ReadOnlySpan<float> weight)
    {
        var b = region.Bounds;
        int sx0 = FloorDiv(b.X, scale), sy0 = FloorDiv(b.Y, scale);
        int sx1 = FloorDiv(b.X + b.Width + scale - 1, scale), sy1 = FloorDiv(b.Y + b.Height + scale - 1, scale);
        int mw = mask.Width / scale, mh = mask.Height / scale;
        int w = sx1 - sx0, h = sy1 - sy0;
        if (w < 2 || h < 2) return null;
        var values = new float[w * h];
        var start = new int[h];
        var end = new int[h];
        double t = region.Angle * Math.PI / 180;
        float cos = (float)Math.Cos(t), sin = (float)Math.Sin(t), hw = region.Width / 2, hh = region.Height / 2;
        ReadOnlySpan<byte> m = mask.Pixels;
        float norm = 1f / (scale * scale);
        int inside = 0;
        for (int v = 0; v < h; v++)
        {
            int first = -1, last = -1;
            int my = sy0 + v;
            for (int u = 0; u < w; u++)
            {
                int mx = sx0 + u;
                if (mx < 0 || my < 0 || mx >= mw || my >= mh) continue;
                // The block's centre in image pixels.
                float dx = (mx + 0.5f) * scale - region.CenterX, dy = (my + 0.5f) * scale - region.CenterY;
                float along = dx * cos + dy * sin, across = -dx * sin + dy * cos;
                if (Math.Abs(along) > hw || Math.Abs(across) > hh) continue;
                if (first < 0) first = u;
                last = u;
                float sum = 0;
                for (int k = 0; k < scale; k++)
                {
                    int at = (my * scale + k) * mask.Width + mx * scale;
                    var row = m.Slice(at, scale);
                    if (weight.IsEmpty)
                    {
                        foreach (var p in row) if (p >= 128) sum++;
                    }
                    else
                    {
                        var wr = weight.Slice(at, scale);
                        for (int q = 0; q < scale; q++) if (row[q] >= 128) sum += wr[q];
                    }
                }
                values[v * w + u] = sum * norm;
            }
            // Convex shape: everything between the first and last inside block is inside.
            start[v] = first < 0 ? 0 : first;
            end[v] = first < 0 ? 0 : last + 1;
            inside += end[v] - start[v];
        }
        return inside < 8 ? null : new StrokeTemplate(sx0, sy0, w, h, values, start, end);
    }

    /// <summary>
    /// Normalised cross-correlation of the template placed with its top-left at (<paramref name="ox"/>, <paramref name="oy"/>)
    /// with <paramref name="map"/> (mapWidth x mapHeight), over the part of the box inside the map; also the fraction of
    /// the template's strokes that fall inside the map. Map variance below <paramref name="minVariance"/> per pixel is
    /// raised to it (a flat background's noise does not correlate by chance).
    /// </summary>
    public (float Ncc, float Visible) Correlate(ReadOnlySpan<float> map, int mapWidth, int mapHeight, int ox, int oy, float minVariance)
    {
        double n = 0, st = 0, stt = 0, sf = 0, sff = 0, stf = 0;
        for (int v = 0; v < Height; v++)
        {
            int y = oy + v;
            if (y < 0 || y >= mapHeight) continue;
            int u0 = Math.Max(_runStart[v], -ox), u1 = Math.Min(_runEnd[v], mapWidth - ox);
            if (u1 <= u0) continue;
            var f = map.Slice(y * mapWidth + ox + u0, u1 - u0);
            var tv = _values.AsSpan(v * Width + u0, u1 - u0);
            n += u1 - u0;
            st += TensorPrimitives.Sum(tv);
            stt += TensorPrimitives.Dot(tv, tv);
            sf += TensorPrimitives.Sum(f);
            sff += TensorPrimitives.Dot(f, f);
            stf += TensorPrimitives.Dot(tv, f);
        }
        if (n < 8 || StrokeMass <= 0) return (0, 0);
        double vt = stt - st * st / n, vf = Math.Max(sff - sf * sf / n, n * minVariance);
        float visible = (float)(st / StrokeMass);
        if (vt <= 1e-9) return (0, visible);
        return ((float)((stf - st * sf / n) / Math.Sqrt(vt * vf)), visible);
    }

    /// <summary>
    /// The correlation at every placement with the whole box inside the map: result[(oy * (mapWidth - Width + 1)) + ox],
    /// (mapWidth - Width + 1) x (mapHeight - Height + 1) values (rented; the caller returns it), or null when the box
    /// does not fit. Row-vectorised: each template pixel adds a weighted map row to the output row.
    /// </summary>
    public float[]? CorrelateAll(ReadOnlySpan<float> map, int mapWidth, int mapHeight, float minVariance, CancellationToken cancellationToken, out int outWidth, out int outHeight)
    {
        outWidth = mapWidth - Width + 1;
        outHeight = mapHeight - Height + 1;
        if (outWidth <= 0 || outHeight <= 0 || Count < 8) return null;
        double mean = StrokeMass / Count, vt = 0;
        var centred = new float[_values.Length];
        for (int v = 0; v < Height; v++)
            for (int u = _runStart[v]; u < _runEnd[v]; u++)
            {
                float c = (float)(_values[v * Width + u] - mean);
                centred[v * Width + u] = c;
                vt += c * c;
            }
        var pool = ArrayPool<float>.Shared;
        // Row prefix sums of the map and its square: the sums over each row's run in O(1).
        int pw = mapWidth + 1;
        float[] p1 = pool.Rent(pw * mapHeight), p2 = pool.Rent(pw * mapHeight);
        var result = pool.Rent(outWidth * outHeight);
        float[] s1 = pool.Rent(outWidth), s2 = pool.Rent(outWidth), tmp = pool.Rent(outWidth);
        try
        {
            for (int y = 0; y < mapHeight; y++)
            {
                var row = map.Slice(y * mapWidth, mapWidth);
                double a = 0, b = 0;
                p1[y * pw] = 0; p2[y * pw] = 0;
                for (int x = 0; x < mapWidth; x++)
                {
                    a += row[x]; b += row[x] * row[x];
                    p1[y * pw + x + 1] = (float)a;
                    p2[y * pw + x + 1] = (float)b;
                }
            }
            float n = Count, floor = n * minVariance;
            for (int oy = 0; oy < outHeight; oy++)
            {
                if ((oy & 15) == 0) cancellationToken.ThrowIfCancellationRequested();
                var cov = result.AsSpan(oy * outWidth, outWidth);
                cov.Clear();
                var sum1 = s1.AsSpan(0, outWidth);
                var sum2 = s2.AsSpan(0, outWidth);
                var t = tmp.AsSpan(0, outWidth);
                sum1.Clear(); sum2.Clear();
                for (int v = 0; v < Height; v++)
                {
                    int u0 = _runStart[v], u1 = _runEnd[v];
                    if (u1 <= u0) continue;
                    var mapRow = map.Slice((oy + v) * mapWidth, mapWidth);
                    for (int u = u0; u < u1; u++)
                    {
                        float c = centred[v * Width + u];
                        if (c != 0) TensorPrimitives.MultiplyAdd(mapRow.Slice(u, outWidth), c, cov, cov);
                    }
                    int r = (oy + v) * pw;
                    TensorPrimitives.Subtract(p1.AsSpan(r + u1, outWidth), p1.AsSpan(r + u0, outWidth), t);
                    TensorPrimitives.Add(sum1, t, sum1);
                    TensorPrimitives.Subtract(p2.AsSpan(r + u1, outWidth), p2.AsSpan(r + u0, outWidth), t);
                    TensorPrimitives.Add(sum2, t, sum2);
                }
                // ncc = cov / sqrt(vt * max(S2 - S1^2 / n, floor)).
                TensorPrimitives.Multiply(sum1, sum1, t);
                TensorPrimitives.Multiply(t, 1f / n, t);
                TensorPrimitives.Subtract(sum2, t, t);
                TensorPrimitives.Max(t, floor, t);
                TensorPrimitives.Multiply(t, (float)vt, t);
                TensorPrimitives.Sqrt(t, t);
                TensorPrimitives.Divide(cov, t, cov);
            }
            return result;
        }
        catch
        {
            pool.Return(result);
            throw;
        }
        finally
        {
            pool.Return(p1); pool.Return(p2); pool.Return(s1); pool.Return(s2); pool.Return(tmp);
        }
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
