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
    /// Fits the lattice to displacements of matched instances (one of them the reference at 0, 0). A basis vector must
    /// be the difference of at least two pairs of points (a single coincidence is not a repetition) and
    /// <paramref name="admissible"/> (e.g. instances shifted by it do not overlap); A is the shortest such vector and B the shortest
    /// one not parallel to it. Both are then refined by least squares over the points that lie on the lattice within
    /// <paramref name="tolerance"/> (+2% of the vector's length). Null when no vector repeats or fewer than three
    /// points lie on the lattice.
    /// </summary>
    public static RepetitionLattice? Fit(IReadOnlyList<(float X, float Y)> points, Func<float, float, bool> admissible, float tolerance)
    {
        int n = points.Count;
        if (n < 3) return null;
        var diffs = new List<(float X, float Y, float Length)>(n * (n - 1) / 2);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                float dx = points[j].X - points[i].X, dy = points[j].Y - points[i].Y;
                // One representative of +-d: the half-plane y > 0 (or y == 0, x > 0).
                if (dy < 0 || (dy == 0 && dx < 0)) { dx = -dx; dy = -dy; }
                float len = MathF.Sqrt(dx * dx + dy * dy);
                if (admissible(dx, dy)) diffs.Add((dx, dy, len));
            }
        diffs.Sort((a, b) => a.Length.CompareTo(b.Length));
        (float X, float Y, float Length)? first = null, second = null;
        foreach (var d in diffs)
        {
            if (Support(diffs, d.X, d.Y, tolerance + 0.02f * d.Length) < 2) continue;
            if (first is null) { first = d; continue; }
            var a = first.Value;
            // Not parallel: at least 15 degrees apart.
            if (Math.Abs(a.X * d.Y - a.Y * d.X) < 0.26f * a.Length * d.Length) continue;
            second = d;
            break;
        }
        if (first is null) return null;
        var guess = new RepetitionLattice(first.Value.X, first.Value.Y, second?.X ?? 0, second?.Y ?? 0, second is not null, 0);
        return guess.Refine(points, tolerance);
    }

    /// <summary>Least-squares A and B over the points within tolerance of the lattice; null below three inliers.</summary>
    private RepetitionLattice? Refine(IReadOnlyList<(float X, float Y)> points, float tolerance)
    {
        // Normal equations of p = i*A + j*B (no offset: the reference instance is the origin), x and y separately.
        double sii = 0, sij = 0, sjj = 0, sxi = 0, sxj = 0, syi = 0, syj = 0;
        int inliers = 0;
        float scale = MathF.Sqrt(Ax * Ax + Ay * Ay);
        foreach (var (x, y) in points)
        {
            var (i, j, d) = Nearest(x, y);
            float reach = MathF.Sqrt(x * x + y * y);
            if (d > tolerance + 0.02f * Math.Max(reach, scale)) continue;
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

    private static int Support(List<(float X, float Y, float Length)> diffs, float x, float y, float tolerance)
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
