using System.Buffers;
using System.Runtime.Intrinsics;

namespace ImageAI.Blending;

/// <summary>How a <see cref="PoissonSolver"/> run ended.</summary>
/// <param name="Cycles">Preconditioned conjugate-gradient iterations run (one multigrid V-cycle each).</param>
/// <param name="InitialResidual">Root-mean-square residual (grey levels) before the first cycle.</param>
/// <param name="FinalResidual">Root-mean-square residual after the last cycle.</param>
/// <param name="MaxResidual">Largest absolute residual after the last cycle.</param>
/// <param name="Unknowns">Pixels solved for.</param>
public sealed record PoissonSolveReport(int Cycles, double InitialResidual, double FinalResidual, double MaxResidual, int Unknowns);

/// <summary>Stopping rules for <see cref="PoissonSolver"/>.</summary>
public sealed record PoissonSolverOptions
{
    /// <summary>Stop when the RMS residual falls below this many grey levels (default 1e-3).</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Stop after this many iterations at most (default 40).</summary>
    public int MaxCycles { get; init; } = 40;
}

/// <summary>
/// Solves the discrete Poisson equation <c>4 f(p) - sum f(neighbours) = b(p)</c> for every pixel p inside a mask,
/// with f fixed (Dirichlet) outside it, for up to four channels at once (one <see cref="Vector128{T}"/> per pixel,
/// each lane an independent problem). Conjugate gradients preconditioned by one geometric multigrid V-cycle
/// (vertex-centred hierarchy, symmetric red-black Gauss-Seidel, full-weighting restriction = transpose of bilinear
/// prolongation, so the preconditioner is symmetric). Multigrid makes the iteration count almost independent of the
/// region size; the conjugate-gradient wrapper absorbs what the coarse grids get wrong along an irregular mask edge.
/// </summary>
public sealed class PoissonSolver
{
    private readonly List<Level> _levels = [];

    /// <summary>
    /// Creates a solver on a grid of <paramref name="width"/> x <paramref name="height"/>. The mask (non-zero = unknown)
    /// must be zero on the outermost ring of the grid so every unknown has four neighbours.
    /// </summary>
    public PoissonSolver(int width, int height, ReadOnlySpan<byte> mask)
    {
        if (width < 3 || height < 3) throw new ArgumentException("The grid must be at least 3x3.", nameof(width));
        if (mask.Length != width * height) throw new ArgumentException($"The mask has {mask.Length} values, expected {width * height}.", nameof(mask));
        var fine = new Level(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                bool inside = mask[i] != 0;
                if (inside && (x == 0 || y == 0 || x == width - 1 || y == height - 1))
                    throw new ArgumentException("The mask must be zero on the grid's border.", nameof(mask));
                fine.Mask[i] = inside;
                if (inside) fine.Count++;
            }
        _levels.Add(fine);
        while (true)
        {
            var last = _levels[^1];
            if (last.Width < 7 || last.Height < 7 || last.Count <= 16) break;
            var coarse = last.Coarsen();
            if (coarse.Count == 0) break;
            _levels.Add(coarse);
        }
    }

    /// <summary>Grid width.</summary>
    public int Width => _levels[0].Width;

    /// <summary>Grid height.</summary>
    public int Height => _levels[0].Height;

    /// <summary>Number of unknown pixels.</summary>
    public int Unknowns => _levels[0].Count;

    /// <summary>
    /// Solves in place. <paramref name="values"/> holds the initial guess inside the mask and the fixed boundary values
    /// outside; <paramref name="rightHandSide"/> holds b (the divergence term) for masked pixels. Stops when the RMS
    /// residual (over lanes 0..2) is below the tolerance.
    /// </summary>
    public PoissonSolveReport Solve(Span<Vector128<float>> values, ReadOnlySpan<Vector128<float>> rightHandSide, PoissonSolverOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PoissonSolverOptions();
        var fine = _levels[0];
        int n = fine.X.Length, w = fine.Width;
        if (values.Length != n || rightHandSide.Length != n)
            throw new ArgumentException($"Values and right-hand side must have {n} entries.");
        if (fine.Count == 0) return new PoissonSolveReport(0, 0, 0, 0, 0);
        ReadOnlySpan<bool> mask = fine.Mask;
        var lanes = Vector128.Create(1f, 1f, 1f, 0f);
        var four = Vector128.Create(4f);

        // r = b - A x over the mask (x outside the mask are the boundary values).
        var pool = ArrayPool<Vector128<float>>.Shared;
        var r = pool.Rent(n);
        var p = pool.Rent(n);
        var q = pool.Rent(n);
        try
        {
        Array.Clear(r, 0, n);
        Array.Clear(q, 0, n);
        for (int i = w; i < n - w; i++)
            if (mask[i]) r[i] = (rightHandSide[i] - four * values[i] + values[i - 1] + values[i + 1] + values[i - w] + values[i + w]) * lanes;
        double initial = Rms(r, n, fine.Count, out _), current = initial, max = 0;
        int iterations = 0;
        var z = Precondition(r);
        Array.Copy(z, p, n);
        var rz = Dot(r, z, mask);
        while (current > options.Tolerance && iterations < options.MaxCycles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // q = A p, with p = 0 outside the mask (the boundary is already in r).
            for (int i = w; i < n - w; i++)
                if (mask[i]) q[i] = four * p[i] - p[i - 1] - p[i + 1] - p[i - w] - p[i + w];
            var pq = Dot(p, q, mask);
            var alpha = SafeDivide(rz, pq);
            for (int i = w; i < n - w; i++)
            {
                if (!mask[i]) continue;
                values[i] += alpha * p[i];
                r[i] -= alpha * q[i];
            }
            iterations++;
            current = Rms(r, n, fine.Count, out max);
            if (current <= options.Tolerance) break;
            z = Precondition(r);
            var rzNew = Dot(r, z, mask);
            var beta = SafeDivide(rzNew, rz);
            rz = rzNew;
            for (int i = w; i < n - w; i++)
                if (mask[i]) p[i] = z[i] + beta * p[i];
        }
        if (iterations == 0) Rms(r, n, fine.Count, out max);
        return new PoissonSolveReport(iterations, initial, current, max, fine.Count);
        }
        finally
        {
            pool.Return(r);
            pool.Return(p);
            pool.Return(q);
        }
    }

    /// <summary>z = one V-cycle for A z = r from z = 0.</summary>
    private Vector128<float>[] Precondition(Vector128<float>[] r)
    {
        var fine = _levels[0];
        Array.Copy(r, fine.B, fine.B.Length);
        Array.Clear(fine.X);
        VCycle(0);
        return fine.X;
    }

    private static Vector128<float> SafeDivide(Vector128<float> a, Vector128<float> b)
    {
        var ok = Vector128.GreaterThan(Vector128.Abs(b), Vector128.Create(1e-30f));
        return Vector128.ConditionalSelect(ok, a / Vector128.ConditionalSelect(ok, b, Vector128<float>.One), Vector128<float>.Zero);
    }

    private static Vector128<float> Dot(Vector128<float>[] a, Vector128<float>[] b, ReadOnlySpan<bool> mask)
    {
        // Per-row partial sums keep float rounding small on large regions.
        var total = Vector128<double>.Zero;
        var total2 = Vector128<double>.Zero;
        var sum = Vector128<float>.Zero;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i]) sum += a[i] * b[i];
            if ((i & 1023) == 1023)
            {
                total += Vector128.WidenLower(sum);
                total2 += Vector128.WidenUpper(sum);
                sum = Vector128<float>.Zero;
            }
        }
        total += Vector128.WidenLower(sum);
        total2 += Vector128.WidenUpper(sum);
        return Vector128.Create((float)total[0], (float)total[1], (float)total2[0], (float)total2[1]);
    }

    private static double Rms(Vector128<float>[] r, int length, int count, out double max)
    {
        double total = 0;
        var peak = Vector128<float>.Zero;
        var sum = Vector128<float>.Zero;
        for (int i = 0; i < length; i++)
        {
            sum += r[i] * r[i];
            peak = Vector128.Max(peak, Vector128.Abs(r[i]));
            if ((i & 1023) == 1023) { total += sum[0] + sum[1] + sum[2]; sum = Vector128<float>.Zero; }
        }
        total += sum[0] + sum[1] + sum[2];
        max = Math.Max(peak[0], Math.Max(peak[1], peak[2]));
        return Math.Sqrt(total / (3.0 * count));
    }

    private void VCycle(int index)
    {
        var level = _levels[index];
        if (index == _levels.Count - 1)
        {
            for (int i = 0; i < 20; i++) { level.Smooth(); level.Smooth(reverse: true); }
            return;
        }
        level.Smooth();
        level.Smooth();
        level.Residual();
        var coarse = _levels[index + 1];
        level.RestrictTo(coarse);
        Array.Clear(coarse.X);
        VCycle(index + 1);
        level.AddProlongated(coarse);
        level.Smooth(reverse: true);
        level.Smooth(reverse: true);
    }

    /// <summary>One grid of the hierarchy: unknowns X (zero outside the mask), right-hand side B, residual R.</summary>
    private sealed class Level(int width, int height)
    {
        public readonly int Width = width, Height = height;
        public readonly bool[] Mask = new bool[width * height];
        public readonly Vector128<float>[] X = new Vector128<float>[width * height];
        public readonly Vector128<float>[] B = new Vector128<float>[width * height];
        public readonly Vector128<float>[] R = new Vector128<float>[width * height];
        public int Count;

        /// <summary>Red-black Gauss-Seidel (black first when reversed, so pre- and post-smoothing mirror each other).</summary>
        public void Smooth(bool reverse = false)
        {
            var quarter = Vector128.Create(0.25f);
            var x = X.AsSpan();
            ReadOnlySpan<Vector128<float>> b = B;
            ReadOnlySpan<bool> mask = Mask;
            int w = Width;
            for (int pass = 0; pass < 2; pass++)
            {
                int colour = reverse ? 1 - pass : pass;
                for (int y = 1; y < Height - 1; y++)
                {
                    int row = y * w;
                    for (int i = row + 1 + ((y + 1 + colour) & 1); i < row + w - 1; i += 2)
                    {
                        if (!mask[i]) continue;
                        x[i] = (b[i] + x[i - 1] + x[i + 1] + x[i - w] + x[i + w]) * quarter;
                    }
                }
            }
        }

        /// <summary>R = B - A X inside the mask (zero outside).</summary>
        public void Residual()
        {
            var four = Vector128.Create(4f);
            var x = X.AsSpan();
            var r = R.AsSpan();
            int w = Width;
            for (int i = w; i < x.Length - w; i++)
                r[i] = Mask[i] ? B[i] - four * x[i] + x[i - 1] + x[i + 1] + x[i - w] + x[i + w] : default;
        }

        /// <summary>The next coarser level: coarse node (cx, cy) sits on fine node (2cx, 2cy) and is unknown when that node is.</summary>
        public Level Coarsen()
        {
            var coarse = new Level(Width / 2 + 2, Height / 2 + 2);
            for (int cy = 1; cy < coarse.Height - 1; cy++)
                for (int cx = 1; cx < coarse.Width - 1; cx++)
                {
                    int x = 2 * cx, y = 2 * cy;
                    if (x >= Width - 1 || y >= Height - 1 || !Mask[y * Width + x]) continue;
                    coarse.Mask[cy * coarse.Width + cx] = true;
                    coarse.Count++;
                }
            return coarse;
        }

        /// <summary>Coarse B = 4 x full-weighting of R (weights 1, 1/2, 1/4), i.e. the transpose of bilinear prolongation.</summary>
        public void RestrictTo(Level coarse)
        {
            var half = Vector128.Create(0.5f);
            var quarter = Vector128.Create(0.25f);
            int w = Width, cw = coarse.Width;
            for (int cy = 1; cy < coarse.Height - 1; cy++)
                for (int cx = 1; cx < cw - 1; cx++)
                {
                    int c = cy * cw + cx;
                    if (!coarse.Mask[c]) { coarse.B[c] = default; continue; }
                    int i = 2 * cy * w + 2 * cx;
                    coarse.B[c] = R[i] + half * (R[i - 1] + R[i + 1] + R[i - w] + R[i + w])
                                + quarter * (R[i - w - 1] + R[i - w + 1] + R[i + w - 1] + R[i + w + 1]);
                }
        }

        /// <summary>Adds the coarse correction, interpolated bilinearly (zero at coarse nodes outside the coarse mask).</summary>
        public void AddProlongated(Level coarse)
        {
            var half = Vector128.Create(0.5f);
            var quarter = Vector128.Create(0.25f);
            var e = coarse.X;
            int cw = coarse.Width;
            for (int y = 1; y < Height - 1; y++)
            {
                int cy0 = y >> 1, cy1 = (y + 1) >> 1;
                for (int x = 1; x < Width - 1; x++)
                {
                    int i = y * Width + x;
                    if (!Mask[i]) continue;
                    int cx0 = x >> 1, cx1 = (x + 1) >> 1;
                    bool oddX = (x & 1) == 1, oddY = (y & 1) == 1;
                    if (!oddX && !oddY) X[i] += e[cy0 * cw + cx0];
                    else if (oddX && !oddY) X[i] += half * (e[cy0 * cw + cx0] + e[cy0 * cw + cx1]);
                    else if (!oddX) X[i] += half * (e[cy0 * cw + cx0] + e[cy1 * cw + cx0]);
                    else X[i] += quarter * (e[cy0 * cw + cx0] + e[cy0 * cw + cx1] + e[cy1 * cw + cx0] + e[cy1 * cw + cx1]);
                }
            }
        }
    }
}
