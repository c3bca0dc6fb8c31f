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
        var rowSums = pool.Rent(2 * fine.Height);
        var fineRightHandSide = fine.B;
        // The sweeps run on row bands in parallel, and lambdas cannot capture spans: work on a pooled copy of the values.
        var x = pool.Rent(n);
        values.CopyTo(x);
        var b = rightHandSide;
        try
        {
            Array.Clear(r, 0, n);
            Array.Clear(q, 0, n);
            for (int i = w; i < n - w; i++)
                if (mask[i]) r[i] = (b[i] - four * x[i] + x[i - 1] + x[i + 1] + x[i - w] + x[i + w]) * lanes;
            double initial = Rms(r, fine, rowSums, out _), current = initial, max = 0;
            int iterations = 0;
            // The V-cycle reads its right-hand side from the fine level: point it at r instead of copying r there.
            fine.B = r;
            var z = Precondition();
            Array.Copy(z, p, n);
            var rz = Dot(r, z, fine, rowSums);
            while (current > options.Tolerance && iterations < options.MaxCycles)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // q = A p (p = 0 outside the mask: the boundary is already in r) and p.q in one sweep.
                var pq = ApplyAndDot(p, q, fine, rowSums);
                var alpha = SafeDivide(rz, pq);
                // x += alpha p, r -= alpha q, and the residual norm in one sweep.
                current = Step(x, r, p, q, alpha, fine, rowSums, out max);
                iterations++;
                if (current <= options.Tolerance) break;
                z = Precondition();
                var rzNew = Dot(r, z, fine, rowSums);
                var beta = SafeDivide(rzNew, rz);
                rz = rzNew;
                UpdateDirection(p, z, beta, fine);
            }
            if (iterations == 0) Rms(r, fine, rowSums, out max);
            for (int i = 0; i < n; i++)
                if (mask[i]) values[i] = x[i];
            return new PoissonSolveReport(iterations, initial, current, max, fine.Count);
        }
        finally
        {
            fine.B = fineRightHandSide;
            pool.Return(r);
            pool.Return(p);
            pool.Return(q);
            pool.Return(rowSums);
            pool.Return(x);
        }
    }

    /// <summary>z = one V-cycle for A z = r (the fine level's right-hand side) from z = 0.</summary>
    private Vector128<float>[] Precondition()
    {
        var fine = _levels[0];
        Array.Clear(fine.X);
        VCycle(0);
        return fine.X;
    }

    private static Vector128<float> SafeDivide(Vector128<float> a, Vector128<float> b)
    {
        var ok = Vector128.GreaterThan(Vector128.Abs(b), Vector128.Create(1e-30f));
        return Vector128.ConditionalSelect(ok, a / Vector128.ConditionalSelect(ok, b, Vector128<float>.One), Vector128<float>.Zero);
    }

    /// <summary>Sums per-row partial sums in row order, in double, so the result does not depend on the band count.</summary>
    private static Vector128<float> SumRows(Vector128<float>[] rowSums, int height)
    {
        var lower = Vector128<double>.Zero;
        var upper = Vector128<double>.Zero;
        for (int y = 1; y < height - 1; y++)
        {
            lower += Vector128.WidenLower(rowSums[y]);
            upper += Vector128.WidenUpper(rowSums[y]);
        }
        return Vector128.Create((float)lower[0], (float)lower[1], (float)upper[0], (float)upper[1]);
    }

    private static Vector128<float> Dot(Vector128<float>[] a, Vector128<float>[] b, Level level, Vector128<float>[] rowSums)
    {
        var mask = level.Mask;
        int w = level.Width;
        RowBands.For(1, level.Height - 1, w, (y0, y1) =>
        {
            for (int y = y0; y < y1; y++)
            {
                var sum = Vector128<float>.Zero;
                for (int i = y * w + 1, end = (y + 1) * w - 1; i < end; i++)
                    if (mask[i]) sum += a[i] * b[i];
                rowSums[y] = sum;
            }
        });
        return SumRows(rowSums, level.Height);
    }

    private static Vector128<float> ApplyAndDot(Vector128<float>[] p, Vector128<float>[] q, Level level, Vector128<float>[] rowSums)
    {
        var mask = level.Mask;
        int w = level.Width;
        RowBands.For(1, level.Height - 1, w, (y0, y1) =>
        {
            var four = Vector128.Create(4f);
            for (int y = y0; y < y1; y++)
            {
                var sum = Vector128<float>.Zero;
                for (int i = y * w + 1, end = (y + 1) * w - 1; i < end; i++)
                {
                    if (!mask[i]) continue;
                    var qi = four * p[i] - p[i - 1] - p[i + 1] - p[i - w] - p[i + w];
                    q[i] = qi;
                    sum += p[i] * qi;
                }
                rowSums[y] = sum;
            }
        });
        return SumRows(rowSums, level.Height);
    }

    private static double Step(Vector128<float>[] x, Vector128<float>[] r, Vector128<float>[] p, Vector128<float>[] q, Vector128<float> alpha,
        Level level, Vector128<float>[] rowSums, out double max)
    {
        var mask = level.Mask;
        int w = level.Width, h = level.Height;
        RowBands.For(1, h - 1, w, (y0, y1) =>
        {
            for (int y = y0; y < y1; y++)
            {
                var sum = Vector128<float>.Zero;
                var peak = Vector128<float>.Zero;
                for (int i = y * w + 1, end = (y + 1) * w - 1; i < end; i++)
                {
                    if (!mask[i]) continue;
                    x[i] += alpha * p[i];
                    var ri = r[i] - alpha * q[i];
                    r[i] = ri;
                    sum += ri * ri;
                    peak = Vector128.Max(peak, Vector128.Abs(ri));
                }
                rowSums[y] = sum;
                rowSums[h + y] = peak;
            }
        });
        return Norms(rowSums, level, out max);
    }

    private static double Rms(Vector128<float>[] r, Level level, Vector128<float>[] rowSums, out double max)
    {
        int w = level.Width, h = level.Height;
        RowBands.For(1, h - 1, w, (y0, y1) =>
        {
            for (int y = y0; y < y1; y++)
            {
                var sum = Vector128<float>.Zero;
                var peak = Vector128<float>.Zero;
                for (int i = y * w + 1, end = (y + 1) * w - 1; i < end; i++)
                {
                    sum += r[i] * r[i];
                    peak = Vector128.Max(peak, Vector128.Abs(r[i]));
                }
                rowSums[y] = sum;
                rowSums[h + y] = peak;
            }
        });
        return Norms(rowSums, level, out max);
    }

    /// <summary>RMS over lanes 0..2 and the largest absolute value, from per-row sums (rows 1..h-2) and peaks (h+1..2h-2).</summary>
    private static double Norms(Vector128<float>[] rowSums, Level level, out double max)
    {
        int h = level.Height;
        double total = 0;
        var peak = Vector128<float>.Zero;
        for (int y = 1; y < h - 1; y++)
        {
            var s = rowSums[y];
            total += (double)s[0] + s[1] + s[2];
            peak = Vector128.Max(peak, rowSums[h + y]);
        }
        max = Math.Max(peak[0], Math.Max(peak[1], peak[2]));
        return Math.Sqrt(total / (3.0 * level.Count));
    }

    private static void UpdateDirection(Vector128<float>[] p, Vector128<float>[] z, Vector128<float> beta, Level level)
    {
        var mask = level.Mask;
        int w = level.Width;
        RowBands.For(1, level.Height - 1, w, (y0, y1) =>
        {
            for (int i = y0 * w, end = y1 * w; i < end; i++)
                if (mask[i]) p[i] = z[i] + beta * p[i];
        });
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
        public Vector128<float>[] B = new Vector128<float>[width * height];
        public readonly Vector128<float>[] R = new Vector128<float>[width * height];
        public int Count;

        /// <summary>Red-black Gauss-Seidel (black first when reversed, so pre- and post-smoothing mirror each other).</summary>
        public void Smooth(bool reverse = false)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                int colour = reverse ? 1 - pass : pass;
                // Within one colour every update reads only the other colour, so row bands are independent.
                RowBands.For(1, Height - 1, Width, (y0, y1) => SmoothRows(colour, y0, y1));
            }
        }

        private void SmoothRows(int colour, int firstRow, int endRow)
        {
            var quarter = Vector128.Create(0.25f);
            var x = X.AsSpan();
            ReadOnlySpan<Vector128<float>> b = B;
            ReadOnlySpan<bool> mask = Mask;
            int w = Width;
            for (int y = firstRow; y < endRow; y++)
            {
                int row = y * w;
                for (int i = row + 1 + ((y + 1 + colour) & 1); i < row + w - 1; i += 2)
                {
                    if (!mask[i]) continue;
                    x[i] = (b[i] + x[i - 1] + x[i + 1] + x[i - w] + x[i + w]) * quarter;
                }
            }
        }

        /// <summary>R = B - A X inside the mask (zero outside).</summary>
        public void Residual() => RowBands.For(1, Height - 1, Width, (y0, y1) =>
        {
            var four = Vector128.Create(4f);
            var x = X;
            var r = R;
            var b = B;
            var mask = Mask;
            int w = Width;
            for (int i = y0 * w, end = y1 * w; i < end; i++)
                r[i] = mask[i] ? b[i] - four * x[i] + x[i - 1] + x[i + 1] + x[i - w] + x[i + w] : default;
        });

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
        public void RestrictTo(Level coarse) => RowBands.For(1, coarse.Height - 1, coarse.Width * 4, (cy0, cy1) =>
        {
            var half = Vector128.Create(0.5f);
            var quarter = Vector128.Create(0.25f);
            var fineR = R;
            int w = Width, cw = coarse.Width;
            for (int cy = cy0; cy < cy1; cy++)
                for (int cx = 1; cx < cw - 1; cx++)
                {
                    int c = cy * cw + cx;
                    if (!coarse.Mask[c]) { coarse.B[c] = default; continue; }
                    int i = 2 * cy * w + 2 * cx;
                    coarse.B[c] = fineR[i] + half * (fineR[i - 1] + fineR[i + 1] + fineR[i - w] + fineR[i + w])
                                + quarter * (fineR[i - w - 1] + fineR[i - w + 1] + fineR[i + w - 1] + fineR[i + w + 1]);
                }
        });

        /// <summary>Adds the coarse correction, interpolated bilinearly (zero at coarse nodes outside the coarse mask).</summary>
        public void AddProlongated(Level coarse) => RowBands.For(1, Height - 1, Width, (y0, y1) =>
        {
            var half = Vector128.Create(0.5f);
            var quarter = Vector128.Create(0.25f);
            var e = coarse.X;
            var x = X;
            var mask = Mask;
            int cw = coarse.Width, w = Width;
            for (int y = y0; y < y1; y++)
            {
                int cy0 = y >> 1, cy1 = (y + 1) >> 1;
                for (int px = 1; px < w - 1; px++)
                {
                    int i = y * w + px;
                    if (!mask[i]) continue;
                    int cx0 = px >> 1, cx1 = (px + 1) >> 1;
                    bool oddX = (px & 1) == 1, oddY = (y & 1) == 1;
                    if (!oddX && !oddY) x[i] += e[cy0 * cw + cx0];
                    else if (oddX && !oddY) x[i] += half * (e[cy0 * cw + cx0] + e[cy0 * cw + cx1]);
                    else if (!oddX) x[i] += half * (e[cy0 * cw + cx0] + e[cy1 * cw + cx0]);
                    else x[i] += quarter * (e[cy0 * cw + cx0] + e[cy0 * cw + cx1] + e[cy1 * cw + cx0] + e[cy1 * cw + cx1]);
                }
            }
        });
    }
}
