using ImageAI.Imaging;

namespace ImageAI.Watermarks;

/// <summary>
/// Estimates a placed watermark's global opacity k (A = k x the template's relative alpha). The default estimate is
/// a least-squares fit of the jumps between neighbouring pixels to the jumps the mark makes (<see cref="OpacityFit"/>);
/// <see cref="Search"/> keeps the older criterion (the k whose inversion leaves the least absolute gradient along the
/// template's edges), which the texture under the mark biases towards low opacities. A mark whose pixels equal the
/// template colour everywhere is reported as opaque (k = 1).
/// </summary>
public static class OpacityEstimator
{
    /// <summary>
    /// Returns the opacity (in the units of <see cref="WatermarkLayer.FromTemplate"/>, 0..1) of
    /// <paramref name="template"/> placed at the given rectangle of <paramref name="image"/>.
    /// </summary>
    public static double Estimate(ImageBuffer image, ImageBuffer template, int x, int y, int width, int height, CancellationToken cancellationToken = default) =>
        EstimateWithGain(image, template, x, y, width, height, cancellationToken).Opacity;

    /// <summary>
    /// The opacity and how much of the jump energy along the template's edges the fitted mark explains (0..1; the
    /// exact placement explains far more than one a pixel off or a false match; an opaque match counts as 1).
    /// The opacity is the least-squares fit of <see cref="OpacityFit"/> (unbiased by the texture under the mark,
    /// saturated pixels left out); <see cref="Search"/> is the older gradient-minimising estimate.
    /// </summary>
    public static (double Opacity, double Gain) EstimateWithGain(ImageBuffer image, ImageBuffer template, int x, int y, int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(template);
        cancellationToken.ThrowIfCancellationRequested();
        var (shape, toReference) = Shape(template, x, y, width, height);
        return EstimateWithGain(image, shape, toReference);
    }

    /// <summary>The template placed at full strength in units of its maximum alpha (nothing clipped), and the factor from those units to opacity.</summary>
    internal static (WatermarkLayer Shape, double ToReference) Shape(ImageBuffer template, int x, int y, int width, int height)
    {
        float reference = WatermarkLayer.ReferenceAlpha(template);
        int max = 1;
        ReadOnlySpan<byte> px = template.Pixels;
        for (int i = 3; i < px.Length; i += 4) max = Math.Max(max, px[i]);
        return (WatermarkLayer.FromTemplate(template, x, y, width, height, Math.Min(1.0, reference / max)), max / reference);
    }

    /// <summary><see cref="EstimateWithGain(ImageBuffer, ImageBuffer, int, int, int, int, CancellationToken)"/> for an already resized shape.</summary>
    /// <param name="image">The photo.</param>
    /// <param name="shape">The placed template in units of its maximum alpha (<see cref="Shape"/>).</param>
    /// <param name="toReference">The factor from those units to opacity.</param>
    /// <param name="initialOpacity">A starting opacity (a neighbouring placement's) when known: the fit then converges in fewer passes.</param>
    /// <param name="checkOpaque">Whether to test for an opaque mark first.</param>
    /// <param name="iterations">Most regression passes (fewer for screening many placements from a good start).</param>
    internal static (double Opacity, double Gain) EstimateWithGain(ImageBuffer image, WatermarkLayer shape, double toReference, double? initialOpacity = null, bool checkOpaque = true, int iterations = 8)
    {
        if (checkOpaque && IsOpaque(image, shape.WithOpacityScale(toReference))) return (1.0, 1.0);
        var (k, score) = OpacityFit.Fit(image, shape, initialOpacity is { } o ? o / toReference : 0.5, iterations);
        return (Math.Min(1.0, k * toReference), score);
    }

    /// <summary>The edge energy left after inverting the template placed here at a given opacity (lower is a better fit).</summary>
    public static double ResidualEnergy(ImageBuffer image, ImageBuffer template, int x, int y, int width, int height, double opacity)
    {
        var layer = WatermarkLayer.FromTemplate(template, x, y, width, height, opacity);
        var weights = EdgeWeights(WatermarkLayer.FromTemplate(template, x, y, width, height, 1.0));
        // Normalise by the weight sum so different sizes compare fairly.
        double sum = 0;
        foreach (var v in weights) sum += v;
        return sum <= 0 ? double.PositiveInfinity : EdgeEnergy(image, layer, weights, 1.0) / sum;
    }

    /// <summary>The factor k in 0..1 that best removes <paramref name="layer"/>'s edges when its alpha is scaled by k.</summary>
    public static double Search(ImageBuffer image, WatermarkLayer layer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layer);
        var weights = EdgeWeights(layer);
        double Energy(double k) => EdgeEnergy(image, layer, weights, k);

        double bestK = 0.02, bestE = double.PositiveInfinity;
        for (double k = 0.02; k <= 0.985; k += 0.02)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double e = Energy(k);
            if (e < bestE) { bestE = e; bestK = k; }
        }
        // Golden-section refinement within one grid step.
        double lo = Math.Max(0.0, bestK - 0.02), hi = Math.Min(0.995, bestK + 0.02);
        const double G = 0.6180339887498949;
        double c = hi - G * (hi - lo), d = lo + G * (hi - lo);
        double fc = Energy(c), fd = Energy(d);
        for (int i = 0; i < 20; i++)
        {
            if (fc < fd) { hi = d; d = c; fd = fc; c = hi - G * (hi - lo); fc = Energy(c); }
            else { lo = c; c = d; fc = fd; d = lo + G * (hi - lo); fd = Energy(d); }
        }
        return (lo + hi) / 2;
    }

    /// <summary>True when the pixels where the template is (nearly) opaque already equal its colour.</summary>
    private static bool IsOpaque(ImageBuffer image, WatermarkLayer layer)
    {
        long count = 0, close = 0;
        for (int y = Math.Max(0, layer.Y); y < Math.Min(image.Height, layer.Y + layer.Height); y++)
        {
            var row = image.GetRow(y);
            for (int x = Math.Max(0, layer.X); x < Math.Min(image.Width, layer.X + layer.Width); x++)
            {
                int i = (y - layer.Y) * layer.Width + (x - layer.X);
                if (layer.Alpha[i] < 0.95f) continue;
                count++;
                float diff = 0;
                for (int c = 0; c < 3; c++) diff = Math.Max(diff, Math.Abs(row[x * 4 + c] - layer.Rgb[i * 3 + c]));
                if (diff <= 12) close++;
            }
        }
        // A tiny body matches any flat patch of the mark's colour: demand enough evidence.
        return count >= 150 && close >= 0.75 * count;
    }

    /// <summary>Per layer pixel: how much the template changes there (its edges), 0..1.</summary>
    private static float[] EdgeWeights(WatermarkLayer layer)
    {
        int w = layer.Width, h = layer.Height;
        var weights = new float[w * h];
        float max = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                float s = 0;
                if (x + 1 < w) s += Change(layer, i, i + 1);
                if (y + 1 < h) s += Change(layer, i, i + w);
                if (x > 0) s += Change(layer, i, i - 1);
                if (y > 0) s += Change(layer, i, i - w);
                weights[i] = s;
                max = Math.Max(max, s);
            }
        if (max > 0) for (int i = 0; i < weights.Length; i++) weights[i] = Math.Min(1f, weights[i] / (0.25f * max));
        return weights;
    }

    private static float Change(WatermarkLayer layer, int a, int b)
    {
        float s = Math.Abs(layer.Alpha[a] - layer.Alpha[b]) * 255;
        for (int c = 0; c < 3; c++) s += Math.Abs(layer.Alpha[a] * layer.Rgb[a * 3 + c] - layer.Alpha[b] * layer.Rgb[b * 3 + c]) / 3;
        return s;
    }

    private static double EdgeEnergy(ImageBuffer image, WatermarkLayer layer, float[] weights, double k)
    {
        int w = layer.Width, h = layer.Height;
        int x0 = Math.Max(0, layer.X), y0 = Math.Max(0, layer.Y);
        int x1 = Math.Min(image.Width, layer.X + w), y1 = Math.Min(image.Height, layer.Y + h);
        int rw = x1 - x0;
        if (rw <= 1 || y1 - y0 <= 1) return 0;
        // The recovered patch, one row at a time (current and previous) to keep memory small.
        var prev = new float[rw * 3];
        var cur = new float[rw * 3];
        double energy = 0;
        float kf = (float)k;
        for (int y = y0; y < y1; y++)
        {
            var row = image.GetRow(y);
            for (int x = x0; x < x1; x++)
            {
                int i = (y - layer.Y) * w + (x - layer.X);
                float a = Math.Min(0.995f, kf * layer.Alpha[i]);
                float inv = 1f / (1 - a);
                for (int c = 0; c < 3; c++) cur[(x - x0) * 3 + c] = (row[x * 4 + c] - a * layer.Rgb[i * 3 + c]) * inv;
            }
            for (int x = x0; x < x1; x++)
            {
                int i = (y - layer.Y) * w + (x - layer.X);
                float wgt = weights[i];
                if (wgt <= 0) continue;
                int j = (x - x0) * 3;
                float s = 0;
                for (int c = 0; c < 3; c++)
                {
                    if (x > x0) s += Math.Abs(cur[j + c] - cur[j - 3 + c]);
                    if (y > y0) s += Math.Abs(cur[j + c] - prev[j + c]);
                }
                energy += wgt * s;
            }
            (prev, cur) = (cur, prev);
        }
        return energy;
    }
}
