using System.Buffers;

namespace ImageAI.Watermarks;

/// <summary>
/// Differentiable-binarisation (DB) post-processing of a text detector's probability map: binarise, find the
/// connected components (8-connected), score each by its mean probability, fit the minimum-area rotated rectangle,
/// and grow it back ("unclip": the network predicts shrunk kernels) by area x ratio / perimeter, as in DB
/// (Liao et al., AAAI 2020). Overlapping regions are suppressed (non-maximum suppression on their boxes).
/// </summary>
public static class DbPostProcessor
{
    /// <summary>
    /// Regions in the map's pixel coordinates multiplied by (<paramref name="scaleX"/>, <paramref name="scaleY"/>),
    /// highest score first.
    /// </summary>
    /// <param name="probability">Text probability per map pixel, row-major, width x height values.</param>
    /// <param name="width">Map width.</param>
    /// <param name="height">Map height.</param>
    /// <param name="options">Thresholds, unclip ratio, minimum size.</param>
    /// <param name="scaleX">Map-to-image scale in x (image width / map width).</param>
    /// <param name="scaleY">Map-to-image scale in y.</param>
    /// <param name="cancellationToken">Stops between components.</param>
    public static List<TextRegion> Extract(ReadOnlySpan<float> probability, int width, int height, TextDetectionOptions options,
        float scaleX = 1, float scaleY = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (probability.Length < width * height) throw new ArgumentException($"A {width}x{height} map needs {width * height} values.", nameof(probability));
        int n = width * height;
        var visited = ArrayPool<bool>.Shared.Rent(n);
        var stack = ArrayPool<int>.Shared.Rent(n);
        var members = ArrayPool<int>.Shared.Rent(n);
        var regions = new List<TextRegion>();
        var corners = new List<(float X, float Y)>();
        try
        {
            Array.Clear(visited, 0, n);
            float threshold = options.BinaryThreshold;
            for (int start = 0; start < n; start++)
            {
                if (visited[start] || probability[start] <= threshold) continue;
                cancellationToken.ThrowIfCancellationRequested();
                // Flood fill one 8-connected component.
                int count = 0, top = 0;
                double sum = 0;
                stack[top++] = start;
                visited[start] = true;
                while (top > 0)
                {
                    int p = stack[--top];
                    members[count++] = p;
                    sum += probability[p];
                    int px = p % width, py = p / width;
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        int y = py + dy;
                        if ((uint)y >= (uint)height) continue;
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int x = px + dx;
                            if ((uint)x >= (uint)width) continue;
                            int q = y * width + x;
                            if (visited[q] || probability[q] <= threshold) continue;
                            visited[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
                float score = (float)(sum / count);
                if (score < options.BoxThreshold) continue;
                // The component's outline: the corners of its boundary pixels (pixel (x, y) spans [x, x+1) x [y, y+1)).
                corners.Clear();
                for (int i = 0; i < count; i++)
                {
                    int p = members[i], x = p % width, y = p / width;
                    if (IsInterior(probability, width, height, x, y, threshold)) continue;
                    corners.Add((x, y)); corners.Add((x + 1, y)); corners.Add((x, y + 1)); corners.Add((x + 1, y + 1));
                }
                var rect = MinAreaRect(corners);
                if (Math.Min(rect.Width, rect.Height) < 1) continue;
                float w = rect.Width, h = rect.Height;
                float offset = options.UnclipRatio * w * h / (2 * (w + h));
                rect = rect with { Width = w + 2 * offset, Height = h + 2 * offset, Score = score };
                if (Math.Min(rect.Width, rect.Height) < options.MinBoxSide) continue;
                regions.Add(Scale(rect, scaleX, scaleY));
            }
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(visited);
            ArrayPool<int>.Shared.Return(stack);
            ArrayPool<int>.Shared.Return(members);
        }
        regions.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = Suppress(regions, 0.7f);
        if (kept.Count > options.MaxRegions) kept.RemoveRange(options.MaxRegions, kept.Count - options.MaxRegions);
        return kept;
    }

    /// <summary>
    /// Non-maximum suppression for regions sorted by score: a region is dropped when its box overlaps a kept one by
    /// more than <paramref name="overlap"/> of the smaller box (duplicates from overlapping tiles or passes).
    /// </summary>
    public static List<TextRegion> Suppress(IReadOnlyList<TextRegion> sorted, float overlap)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var kept = new List<TextRegion>();
        foreach (var r in sorted)
        {
            bool duplicate = false;
            foreach (var k in kept)
                if (BoxOverlap(r, k) > overlap) { duplicate = true; break; }
            if (!duplicate) kept.Add(r);
        }
        return kept;
    }

    /// <summary>The intersection of two regions' axis-aligned boxes as a fraction of the smaller box (0 when either is empty).</summary>
    public static double BoxOverlap(TextRegion first, TextRegion second)
    {
        var a = first.Bounds;
        var b = second.Bounds;
        long ix = Math.Max(0, Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X));
        long iy = Math.Max(0, Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y));
        long smaller = Math.Min((long)a.Width * a.Height, (long)b.Width * b.Height);
        return smaller > 0 ? (double)(ix * iy) / smaller : 0;
    }

    /// <summary>
    /// The minimum-area rectangle around a point set (rotating calipers over the convex hull's edges), with its width
    /// the longer side and its angle in (-90, 90].
    /// </summary>
    public static TextRegion MinAreaRect(IReadOnlyList<(float X, float Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) return default;
        var hull = ConvexHull(points);
        if (hull.Count == 1) return new TextRegion(hull[0].X, hull[0].Y, 0, 0, 0, 0);
        double bestArea = double.MaxValue, bestAngle = 0, bu0 = 0, bu1 = 0, bv0 = 0, bv1 = 0;
        for (int i = 0; i < hull.Count; i++)
        {
            var p = hull[i];
            var q = hull[(i + 1) % hull.Count];
            double ex = q.X - p.X, ey = q.Y - p.Y, len = Math.Sqrt(ex * ex + ey * ey);
            if (len < 1e-9) continue;
            double ux = ex / len, uy = ey / len;
            double u0 = double.MaxValue, u1 = double.MinValue, v0 = double.MaxValue, v1 = double.MinValue;
            foreach (var h in hull)
            {
                double u = h.X * ux + h.Y * uy, v = -h.X * uy + h.Y * ux;
                u0 = Math.Min(u0, u); u1 = Math.Max(u1, u);
                v0 = Math.Min(v0, v); v1 = Math.Max(v1, v);
            }
            double area = (u1 - u0) * (v1 - v0);
            if (area < bestArea - 1e-9)
            {
                (bestArea, bestAngle, bu0, bu1, bv0, bv1) = (area, Math.Atan2(uy, ux), u0, u1, v0, v1);
            }
        }
        double cu = (bu0 + bu1) / 2, cv = (bv0 + bv1) / 2, c = Math.Cos(bestAngle), s = Math.Sin(bestAngle);
        double cx = cu * c - cv * s, cy = cu * s + cv * c;
        double w = bu1 - bu0, hgt = bv1 - bv0, deg = bestAngle * 180 / Math.PI;
        if (hgt > w) { (w, hgt) = (hgt, w); deg += 90; }
        while (deg > 90) deg -= 180;
        while (deg <= -90) deg += 180;
        return new TextRegion((float)cx, (float)cy, (float)w, (float)hgt, (float)deg, 0);
    }

    /// <summary>A rectangle in map pixels mapped to image pixels by per-axis scales (exact for equal scales; for unequal ones the transformed corners are re-fitted).</summary>
    private static TextRegion Scale(TextRegion r, float sx, float sy)
    {
        if (sx == 1 && sy == 1) return r;
        if (MathF.Abs(sx - sy) < 1e-6f)
            return r with { CenterX = r.CenterX * sx, CenterY = r.CenterY * sy, Width = r.Width * sx, Height = r.Height * sy };
        var corners = r.Corners();
        var scaled = new (float X, float Y)[4];
        for (int i = 0; i < 4; i++) scaled[i] = (corners[i].X * sx, corners[i].Y * sy);
        return MinAreaRect(scaled) with { Score = r.Score };
    }

    private static bool IsInterior(ReadOnlySpan<float> p, int width, int height, int x, int y, float t) =>
        x > 0 && y > 0 && x < width - 1 && y < height - 1 &&
        p[y * width + x - 1] > t && p[y * width + x + 1] > t && p[(y - 1) * width + x] > t && p[(y + 1) * width + x] > t;

    /// <summary>Andrew's monotone chain; collinear points dropped; counter-clockwise in a y-up frame.</summary>
    private static List<(float X, float Y)> ConvexHull(IReadOnlyList<(float X, float Y)> points)
    {
        var sorted = points.Distinct().ToArray();
        Array.Sort(sorted, (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        if (sorted.Length < 3) return [.. sorted];
        var hull = new (float X, float Y)[2 * sorted.Length];
        int k = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], sorted[i]) <= 0) k--;
            hull[k++] = sorted[i];
        }
        for (int i = sorted.Length - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], sorted[i]) <= 0) k--;
            hull[k++] = sorted[i];
        }
        return [.. hull[..(k - 1)]];
    }

    private static double Cross((float X, float Y) o, (float X, float Y) a, (float X, float Y) b) =>
        (double)(a.X - o.X) * (b.Y - o.Y) - (double)(a.Y - o.Y) * (b.X - o.X);
}
