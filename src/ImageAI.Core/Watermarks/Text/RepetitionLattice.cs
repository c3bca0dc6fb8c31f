namespace ImageAI.Watermarks;

/// <summary>
/// The translations of a tiled watermark: points <c>i*A + j*B</c> (integers i, j), or <c>i*A</c> for a single row when
/// <see cref="TwoDimensional"/> is false. Fitted from the positions of matched instances relative to one of them.
/// </summary>
/// <param name="Ax">First basis vector, x (pixels).</param>
/// <param name="Ay">First basis vector, y.</param>
/// <param name="Bx">Second basis vector, x (0 when one-dimensional).</param>
/// <param name="By">Second basis vector, y.</param>
/// <param name="TwoDimensional">Whether B is part of the lattice.</param>
/// <param name="Inliers">How many of the fitted points lie on the lattice.</param>
internal readonly record struct RepetitionLattice(float Ax, float Ay, float Bx, float By, bool TwoDimensional, int Inliers)
{
    /// <summary>The translation i*A + j*B.</summary>
    public (float X, float Y) At(int i, int j) => (i * Ax + j * Bx, i * Ay + j * By);

    /// <summary>The (possibly fractional) lattice coordinates of a displacement (for a 1-D lattice: the projection on A, j = 0).</summary>
    public (double I, double J) Coordinates(double x, double y)
    {
        if (!TwoDimensional) return ((x * Ax + y * Ay) / (Ax * Ax + Ay * Ay), 0);
        double det = Ax * By - Ay * Bx;
        return ((x * By - y * Bx) / det, (Ax * y - Ay * x) / det);
    }

    /// <summary>The nearest lattice translation to a displacement and its distance.</summary>
    public (int I, int J, float Distance) Nearest(double x, double y)
    {
        var (fi, fj) = Coordinates(x, y);
        int bi = 0, bj = 0;
        float best = float.MaxValue;
        // The rounded coordinates are not always nearest for a skewed basis: look around them.
        for (int di = -1; di <= 1; di++)
            for (int dj = TwoDimensional ? -1 : 0; dj <= (TwoDimensional ? 1 : 0); dj++)
            {
                int i = (int)Math.Round(fi) + di, j = (int)Math.Round(fj) + dj;
                var (px, py) = At(i, j);
                float d = (float)Math.Sqrt((x - px) * (x - px) + (y - py) * (y - py));
                if (d < best) { best = d; bi = i; bj = j; }
            }
        return (bi, bj, best);
    }

    /// <summary>
    /// Candidate lattices for translations between matched instances (each a displacement from one instance to
    /// another). Candidate basis vectors are the translations that occur at least twice (a single coincidence is not a
    /// repetition), the most repeated first; the pairs of them (or, failing any, single vectors: one row) that <paramref name="plausible"/>
    /// accepts are ranked by how many translations they explain within <paramref name="tolerance"/> (+2% of their
    /// length), the coarser first on a tie, and the best <paramref name="count"/> are refined by least squares. Random
    /// matches can make a wrong lattice explain the most, so the caller verifies the candidates on the image.
    /// </summary>
    public static List<RepetitionLattice> Fit(IReadOnlyList<(float X, float Y)> translations, float tolerance, Func<RepetitionLattice, bool> plausible, int count)
    {
        var result = new List<RepetitionLattice>();
        var diffs = new List<(float X, float Y, float Length)>(translations.Count);
        foreach (var (x, y) in translations)
        {
            float len = MathF.Sqrt(x * x + y * y);
            if (len > 0) diffs.Add((x, y, len));
        }
        if (diffs.Count < 3) return result;
        diffs.Sort((a, b) => a.Length.CompareTo(b.Length));
        // Distinct repeating translations, the most often repeated first (the true lattice's short vectors recur
        // between many pairs of instances and for every exemplar; chance alignments of partial matches recur less).
        var supported = new List<((float X, float Y, float Length) Vector, int Support)>();
        foreach (var d in diffs)
        {
            float tol = tolerance + 0.02f * d.Length;
            bool seen = false;
            foreach (var (c, _) in supported)
                if (Support([c], d.X, d.Y, tol) > 0) { seen = true; break; }
            if (seen) continue;
            int support = Support(diffs, d.X, d.Y, tol);
            if (support >= 2) supported.Add((d, support));
        }
        supported.Sort((a, b) => a.Support != b.Support ? b.Support.CompareTo(a.Support) : a.Vector.Length.CompareTo(b.Vector.Length));
        var candidates = new List<(float X, float Y, float Length)>();
        foreach (var (v, _) in supported)
        {
            candidates.Add(v);
            if (candidates.Count >= MaxCandidates) break;
        }
        var ranked = new List<(RepetitionLattice Lattice, int Inliers, float Area)>();
        for (int a = 0; a < candidates.Count; a++)
            for (int b = a + 1; b < candidates.Count; b++)
            {
                var (u, v) = (candidates[a], candidates[b]);
                float area = Math.Abs(u.X * v.Y - u.Y * v.X);
                // Not parallel: at least 15 degrees apart.
                if (area < 0.26f * u.Length * v.Length) continue;
                var lattice = new RepetitionLattice(u.X, u.Y, v.X, v.Y, true, 0);
                if (!plausible(lattice)) continue;
                // The same lattice from another pair of its vectors counts once.
                bool same = false;
                foreach (var r in ranked)
                    if (r.Lattice.TwoDimensional && Math.Abs(r.Area - area) < 0.1f * area && r.Lattice.IsInlier(u.X, u.Y, tolerance) && r.Lattice.IsInlier(v.X, v.Y, tolerance)) { same = true; break; }
                if (!same) ranked.Add((lattice, lattice.CountInliers(translations, tolerance), area));
            }
        foreach (var u in candidates)
        {
            var lattice = new RepetitionLattice(u.X, u.Y, 0, 0, false, 0);
            if (plausible(lattice)) ranked.Add((lattice, lattice.CountInliers(translations, tolerance), 0));
        }
        ranked.Sort((x, y) => x.Inliers != y.Inliers ? y.Inliers.CompareTo(x.Inliers) : y.Area.CompareTo(x.Area));
        foreach (var (lattice, _, _) in ranked)
        {
            if (lattice.Refine(translations, tolerance) is { } refined) result.Add(refined);
            if (result.Count >= count) break;
        }
        return result;
    }

    /// <summary>
    /// The same lattice with a reduced basis (Lagrange-Gauss: A the shortest vector, B the shortest not parallel to
    /// it), so that the small combinations of A and B are the nearest repetitions; a 1-D lattice is unchanged.
    /// </summary>
    public RepetitionLattice Reduced()
    {
        if (!TwoDimensional) return this;
        double ax = Ax, ay = Ay, bx = Bx, by = By;
        for (int iteration = 0; iteration < 32; iteration++)
        {
            if (ax * ax + ay * ay > bx * bx + by * by) (ax, ay, bx, by) = (bx, by, ax, ay);
            double k = Math.Round((ax * bx + ay * by) / (ax * ax + ay * ay));
            if (k == 0) break;
            bx -= k * ax; by -= k * ay;
        }
        return this with { Ax = (float)ax, Ay = (float)ay, Bx = (float)bx, By = (float)by };
    }

    /// <summary>At most this many candidate basis vectors (the shortest repeating translations) are paired.</summary>
    private const int MaxCandidates = 12;

    private bool IsInlier(float x, float y, float tolerance)
    {
        var (_, _, d) = Nearest(x, y);
        float reach = MathF.Sqrt(x * x + y * y);
        return d <= tolerance + 0.02f * Math.Max(reach, MathF.Sqrt(Ax * Ax + Ay * Ay));
    }

    private int CountInliers(IReadOnlyList<(float X, float Y)> translations, float tolerance)
    {
        int count = 0;
        foreach (var (x, y) in translations) if (IsInlier(x, y, tolerance)) count++;
        return count;
    }

    /// <summary>
    /// The finer lattice generated by this one and <paramref name="offset"/> (a fraction 1/<paramref name="n"/> of a
    /// lattice vector): its reduced basis, found among small integer combinations of A, B and the offset.
    /// </summary>
    public RepetitionLattice Subdivide((float X, float Y) offset, int n)
    {
        if (!TwoDimensional) return this with { Ax = offset.X, Ay = offset.Y };
        double target = Math.Abs(Ax * By - Ay * Bx) / n;
        var vectors = new List<(float X, float Y, float Length)>();
        for (int c1 = -n; c1 <= n; c1++)
            for (int c2 = -n; c2 <= n; c2++)
                for (int c3 = -n; c3 <= n; c3++)
                {
                    float x = c1 * Ax + c2 * Bx + c3 * offset.X, y = c1 * Ay + c2 * By + c3 * offset.Y;
                    float len = MathF.Sqrt(x * x + y * y);
                    if (len > 1e-3f * (MathF.Abs(Ax) + MathF.Abs(Ay) + 1)) vectors.Add((x, y, len));
                }
        vectors.Sort((a, b) => a.Length.CompareTo(b.Length));
        var a = vectors[0];
        foreach (var b in vectors)
            if (Math.Abs(Math.Abs(a.X * b.Y - a.Y * b.X) - target) < 0.05 * target)
                return this with { Ax = a.X, Ay = a.Y, Bx = b.X, By = b.Y };
        return this;
    }

    /// <summary>Least-squares A and B over the points within tolerance of the lattice; null below three inliers.</summary>
    private RepetitionLattice? Refine(IReadOnlyList<(float X, float Y)> points, float tolerance)
    {
        // Normal equations of p = i*A + j*B (no offset: the reference instance is the origin), x and y separately.
        double sii = 0, sij = 0, sjj = 0, sxi = 0, sxj = 0, syi = 0, syj = 0;
        int inliers = 0;
        foreach (var (x, y) in points)
        {
            if (!IsInlier(x, y, tolerance)) continue;
            var (i, j, _) = Nearest(x, y);
            inliers++;
            sii += i * i; sij += i * j; sjj += j * j;
            sxi += x * i; sxj += x * j; syi += y * i; syj += y * j;
        }
        if (inliers < 3) return null;
        if (!TwoDimensional)
        {
            if (sii <= 0) return null;
            return this with { Ax = (float)(sxi / sii), Ay = (float)(syi / sii), Inliers = inliers };
        }
        double det = sii * sjj - sij * sij;
        // Points all on one row of the lattice do not fix B: keep the guess for it.
        if (Math.Abs(det) < 1e-6) return sii > 0 ? this with { Ax = (float)(sxi / sii), Ay = (float)(syi / sii), Inliers = inliers } : null;
        return this with
        {
            Ax = (float)((sxi * sjj - sxj * sij) / det), Ay = (float)((syi * sjj - syj * sij) / det),
            Bx = (float)((sxj * sii - sxi * sij) / det), By = (float)((syj * sii - syi * sij) / det),
            Inliers = inliers,
        };
    }

    private static int Support(IReadOnlyList<(float X, float Y, float Length)> diffs, float x, float y, float tolerance)
    {
        int count = 0;
        float t2 = tolerance * tolerance;
        foreach (var d in diffs)
        {
            // Either sign: a nearly horizontal vector's representative can be taken from either side.
            float ex = d.X - x, ey = d.Y - y, fx = d.X + x, fy = d.Y + y;
            if (ex * ex + ey * ey <= t2 || fx * fx + fy * fy <= t2) count++;
        }
        return count;
    }
}
