using System.Runtime.Intrinsics;

namespace ImageAI.Blending;

/// <summary>How a <see cref="PoissonSolver"/> run ended.</summary>
/// <param name="Cycles">Multigrid V-cycles run.</param>
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

    /// <summary>Stop after this many V-cycles at most (default 40).</summary>
    public int MaxCycles { get; init; } = 40;
}

/// <summary>
/// Solves the discrete Poisson equation <c>4 f(p) - sum f(neighbours) = b(p)</c> for every pixel p inside a mask,
/// with f fixed (Dirichlet) outside it, for up to four channels at once (one <see cref="Vector128{T}"/> per pixel).
/// Geometric multigrid: red-black Gauss-Seidel smoothing, a cell-centred hierarchy whose coarse cells are unknown
/// when any child is, sum restriction of residuals and bilinear prolongation of corrections. Each V-cycle costs
/// O(pixels) and cuts the residual by a roughly constant factor independent of the region size, which is what
/// makes 512x512 regions fast where plain relaxation would need thousands of sweeps.
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
            if (last.Width < 8 || last.Height < 8 || last.Count <= 16) break;
            _levels.Add(last.Coarsen());
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
    /// outside; <paramref name="rightHandSide"/> holds b (the divergence term) for masked pixels.
    /// </summary>
    public PoissonSolveReport Solve(Span<Vector128<float>> values, ReadOnlySpan<Vector128<float>> rightHandSide, PoissonSolverOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PoissonSolverOptions();
        var fine = _levels[0];
        if (values.Length != fine.X.Length || rightHandSide.Length != fine.X.Length)
            throw new ArgumentException($"Values and right-hand side must have {fine.X.Length} entries.");
        values.CopyTo(fine.X);
        rightHandSide.CopyTo(fine.B);
        double initial = fine.Residual(out _), current = initial, max = 0;
        int cycles = 0;
        if (fine.Count == 0) return new PoissonSolveReport(0, 0, 0, 0, 0);
        while (current > options.Tolerance && cycles < options.MaxCycles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            VCycle(0);
            cycles++;
            current = fine.Residual(out max);
        }
        if (cycles == 0) fine.Residual(out max);
        fine.X.AsSpan().CopyTo(values);
        return new PoissonSolveReport(cycles, initial, current, max, fine.Count);
    }

    private void VCycle(int index)
    {
        var level = _levels[index];
        if (index == _levels.Count - 1)
        {
            for (int i = 0; i < 40; i++) level.Smooth();
            return;
        }
        level.Smooth();
        level.Smooth();
        level.Residual(out _);
        var coarse = _levels[index + 1];
        level.RestrictTo(coarse);
        Array.Clear(coarse.X);
        VCycle(index + 1);
        level.AddProlongated(coarse);
        level.Smooth(reverse: true);
        level.Smooth(reverse: true);
    }

    /// <summary>One grid of the hierarchy: unknowns X, right-hand side B, residual R.</summary>
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

        /// <summary>Computes R = B - A X inside the mask (zero outside); returns its RMS over the first three lanes.</summary>
        public double Residual(out double max)
        {
            var four = Vector128.Create(4f);
            var lanes = Vector128.Create(1f, 1f, 1f, 0f);
            var x = X.AsSpan();
            var r = R.AsSpan();
            int w = Width;
            var sum = Vector128<float>.Zero;
            var peak = Vector128<float>.Zero;
            double total = 0;
            for (int y = 1; y < Height - 1; y++)
            {
                int row = y * w;
                for (int i = row + 1; i < row + w - 1; i++)
                {
                    if (!Mask[i]) { r[i] = default; continue; }
                    var v = (B[i] - four * x[i] + x[i - 1] + x[i + 1] + x[i - w] + x[i + w]) * lanes;
                    r[i] = v;
                    sum += v * v;
                    peak = Vector128.Max(peak, Vector128.Abs(v));
                }
                // Accumulate per row in double so large regions do not lose precision.
                total += sum[0] + sum[1] + sum[2];
                sum = Vector128<float>.Zero;
            }
            max = Math.Max(peak[0], Math.Max(peak[1], peak[2]));
            return Count == 0 ? 0 : Math.Sqrt(total / (3.0 * Count));
        }

        /// <summary>The next coarser level: cell (cx, cy) covers fine cells 2cx-1..2cx, 2cy-1..2cy.</summary>
        public Level Coarsen()
        {
            var coarse = new Level((Width + 1) / 2 + 1, (Height + 1) / 2 + 1);
            for (int y = 1; y < Height - 1; y++)
                for (int x = 1; x < Width - 1; x++)
                {
                    if (!Mask[y * Width + x]) continue;
                    int c = ((y + 1) >> 1) * coarse.Width + ((x + 1) >> 1);
                    if (!coarse.Mask[c]) { coarse.Mask[c] = true; coarse.Count++; }
                }
            return coarse;
        }

        /// <summary>Coarse right-hand side = sum of the children's residuals (the 1/4 of the coarse operator folded in).</summary>
        public void RestrictTo(Level coarse)
        {
            Array.Clear(coarse.B);
            for (int y = 1; y < Height - 1; y++)
            {
                int crow = ((y + 1) >> 1) * coarse.Width;
                for (int x = 1; x < Width - 1; x++)
                {
                    int i = y * Width + x;
                    if (Mask[i]) coarse.B[crow + ((x + 1) >> 1)] += R[i];
                }
            }
        }

        /// <summary>Adds the coarse correction, interpolated bilinearly (weights 9/16, 3/16, 3/16, 1/16).</summary>
        public void AddProlongated(Level coarse)
        {
            var w9 = Vector128.Create(9f / 16f);
            var w3 = Vector128.Create(3f / 16f);
            var w1 = Vector128.Create(1f / 16f);
            var e = coarse.X;
            int cw = coarse.Width;
            for (int y = 1; y < Height - 1; y++)
            {
                int cy = (y + 1) >> 1, ny = (y & 1) == 1 ? cy - 1 : cy + 1;
                for (int x = 1; x < Width - 1; x++)
                {
                    int i = y * Width + x;
                    if (!Mask[i]) continue;
                    int cx = (x + 1) >> 1, nx = (x & 1) == 1 ? cx - 1 : cx + 1;
                    X[i] += w9 * e[cy * cw + cx] + w3 * (e[cy * cw + nx] + e[ny * cw + cx]) + w1 * e[ny * cw + nx];
                }
            }
        }
    }
}
