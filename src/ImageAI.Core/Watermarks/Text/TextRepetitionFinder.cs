using ImageAI.Imaging;
using ImageAI.Morphology;

namespace ImageAI.Watermarks;

/// <summary>
/// Completes tiled text watermarks: the text detector finds only some repetitions of a semi-transparent tiled mark, but
/// the repetitions are the same strokes on a regular lattice. From a found instance's strokes (a correlation template
/// on the stroke-response map, which is robust to the background and the opacity) the matching positions over the
/// whole image are found; the translations that repeat among them give the lattice; every detected region that
/// repeats on that lattice is a part of the mark; and at every lattice position, border-cut ones included, where a part
/// correlates with the image, its strokes are added where the local stroke response confirms them. Nothing is added
/// when no translation repeats (an untiled watermark): a false addition would cost clean photo.
/// </summary>
public static class TextRepetitionFinder
{
    /// <summary>
    /// Correlation at a lattice position for a part to be added there (the position is predicted, not searched), and
    /// the floor of the threshold at which a lattice position counts as matched when the lattice is verified.
    /// </summary>
    public const float Match = 0.3f;

    /// <summary>A repetition matches at least this fraction of the exemplar's best repetition's correlation.</summary>
    private const float RelativeMatch = 0.6f;

    /// <summary>A part's rotation is within this many degrees of the exemplar's.</summary>
    private const float MaxPartAngle = 4f;

    /// <summary>A part cut by the border is matched when at least this fraction of its strokes is inside the image.</summary>
    public const float MinVisible = 0.3f;

    /// <summary>An exemplar's region is at least this many times longer than tall (a word, not a glyph).</summary>
    private const float MinAspect = 2.5f;

    /// <summary>Peaks of the exemplar's correlation at least this high are the candidate repetitions the lattice is fitted to.</summary>
    public const float Candidate = 0.3f;

    /// <summary>The exemplars must match (at their threshold, at least <see cref="Match"/>) more than this fraction of the lattice's positions wholly inside the image.</summary>
    public const float MinLatticeSupport = 0.5f;

    /// <summary>An exemplar counts towards a lattice's verification only when it matches more than this share of its positions on it.</summary>
    public const float MinExemplarShare = 0.25f;

    /// <summary>Lattices with more positions than this over the image are degenerate fits.</summary>
    private const long MaxPositions = 20_000;

    /// <summary>How many of the best-scoring regions are used as templates.</summary>
    private const int MaxExemplars = 4;

    /// <summary>A lattice (or a finer one) is kept only when the exemplars match at least this many of its positions.</summary>
    private const int MinMatched = 4;

    /// <summary>At most this many candidate lattices are verified on the image.</summary>
    private const int MaxLattices = 16;

    /// <summary>At most this many matches per exemplar take part in the lattice fit (the strongest).</summary>
    private const int MaxMatches = 32;

    /// <summary>Response variance floor (grey levels squared): a flat background's noise does not correlate by chance.</summary>
    private const float MinVariance = 1f;

    /// <summary>A stroke pixel of a part is added where the response is at least this fraction of the part's mean response there.</summary>
    private const float StrokeFraction = 0.3f;

    /// <summary>
    /// The mask and regions with the missing repetitions of a tiled text watermark added (unchanged when the text does
    /// not repeat).
    /// </summary>
    /// <param name="image">The photo.</param>
    /// <param name="mask">The stroke mask of the detected regions (0/255, the image's size, grown as it will be used: the added strokes are copied from it).</param>
    /// <param name="regions">The detected text regions the mask was built from.</param>
    /// <param name="cancellationToken">Stops between stages and between rows of the correlation.</param>
    public static (GrayImage Mask, IReadOnlyList<TextRegion> Regions) Extend(ImageBuffer image, GrayImage mask, IReadOnlyList<TextRegion> regions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(regions);
        mask.EnsureSameSize(image.Width, image.Height);
        cancellationToken.ThrowIfCancellationRequested();
        var exemplars = new List<TextRegion>();
        foreach (var r in regions)
        {
            var b = r.Grow(2).Bounds;
            // A word or more (a single glyph matches texture anywhere), wholly inside the image.
            if (b.X >= 0 && b.Y >= 0 && b.X + b.Width <= image.Width && b.Y + b.Height <= image.Height && r.Height >= 8 && r.Width >= MinAspect * r.Height) exemplars.Add(r);
        }
        if (exemplars.Count == 0) return (mask, regions);
        exemplars.Sort((a, b) => b.Score.CompareTo(a.Score));
        var lead = exemplars[0];
        // The repetitions of one mark share its rotation: a line at another angle is other text (or a false detection)
        // whose matches would only add translations that are not the mark's.
        exemplars.RemoveAll(r => AngleDifference(r.Angle, lead.Angle) > MaxPartAngle);
        int scale = Math.Clamp((int)MathF.Round(lead.Height / 8f), 1, 4);
        using var full = StrokeResponse.Compute(image, TextStrokeMask.WindowRadius(lead.Height), cancellationToken);
        using var small = full.Pool(scale);
        var used = new List<Exemplar>();
        try
        {
            var lattice = FindLattice(mask, exemplars, full, small, scale, used, cancellationToken);
            if (lattice is null) return (mask, regions);
            // A reduced basis: the part test looks at the nearest repetitions.
            return Complete(image, mask, regions, used[0].Region, lattice.Value.Reduced(), full, small, scale, cancellationToken);
        }
        finally
        {
            foreach (var e in used) e.Dispose();
        }
    }

    /// <summary>A detected instance used as a correlation template.</summary>
    private sealed record Exemplar(TextRegion Region, StrokeTemplate Template) : IDisposable
    {
        private float[]?[] _ncc = new float[]?[2];
        private int _width, _height;

        /// <summary>The correlation a repetition of this exemplar reaches (at least <see cref="Match"/>).</summary>
        public float Threshold { get; set; } = Match;

        /// <summary>The correlation at every placement wholly inside the map, for one polarity (computed on first use; rented).</summary>
        public float[]? Correlation(StrokeResponse small, int polarity, CancellationToken cancellationToken, out int width, out int height)
        {
            int k = polarity > 0 ? 1 : 0;
            _ncc[k] ??= Template.CorrelateAll(small.Of(polarity), small.Width, small.Height, MinVariance, cancellationToken, out _width, out _height);
            width = _width;
            height = _height;
            return _ncc[k];
        }

        /// <summary>
        /// The best correlation of either polarity within one block of the placement (ox, oy), or null when the box
        /// is not wholly inside the map there.
        /// </summary>
        public float? BestAt(StrokeResponse small, int ox, int oy, CancellationToken cancellationToken)
        {
            float best = float.MinValue;
            foreach (int polarity in (ReadOnlySpan<int>)[1, -1])
            {
                var map = Correlation(small, polarity, cancellationToken, out int w, out int h);
                if (map is null || ox < 0 || oy < 0 || ox >= w || oy >= h) return null;
                for (int y = Math.Max(0, oy - 1); y <= Math.Min(h - 1, oy + 1); y++)
                    for (int x = Math.Max(0, ox - 1); x <= Math.Min(w - 1, ox + 1); x++)
                        best = Math.Max(best, map[y * w + x]);
            }
            return best;
        }

        public void Dispose()
        {
            foreach (var map in _ncc) if (map is not null) System.Buffers.ArrayPool<float>.Shared.Return(map);
            _ncc = new float[]?[2];
        }

        /// <summary>Whether copies of the instance's box shifted by (x, y) do not overlap it.</summary>
        public bool Admits(float x, float y)
        {
            double t = Region.Angle * Math.PI / 180;
            float cos = (float)Math.Cos(t), sin = (float)Math.Sin(t);
            return Math.Abs(x * cos + y * sin) >= 0.9f * Region.Width || Math.Abs(-x * sin + y * cos) >= 0.9f * Region.Height;
        }
    }

    /// <summary>
    /// The lattice of the exemplars' matches over the image, verified, or null when no translation repeats. Each
    /// exemplar's matches give translations (from it and between its matches); the translations of all exemplars are
    /// pooled (they are translations of one lattice), so a lattice can be fixed even when each exemplar matches only
    /// a few of its repetitions clearly.
    /// </summary>
    private static RepetitionLattice? FindLattice(GrayImage mask, List<TextRegion> candidates, StrokeResponse full, StrokeResponse small, int scale,
        List<Exemplar> used, CancellationToken cancellationToken)
    {
        var translations = new List<(float X, float Y)>();
        foreach (var region in candidates)
        {
            if (used.Count >= MaxExemplars) break;
            cancellationToken.ThrowIfCancellationRequested();
            var template = StrokeTemplate.Build(mask, region.Grow(2), scale);
            if (template is null) continue;
            var exemplar = new Exemplar(region, template);
            used.Add(exemplar);
            var points = Matches(exemplar, small, scale, cancellationToken);
            // An exemplar that matches nowhere else gives no translation, and its misses at the lattice's positions would
            // speak against the lattice when they only say that this instance is a poor template (a partial or
            // mis-segmented detection, or text that is not part of the tiled mark).
            if (points is null || points.Count < 2) { used.Remove(exemplar); exemplar.Dispose(); continue; }
            for (int a = 0; a < points.Count; a++)
                for (int b = a + 1; b < points.Count; b++)
                {
                    float dx = points[b].X - points[a].X, dy = points[b].Y - points[a].Y;
                    // A translation must move the instance off itself (repetitions do not overlap).
                    if (exemplar.Admits(dx, dy)) translations.Add((dx, dy));
                }
        }
        if (used.Count == 0) return null;
        var exemplarsUsed = used;
        // The lattice must be real: the exemplars match at most of its positions inside the image, not only at the
        // matches that fixed it (random matches over a texture can line up by chance; the rest of the lattice then does
        // not match). Of the candidates, the one with the most matched positions net of unmatched ones wins (a finer
        // lattice than the true one adds unmatched positions, a coarser one loses matched ones).
        RepetitionLattice? lattice = null;
        int bestScore = int.MinValue;
        foreach (var candidate in RepetitionLattice.Fit(translations, 1.5f * scale, l => Plausible(l, exemplarsUsed), MaxLattices))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (matched, tried) = Verify(candidate, (0, 0), used, small, scale, cancellationToken);
            if (!Supported(matched, tried) || 2 * matched - tried <= bestScore) continue;
            lattice = candidate;
            bestScore = 2 * matched - tried;
        }
        if (lattice is null) return null;
        // Matches of every second (third) repetition fix a coarser lattice: try the finer lattices through the fractions
        // of its vectors and keep one whose new positions are matched as well.
        for (int round = 0; round < 3; round++)
        {
            var l = lattice.Value;
            RepetitionLattice? finer = null;
            for (int n = 2; n <= 3 && finer is null; n++)
                for (int p = 0; p < n && finer is null; p++)
                    for (int q = 0; q < (l.TwoDimensional ? n : 1) && finer is null; q++)
                    {
                        if ((p == 0 && q == 0) || (!l.TwoDimensional && p != 1)) continue;
                        var offset = ((p * l.Ax + q * l.Bx) / n, (p * l.Ay + q * l.By) / n);
                        var candidate = l.Subdivide(offset, n);
                        if (!Plausible(candidate, used)) continue;
                        var (m, t) = Verify(l, offset, used, small, scale, cancellationToken);
                        if (Supported(m, t)) finer = candidate;
                    }
            if (finer is null) break;
            lattice = finer;
        }
        return lattice;
    }

    /// <summary>More than <see cref="MinLatticeSupport"/> of the positions tried, and at least <see cref="MinMatched"/> (a handful of positions proves nothing).</summary>
    private static bool Supported(int matched, int tried) => matched >= MinMatched && matched > MinLatticeSupport * tried;

    /// <summary>Copies of every exemplar's box on the lattice do not overlap: the cell is large enough and the short vectors move the box off itself.</summary>
    private static bool Plausible(RepetitionLattice lattice, List<Exemplar> used)
    {
        var vectors = lattice.TwoDimensional
            ? new[] { lattice.At(1, 0), lattice.At(0, 1), lattice.At(1, 1), lattice.At(1, -1) }
            : new[] { lattice.At(1, 0) };
        float cell = Math.Abs(lattice.Ax * lattice.By - lattice.Ay * lattice.Bx);
        foreach (var e in used)
        {
            // Non-overlapping copies of a box need a cell at least as large as the box.
            if (lattice.TwoDimensional && cell < 0.8f * e.Region.Width * e.Region.Height) return false;
            foreach (var (x, y) in vectors)
                if (!e.Admits(x, y)) return false;
        }
        return true;
    }

    /// <summary>
    /// How many lattice positions (shifted by <paramref name="offset"/>) wholly inside the image the exemplars match, of
    /// how many. An exemplar that matches at most <see cref="MinExemplarShare"/> of its positions is not counted: it is
    /// not an instance of this mark (a partial or mis-segmented detection, a false one, other text), and its misses say
    /// only that, not that the lattice is wrong.
    /// </summary>
    private static (int Matched, int Tried) Verify(RepetitionLattice lattice, (float X, float Y) offset, List<Exemplar> used, StrokeResponse small, int scale, CancellationToken cancellationToken)
    {
        int tried = 0, matched = 0;
        foreach (var e in used)
        {
            var (m, t) = Verify(lattice, offset, e, small, scale, cancellationToken);
            if (m <= MinExemplarShare * t) continue;
            matched += m;
            tried += t;
        }
        return (matched, tried);
    }

    /// <summary>How many lattice positions wholly inside the image one exemplar matches, of how many.</summary>
    private static (int Matched, int Tried) Verify(RepetitionLattice lattice, (float X, float Y) offset, Exemplar e, StrokeResponse small, int scale, CancellationToken cancellationToken)
    {
        int tried = 0, matched = 0;
        var ((iLo, iHi, jLo, jHi), _) = Range(lattice, e.Region, small.Width * scale, small.Height * scale);
        for (int j = jLo; j <= jHi; j++)
            for (int i = iLo; i <= iHi; i++)
            {
                if (i == 0 && j == 0 && offset == (0, 0)) continue;
                var (sx, sy) = lattice.At(i, j);
                sx += offset.X; sy += offset.Y;
                // Only placements wholly inside the image count (a cut instance proves little either way).
                if (e.BestAt(small, e.Template.X0 + (int)MathF.Round(sx / scale), e.Template.Y0 + (int)MathF.Round(sy / scale), cancellationToken) is not { } score) continue;
                tried++;
                if (score >= e.Threshold) matched++;
            }
        return (matched, tried);
    }

    /// <summary>
    /// The exemplar's position (0, 0) and its clear matches over the image (correlation peaks of at least
    /// <see cref="Candidate"/>, one per instance-sized neighbourhood) as displacements in image pixels; null when the
    /// template does not fit the map.
    /// </summary>
    private static List<(float X, float Y)>? Matches(Exemplar exemplar, StrokeResponse small, int scale, CancellationToken cancellationToken)
    {
        var template = exemplar.Template;
        var points = new List<(float X, float Y)> { (0, 0) };
        var region = exemplar.Region;
        double t = region.Angle * Math.PI / 180;
        float cos = (float)Math.Cos(t), sin = (float)Math.Sin(t);
        // Matches closer than the exemplar's own extent are one match.
        float reachAlong = region.Width / 2, reachAcross = region.Height / 2;
        // Both polarities: a grey mark is brighter than a dark background and darker than a bright one, so its
        // repetitions over another part of the photo answer to the other response.
        var peaks = new List<(float Score, int X, int Y)>();
        foreach (int polarity in (ReadOnlySpan<int>)[1, -1])
        {
            var ncc = exemplar.Correlation(small, polarity, cancellationToken, out int ow, out int oh);
            if (ncc is null) return null;
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < ow; x++)
                {
                    float v = ncc[y * ow + x];
                    if (v < Candidate || !IsLocalMax(ncc, ow, oh, x, y, v)) continue;
                    peaks.Add((v, x, y));
                }
        }
        peaks.Sort((a, b) => b.Score.CompareTo(a.Score));
        foreach (var (score, x, y) in peaks)
        {
            if (score < exemplar.Threshold) break;
            float dx = (x - template.X0) * scale, dy = (y - template.Y0) * scale;
            bool near = false;
            foreach (var p in points)
            {
                float ex = dx - p.X, ey = dy - p.Y;
                if (Math.Abs(ex * cos + ey * sin) < reachAlong && Math.Abs(-ex * sin + ey * cos) < reachAcross) { near = true; break; }
            }
            if (near) continue;
            // The repetitions of one mark match about as well as its best repetition; a match much weaker than that
            // is a partial one (some of the letters over a neighbour): the threshold follows the best match.
            if (points.Count == 1) exemplar.Threshold = Math.Max(Match, RelativeMatch * score);
            points.Add((dx, dy));
            if (points.Count >= MaxMatches) break;
        }
        return points;
    }

    /// <summary>A part of the watermark: a detected region whose strokes repeat on the lattice.</summary>
    private sealed record Part(TextRegion Region, StrokeTemplate Small, int I, int J, float CellX, float CellY)
    {
        public StrokeTemplate? Full { get; set; }
    }

    private static (GrayImage Mask, IReadOnlyList<TextRegion> Regions) Complete(ImageBuffer image, GrayImage mask, IReadOnlyList<TextRegion> regions,
        TextRegion exemplar, RepetitionLattice lattice, StrokeResponse full, StrokeResponse small, int scale, CancellationToken cancellationToken)
    {
        // The parts: every detected region that repeats on the lattice (more than half, and at least two, of its
        // neighbouring copies match), one per position in the cell.
        var candidates = new List<TextRegion>(regions);
        candidates.Sort((a, b) => (b.Width * b.Height).CompareTo(a.Width * a.Height));
        var parts = new List<Part>();
        foreach (var region in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The repetitions of one mark share its rotation and line height: a region at another angle or of another
            // height is something else (a piece of texture, a glyph fragment).
            if (AngleDifference(region.Angle, exemplar.Angle) > MaxPartAngle || region.Height < 0.6f * exemplar.Height || region.Height > 1.6f * exemplar.Height) continue;
            var template = StrokeTemplate.Build(mask, region.Grow(2), scale, full.Of(Polarity(full, mask, region)));
            if (template is null) continue;
            float dx = region.CenterX - exemplar.CenterX, dy = region.CenterY - exemplar.CenterY;
            var (i, j, _) = lattice.Nearest(dx, dy);
            var (lx, ly) = lattice.At(i, j);
            float cellX = dx - lx, cellY = dy - ly;
            bool duplicate = false;
            foreach (var p in parts)
            {
                float ex = cellX - p.CellX, ey = cellY - p.CellY;
                if (MathF.Sqrt(ex * ex + ey * ey) < 0.5f * Math.Max(region.Height, p.Region.Height)) { duplicate = true; break; }
            }
            if (duplicate) continue;
            int passes = 0, tried = 0;
            foreach (var (ci, cj) in Neighbours(lattice.TwoDimensional))
            {
                var (sx, sy) = lattice.At(ci, cj);
                var (score, visible, _, _, _) = BestMatch(template, small, template.X0 + (int)MathF.Round(sx / scale), template.Y0 + (int)MathF.Round(sy / scale), 1, 0);
                if (visible < 0.7f) continue;
                tried++;
                if (score >= Match) passes++;
            }
            if (passes < 2 || 2 * passes <= tried) continue;
            parts.Add(new Part(region, template, i, j, cellX, cellY));
        }
        if (parts.Count == 0) return (mask, regions);

        // The lattice positions whose instances can touch the image.
        int w = image.Width, h = image.Height;
        var ((iLo, iHi, jLo, jHi), total) = Range(lattice, exemplar, w, h);
        if (total > MaxPositions) return (mask, regions);

        var added = new GrayImage(w, h);
        var result = new List<TextRegion>(regions);
        int count = 0;
        for (int j = jLo; j <= jHi; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = iLo; i <= iHi; i++)
                foreach (var part in parts)
                {
                    var (sx, sy) = lattice.At(i - part.I, j - part.J);
                    var moved = part.Region with { CenterX = part.Region.CenterX + sx, CenterY = part.Region.CenterY + sy };
                    var bounds = moved.Bounds;
                    if (bounds.X >= w || bounds.Y >= h || bounds.X + bounds.Width <= 0 || bounds.Y + bounds.Height <= 0) continue;
                    if (AlreadyFound(regions, moved)) continue;
                    var (score, visible, polarity, _, _) = BestMatch(part.Small, small, part.Small.X0 + (int)MathF.Round(sx / scale), part.Small.Y0 + (int)MathF.Round(sy / scale), 1, 0);
                    if (visible < MinVisible || score < Match) continue;
                    part.Full ??= StrokeTemplate.Build(mask, part.Region.Grow(2), 1);
                    if (part.Full is null) continue;
                    // Refine at full resolution within one block of the coarse position.
                    var (fine, _, _, fx, fy) = BestMatch(part.Full, full, part.Full.X0 + (int)MathF.Round(sx), part.Full.Y0 + (int)MathF.Round(sy), scale, polarity);
                    AddStrokes(part.Full, full.Of(polarity), w, h, fx, fy, added);
                    result.Add(moved with { CenterX = moved.CenterX + fx - part.Full.X0 - MathF.Round(sx), CenterY = moved.CenterY + fy - part.Full.Y0 - MathF.Round(sy), Score = fine });
                    count++;
                }
        }
        if (count == 0) return (mask, regions);
        // The parts' strokes come from the detected mask, already grown for antialiased edges: not grown again.
        return (MaskOps.Union(mask, added), result);
    }

    /// <summary>The lattice coordinates whose instances (parts up to two cells from the exemplar) can touch a w x h image, and their count.</summary>
    private static ((int ILo, int IHi, int JLo, int JHi) Range, long Count) Range(RepetitionLattice lattice, TextRegion exemplar, int w, int h)
    {
        double i0 = double.MaxValue, i1 = double.MinValue, j0 = double.MaxValue, j1 = double.MinValue;
        foreach (var (cx, cy) in new[] { (0, 0), (w, 0), (0, h), (w, h) })
        {
            var (fi, fj) = lattice.Coordinates(cx - exemplar.CenterX, cy - exemplar.CenterY);
            i0 = Math.Min(i0, fi); i1 = Math.Max(i1, fi); j0 = Math.Min(j0, fj); j1 = Math.Max(j1, fj);
        }
        int iLo = (int)Math.Floor(i0) - 2, iHi = (int)Math.Ceiling(i1) + 2;
        int jLo = lattice.TwoDimensional ? (int)Math.Floor(j0) - 2 : 0, jHi = lattice.TwoDimensional ? (int)Math.Ceiling(j1) + 2 : 0;
        long count = (long)(iHi - iLo + 1) * (jHi - jLo + 1);
        // A degenerate fit (tiny vectors) would ask for millions of positions: report it and let the caller refuse.
        if (count > MaxPositions) return ((0, -1, 0, -1), count);
        return ((iLo, iHi, jLo, jHi), count);
    }

    /// <summary>The eight nearest lattice translations (a 1-D lattice: +-1 and +-2 steps).</summary>
    private static IEnumerable<(int I, int J)> Neighbours(bool twoDimensional) => twoDimensional
        ? [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1)]
        : [(1, 0), (-1, 0), (2, 0), (-2, 0)];

    /// <summary>Whether a detected region already covers this instance (its centre lies inside one).</summary>
    private static bool AlreadyFound(IReadOnlyList<TextRegion> regions, TextRegion instance)
    {
        foreach (var r in regions)
            if (r.Contains((int)instance.CenterX, (int)instance.CenterY, 2) && Math.Abs(r.Height - instance.Height) < 0.5f * instance.Height) return true;
        return false;
    }

    /// <summary>
    /// The best correlation of the template within +-<paramref name="search"/> of a placement, for one polarity
    /// (+1 bright, -1 dark) or both (0): score, visible stroke fraction, polarity and placement.
    /// </summary>
    private static (float Score, float Visible, int Polarity, int X, int Y) BestMatch(StrokeTemplate template, StrokeResponse map, int ox, int oy, int search, int polarity)
    {
        (float Score, float Visible, int Polarity, int X, int Y) best = (float.MinValue, 0, polarity == 0 ? 1 : polarity, ox, oy);
        for (int p = polarity == 0 ? -1 : polarity; p <= (polarity == 0 ? 1 : polarity); p += 2)
        {
            var m = map.Of(p);
            for (int dy = -search; dy <= search; dy++)
                for (int dx = -search; dx <= search; dx++)
                {
                    var (score, visible) = template.Correlate(m, map.Width, map.Height, ox + dx, oy + dy, MinVariance);
                    if (score > best.Score) best = (score, visible, p, ox + dx, oy + dy);
                }
        }
        return best;
    }

    /// <summary>Marks the template's stroke pixels (placed at x, y) where the response confirms them.</summary>
    private static void AddStrokes(StrokeTemplate template, ReadOnlySpan<float> response, int w, int h, int ox, int oy, GrayImage added)
    {
        // The template's stroke pixels that fall inside the image, as image indices.
        var strokes = new List<int>();
        for (int v = 0; v < template.Height; v++)
        {
            int y = oy + v;
            if (y < 0 || y >= h) continue;
            for (int u = template.RunStart(v); u < template.RunEnd(v); u++)
            {
                int x = ox + u;
                if (x >= 0 && x < w && template[u, v] >= 0.5f) strokes.Add(y * w + x);
            }
        }
        if (strokes.Count == 0) return;
        double sum = 0;
        foreach (int i in strokes) sum += response[i];
        float threshold = (float)(StrokeFraction * sum / strokes.Count);
        var m = added.Pixels;
        foreach (int i in strokes)
            if (response[i] >= threshold) m[i] = 255;
    }

    /// <summary>+1 when the exemplar's strokes answer more to the bright (top-hat) response than the dark, else -1.</summary>
    private static int Polarity(StrokeResponse full, GrayImage mask, TextRegion region)
    {
        var b = region.Grow(2).Bounds.Inflate(0, mask.Width, mask.Height);
        double bright = 0, dark = 0;
        var br = full.Bright;
        var dk = full.Dark;
        ReadOnlySpan<byte> m = mask.Pixels;
        for (int y = b.Y; y < b.Y + b.Height; y++)
            for (int x = b.X; x < b.X + b.Width; x++)
            {
                int i = y * mask.Width + x;
                if (m[i] < 128 || !region.Contains(x, y, 2)) continue;
                bright += br[i];
                dark += dk[i];
            }
        return bright >= dark ? 1 : -1;
    }

    /// <summary>The difference of two line angles in degrees, 0..90 (a line at 90 and at -90 degrees is the same).</summary>
    private static float AngleDifference(float a, float b)
    {
        float d = Math.Abs(a - b) % 180;
        return d > 90 ? 180 - d : d;
    }

    private static bool IsLocalMax(float[] map, int w, int h, int x, int y, float v)
    {
        for (int dy = -1; dy <= 1; dy++)
        {
            int yy = y + dy;
            if (yy < 0 || yy >= h) continue;
            for (int dx = -1; dx <= 1; dx++)
            {
                int xx = x + dx;
                if (xx < 0 || xx >= w || (dx == 0 && dy == 0)) continue;
                if (map[yy * w + xx] > v) return false;
            }
        }
        return true;
    }

}
