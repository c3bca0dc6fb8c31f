using System.Numerics.Tensors;
using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Watermarks;

/// <summary>
/// Finds a known watermark (an RGBA logo or text image) in a photo without knowing its position, size or opacity:
/// edge maps are matched with normalised cross-correlation over scales on a reduced image, the best candidates are
/// refined at full resolution (integer sizes and positions), then the opacity is estimated by
/// <see cref="OpacityEstimator"/>.
/// </summary>
public static class TemplateLocator
{
    private static readonly int[] CoarseSides = [128, 256];
    private const int CandidatesPerLevel = 20;
    private const int CandidatesPerBand = 4;
    private const int PolishedCandidates = 3;

    /// <summary>Locates <paramref name="template"/> in <paramref name="image"/>.</summary>
    /// <exception cref="ArgumentException">The template is larger than the image, or fully transparent.</exception>
    public static TemplateMatch Locate(ImageBuffer image, ImageBuffer template, TemplateSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(template);
        options ??= new TemplateSearchOptions();
        options.Validate();
        if (template.Width > image.Width || template.Height > image.Height)
            throw new ArgumentException($"The watermark template ({template.Width}x{template.Height}) is larger than the image ({image.Width}x{image.Height}).", nameof(template));
        if (IsFullyTransparent(template))
            throw new ArgumentException("The watermark template is fully transparent.", nameof(template));

        double maxScale = Math.Min(options.MaxScale, Math.Min((double)image.Width / template.Width, (double)image.Height / template.Height));
        double minScale = Math.Min(options.MinScale, maxScale);

        // Coarse search on two reduced images: the smaller is robust on busy photos, the larger keeps the thin
        // strokes of small text marks. Scores of different levels are not comparable, so each keeps its own best.
        var candidates = new List<(double Score, double Scale, int X, int Y, double F)>();
        foreach (int side in CoarseSides)
        {
            double f = Math.Min(1.0, (double)side / Math.Max(image.Width, image.Height));
            int cw = Math.Max(1, (int)Math.Round(image.Width * f)), ch = Math.Max(1, (int)Math.Round(image.Height * f));
            var coarse = f < 1 ? Resampler.Resize(image, cw, ch, ResizeMode.Area) : image;
            var coarseFeature = GradientFeatures.Magnitude(coarse);
            var level = new List<(double Score, double Scale, int X, int Y, double F)>();
            for (double s = minScale; s <= maxScale * 1.0001; s *= options.ScaleStep)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int tw = (int)Math.Round(template.Width * s * f), th = (int)Math.Round(template.Height * s * f);
                if (tw < 6 || th < 6 || tw > cw || th > ch) continue;
                var tf = GradientFeatures.TemplateMagnitude(template, tw, th);
                foreach (var (score, x, y) in TopNcc(coarseFeature, cw, ch, tf, tw, th, 0, 0, cw - tw, ch - th, 4))
                    level.Add((score, s, x, y, f));
            }
            level.Sort((a, b) => b.Score.CompareTo(a.Score));
            candidates.AddRange(level.Take(CandidatesPerLevel));
            // Small placements correlate with texture by chance more easily than large ones, so on a busy photo the
            // overall best are all small: every octave of scale also sends its own best few.
            foreach (var band in level.Skip(CandidatesPerLevel).GroupBy(c => (int)Math.Floor(Math.Log2(c.Scale))))
                candidates.AddRange(band.Take(CandidatesPerBand));
            if (f >= 1) break;
        }
        if (candidates.Count == 0)
            throw new ArgumentException($"The watermark template ({template.Width}x{template.Height}) cannot be searched in a {image.Width}x{image.Height} image at scales {minScale:F2}-{maxScale:F2}.", nameof(template));

        // Full-resolution refinement of the best coarse candidates, each verified by how much inverting the
        // blend there removes edges (a false match on texture removes little).
        var feature = GradientFeatures.Magnitude(image);
        var verified = new List<((double Score, int X, int Y, int W, int H) Placement, double Opacity, double Gain)>();
        foreach (var c in candidates)
        {
            var local = (Score: double.NegativeInfinity, X: 0, Y: 0, W: 0, H: 0);
            int w0 = (int)Math.Round(template.Width * c.Scale);
            int wLo = Math.Max(4, (int)Math.Floor(w0 / options.ScaleStep)), wHi = (int)Math.Ceiling(w0 * options.ScaleStep);
            int margin = (int)Math.Ceiling(1 / c.F) + 2;
            // The correlation changes slowly with size and the polish below finds the exact size: a few widths do.
            int wStep = Math.Max(1, (int)Math.Round(w0 * (options.ScaleStep - 1) / 3));
            for (int w = wLo; w <= wHi; w += wStep)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int h = (int)Math.Round((double)w * template.Height / template.Width);
                if (w > image.Width || h > image.Height || h < 4) continue;
                var tf = GradientFeatures.TemplateMagnitude(template, w, h);
                int cx = (int)Math.Round(c.X / c.F), cy = (int)Math.Round(c.Y / c.F);
                int x0 = Math.Max(0, cx - margin), y0 = Math.Max(0, cy - margin);
                int x1 = Math.Min(image.Width - w, cx + margin), y1 = Math.Min(image.Height - h, cy + margin);
                if (x1 < x0 || y1 < y0) continue;
                foreach (var (score, x, y) in TopNcc(feature, image.Width, image.Height, tf, w, h, x0, y0, x1, y1, 1))
                    if (score > local.Score) local = (score, x, y, w, h);
            }
            if (double.IsNegativeInfinity(local.Score)) continue;
            // Resizing tools round the height on their own (floor or nearest), so the aspect ratio can be a pixel off.
            verified.Add(Verify(image, template, local, cancellationToken));
        }
        if (verified.Count == 0)
            throw new ArgumentException("The watermark template could not be matched anywhere in the image.", nameof(template));

        // The verification fit is sharp only at the exact placement, and the correlation's placement of a faint
        // mark on a busy photo can be a few pixels off: the best few distinct candidates are polished coarse to
        // fine, and the one whose fit explains the most wins.
        verified.Sort((a, b) => b.Gain.CompareTo(a.Gain));
        var polished = (Placement: verified[0].Placement, Opacity: verified[0].Opacity, Gain: double.NegativeInfinity);
        var tried = new List<(double Score, int X, int Y, int W, int H)>();
        foreach (var v in verified)
        {
            if (tried.Count == PolishedCandidates) break;
            if (tried.Any(t => Math.Abs(t.X - v.Placement.X) < t.W / 4 && Math.Abs(t.Y - v.Placement.Y) < t.H / 4 && Math.Abs(t.W - v.Placement.W) < t.W / 8)) continue;
            tried.Add(v.Placement);
            var result = Polish(image, template, v.Placement, v.Opacity, v.Gain, cancellationToken);
            if (result.Gain > polished.Gain) polished = result;
        }
        var best = polished.Placement;
        double bestOpacity = polished.Opacity, bestNcc = best.Score;
        return new TemplateMatch(best.X, best.Y, best.W, best.H, (double)best.W / template.Width, bestOpacity, bestNcc);
    }

    private static bool IsFullyTransparent(ImageBuffer template)
    {
        ReadOnlySpan<byte> p = template.Pixels;
        for (int i = 3; i < p.Length; i += 4) if (p[i] != 0) return false;
        return true;
    }

    /// <summary>
    /// The position (top-left in [x0..x1] x [y0..y1]) of the highest normalised cross-correlation between two-plane
    /// feature maps (rows laid out as [gx | gy], see <see cref="GradientFeatures.Magnitude"/>).
    /// </summary>
    private static List<(double Score, int X, int Y)> TopNcc(float[] image, int iw, int ih, float[] tmpl, int tw, int th, int x0, int y0, int x1, int y1, int count)
    {
        var top = new List<(double Score, int X, int Y)>();
        int n = 2 * tw * th;
        var tz = new float[n];
        float mean = TensorPrimitives.Sum<float>(tmpl) / n;
        TensorPrimitives.Subtract(tmpl, mean, tz);
        double tNorm = TensorPrimitives.Dot<float>(tz, tz);
        if (tNorm <= 1e-6) return top;

        // Integral images of (gx + gy) and (gx^2 + gy^2) for the window statistics.
        int stride = iw + 1;
        var s1 = new double[stride * (ih + 1)];
        var s2 = new double[stride * (ih + 1)];
        for (int y = 0; y < ih; y++)
        {
            double r1 = 0, r2 = 0;
            for (int x = 0; x < iw; x++)
            {
                double a = image[y * 2 * iw + x], b = image[y * 2 * iw + iw + x];
                r1 += a + b; r2 += a * a + b * b;
                s1[(y + 1) * stride + x + 1] = s1[y * stride + x + 1] + r1;
                s2[(y + 1) * stride + x + 1] = s2[y * stride + x + 1] + r2;
            }
        }
        var span = image.AsSpan();
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
            {
                double num = 0;
                for (int r = 0; r < th; r++)
                {
                    int row = (y + r) * 2 * iw;
                    num += TensorPrimitives.Dot(span.Slice(row + x, tw), tz.AsSpan(r * 2 * tw, tw));
                    num += TensorPrimitives.Dot(span.Slice(row + iw + x, tw), tz.AsSpan(r * 2 * tw + tw, tw));
                }
                int a = y * stride + x, b = y * stride + x + tw, c = (y + th) * stride + x, d = (y + th) * stride + x + tw;
                double sum = s1[d] - s1[b] - s1[c] + s1[a];
                double sq = s2[d] - s2[b] - s2[c] + s2[a];
                double variance = sq - sum * sum / n;
                if (variance <= 1e-6) continue;
                double score = num / Math.Sqrt(tNorm * variance);
                Offer(top, count, score, x, y, Math.Max(2, tw / 2));
            }
        return top;
    }

    /// <summary>Keeps the <paramref name="count"/> best positions, at least <paramref name="spacing"/> apart.</summary>
    private static void Offer(List<(double Score, int X, int Y)> top, int count, double score, int x, int y, int spacing)
    {
        if (top.Count == count && score <= top[^1].Score) return;
        for (int i = 0; i < top.Count; i++)
        {
            if (Math.Abs(top[i].X - x) >= spacing || Math.Abs(top[i].Y - y) >= spacing) continue;
            if (score <= top[i].Score) return;
            top.RemoveAt(i);
            break;
        }
        top.Add((score, x, y));
        top.Sort((a, b) => b.Score.CompareTo(a.Score));
        if (top.Count > count) top.RemoveAt(top.Count - 1);
    }

    /// <summary>The candidate with its height a pixel shorter, as is, or a pixel taller, whichever the opacity fit explains best.</summary>
    private static ((double Score, int X, int Y, int W, int H) Best, double Opacity, double Gain) Verify(ImageBuffer image, ImageBuffer template,
        (double Score, int X, int Y, int W, int H) candidate, CancellationToken ct)
    {
        var best = candidate;
        double bestOpacity = 0, bestGain = double.NegativeInfinity;
        // As is first, so a tie (an opaque mark scores 1 at every height) keeps the aspect-preserving height.
        foreach (int dh in (ReadOnlySpan<int>)[0, -1, 1])
        {
            ct.ThrowIfCancellationRequested();
            int h = candidate.H + dh;
            if (h < 4 || candidate.Y + h > image.Height) continue;
            var (k, gain) = OpacityEstimator.EstimateWithGain(image, template, candidate.X, candidate.Y, candidate.W, h, ct);
            if (gain > bestGain) { bestGain = gain; best = candidate with { H = h }; bestOpacity = k; }
        }
        return (best, bestOpacity, bestGain);
    }

    /// <summary>
    /// Final placement refinement: width +-2 px and, independently, height +-1 px around the aspect-preserving
    /// height (resizing tools round the height their own way), and position +-2 px. Inverting at a placement one
    /// pixel off leaves the mark's outline (about 20 dB instead of 40+ in the mark's region), and the opacity fit
    /// explains the exact placement's edges far better than any neighbour, so each placement gets its own fit and
    /// the best explained one wins. Coarse to fine, so a start a few pixels off is still pulled in: at 1/4 and 1/2
    /// resolution (while the mark stays big enough) positions and sizes there, then at full resolution sizes at
    /// positions +-1 (a size error shifts the best position), positions +-2, and sizes again if the position moved.
    /// </summary>
    private static ((double Score, int X, int Y, int W, int H) Placement, double Opacity, double Gain) Polish(ImageBuffer image, ImageBuffer template,
        (double Score, int X, int Y, int W, int H) best, double opacity, double gain, CancellationToken ct)
    {
        if (opacity >= 1.0) return (best, opacity, gain);
        // Coarse levels first (a pixel there is 4 or 2 here), as long as the mark stays big enough to fit.
        for (int factor = 4; factor >= 2; factor /= 2)
        {
            if (best.W / factor < 24 || best.H / factor < 8) continue;
            int cw = Math.Max(1, image.Width / factor), ch = Math.Max(1, image.Height / factor);
            var small = Resampler.Resize(image, cw, ch, ResizeMode.Area);
            var start = (best.Score, X: best.X / factor, Y: best.Y / factor, W: (int)Math.Round((double)best.W / factor), H: (int)Math.Round((double)best.H / factor));
            var level = new PolishState(small, template, start, opacity);
            level.Positions(2, ct);
            level.Sizes(1, ct);
            level.Positions(1, ct);
            double sx = (double)image.Width / cw, sy = (double)image.Height / ch;
            best = (best.Score, (int)Math.Round(level.Best.X * sx), (int)Math.Round(level.Best.Y * sy), (int)Math.Round(level.Best.W * sx), (int)Math.Round(level.Best.H * sy));
        }
        var state = new PolishState(image, template, best, opacity);
        state.Sizes(1, ct);
        var (x, y) = (state.Best.X, state.Best.Y);
        state.Positions(2, ct);
        if (state.Best.X != x || state.Best.Y != y) state.Sizes(1, ct);
        state.Finish();
        return (state.Best, state.Opacity, state.Gain);
    }

    /// <summary>The best placement so far and the searches around it (one template resize per size).</summary>
    private sealed class PolishState(ImageBuffer image, ImageBuffer template, (double Score, int X, int Y, int W, int H) best, double opacity)
    {
        private readonly Dictionary<(int W, int H), (WatermarkLayer Shape, double ToReference)> _shapes = [];

        public double Gain { get; private set; } = double.NegativeInfinity;
        public (double Score, int X, int Y, int W, int H) Best { get; private set; } = best;
        public double Opacity { get; private set; } = opacity;

        public void Sizes(int radius, CancellationToken ct)
        {
            var start = Best;
            for (int dw = -2; dw <= 2; dw++)
            {
                int w = start.W + dw;
                int hAspect = (int)Math.Round((double)w * template.Height / template.Width);
                for (int h = Math.Min(hAspect, start.H) - 1; h <= Math.Max(hAspect, start.H) + 1; h++)
                    for (int dy = -radius; dy <= radius; dy++)
                        for (int dx = -radius; dx <= radius; dx++)
                            Try(start.X + dx, start.Y + dy, w, h, ct);
            }
        }

        public void Positions(int radius, CancellationToken ct)
        {
            var start = Best;
            for (int dy = -radius; dy <= radius; dy++)
                for (int dx = -radius; dx <= radius; dx++)
                    Try(start.X + dx, start.Y + dy, start.W, start.H, ct);
        }

        /// <summary>Screening fits stop after two passes; the winner gets a converged fit.</summary>
        public void Finish()
        {
            var (x, y, w, h) = (Best.X, Best.Y, Best.W, Best.H);
            if (!_shapes.TryGetValue((w, h), out var entry)) return;
            (Opacity, Gain) = OpacityEstimator.EstimateWithGain(image, new WatermarkLayer(x, y, w, h, entry.Shape.Alpha, entry.Shape.Rgb), entry.ToReference, Opacity, checkOpaque: false);
        }

        private void Try(int x, int y, int w, int h, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            if (w < 4 || h < 4 || x < 0 || y < 0 || x + w > image.Width || y + h > image.Height) return;
            if (!_shapes.TryGetValue((w, h), out var entry)) _shapes[(w, h)] = entry = OpacityEstimator.Shape(template, 0, 0, w, h);
            var placed = new WatermarkLayer(x, y, w, h, entry.Shape.Alpha, entry.Shape.Rgb);
            var (k, gain) = OpacityEstimator.EstimateWithGain(image, placed, entry.ToReference, Opacity, checkOpaque: false, iterations: 2);
            if (gain > Gain) { Gain = gain; Best = (Best.Score, x, y, w, h); Opacity = k; }
        }
    }
}
