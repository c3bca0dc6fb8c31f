namespace ImageAI.Geometry;

/// <summary>
/// A 2-D similarity (uniform scale, rotation, translation) or general affine map:
/// <c>x' = A*x + B*y + C</c>, <c>y' = D*x + E*y + F</c>. Immutable.
/// </summary>
public readonly record struct AffineTransform(double A, double B, double C, double D, double E, double F)
{
    /// <summary>The identity map.</summary>
    public static AffineTransform Identity => new(1, 0, 0, 0, 1, 0);

    /// <summary>Maps a point.</summary>
    public PointF2 Apply(PointF2 p) => new((float)(A * p.X + B * p.Y + C), (float)(D * p.X + E * p.Y + F));

    /// <summary>The uniform scale factor (square root of the determinant's magnitude).</summary>
    public double Scale => Math.Sqrt(Math.Abs(A * E - B * D));

    /// <summary>The inverse map; throws <see cref="InvalidOperationException"/> when the map is singular.</summary>
    public AffineTransform Invert()
    {
        double det = A * E - B * D;
        if (Math.Abs(det) < 1e-12) throw new InvalidOperationException("The transform is singular and cannot be inverted.");
        double ia = E / det, ib = -B / det, id = -D / det, ie = A / det;
        return new AffineTransform(ia, ib, -(ia * C + ib * F), id, ie, -(id * C + ie * F));
    }

    /// <summary>The map that applies <paramref name="first"/> and then this one.</summary>
    public AffineTransform After(AffineTransform first) => new(
        A * first.A + B * first.D, A * first.B + B * first.E, A * first.C + B * first.F + C,
        D * first.A + E * first.D, D * first.B + E * first.E, D * first.C + E * first.F + F);

    /// <summary>Scales the output: <c>x' = s * this(x)</c> (e.g. a template defined for 512 pixels used at another size).</summary>
    public AffineTransform ThenScale(double s) => new(A * s, B * s, C * s, D * s, E * s, F * s);
}

/// <summary>Least-squares similarity transform estimation between point sets (e.g. five face landmarks).</summary>
public static class SimilarityTransform
{
    /// <summary>
    /// The similarity <c>T</c> (scale, rotation, translation; no reflection) minimising
    /// <c>sum |T(source[i]) - destination[i]|^2</c>. Closed form: with centred points, the optimal
    /// <c>a = s*cos(theta)</c>, <c>b = s*sin(theta)</c> are <c>a = sum(x.u + y.v) / sum|x|^2</c> and
    /// <c>b = sum(x.v - y.u) / sum|x|^2</c> (the 2-D case of Umeyama's method, where no SVD is needed).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two points, different counts, or all source points equal.</exception>
    public static AffineTransform Estimate(ReadOnlySpan<PointF2> source, ReadOnlySpan<PointF2> destination)
    {
        if (source.Length != destination.Length) throw new ArgumentException($"Point counts differ: {source.Length} and {destination.Length}.", nameof(destination));
        if (source.Length < 2) throw new ArgumentException("At least two point pairs are needed.", nameof(source));
        int n = source.Length;
        double sx = 0, sy = 0, dx = 0, dy = 0;
        for (int i = 0; i < n; i++) { sx += source[i].X; sy += source[i].Y; dx += destination[i].X; dy += destination[i].Y; }
        sx /= n; sy /= n; dx /= n; dy /= n;
        double norm = 0, pa = 0, pb = 0;
        for (int i = 0; i < n; i++)
        {
            double x = source[i].X - sx, y = source[i].Y - sy, u = destination[i].X - dx, v = destination[i].Y - dy;
            norm += x * x + y * y;
            pa += x * u + y * v;
            pb += x * v - y * u;
        }
        if (norm < 1e-12) throw new ArgumentException("The source points are all the same; no transform is defined.", nameof(source));
        double a = pa / norm, b = pb / norm;
        // x' = a*x - b*y + tx ; y' = b*x + a*y + ty, with the centroids mapped onto each other.
        return new AffineTransform(a, -b, dx - (a * sx - b * sy), b, a, dy - (b * sx + a * sy));
    }
}
