using System.Buffers;
using ImageAI.Imaging;

namespace ImageAI.Matting;

/// <summary>
/// Closed-form alpha matting (Levin, Lischinski &amp; Weiss 2008) restricted to the unknown band of a trimap.
/// Alpha minimises <c>a^T L a + lambda |a - prior|^2</c> over the unknown pixels, with the trimap's definite pixels as
/// fixed boundary values, where <c>L</c> is the matting Laplacian of 3x3 windows: inside every window alpha is
/// assumed to be an affine function of the colour, which is exact for a pixel mix of two locally constant colours.
/// The system is solved with Jacobi-preconditioned conjugate gradients, matrix-free: one product costs a gather
/// over the windows that touch the band (the Laplacian is never stored), so work and memory grow with the band's
/// size, not the image's, and a good starting alpha (e.g. the guided filter's) keeps the iteration count low.
/// </summary>
public static class ClosedFormMatting
{
    private const int WindowSize = 9; // 3x3
    private const int ParallelThreshold = 32768; // windows; below this the band is solved on one thread

    /// <summary>
    /// Solves the unknown band. Returns a new alpha plane (0..1): definite trimap pixels are 0 or 1, unknown pixels
    /// come from the solver.
    /// </summary>
    /// <param name="rgb">Three colour planes (R, G, B; 0..1) of width x height each, back to back.</param>
    /// <param name="trimap">0 = background, 255 = foreground, anything else unknown (same size as the planes).</param>
    /// <param name="initial">Starting alpha for the unknown pixels (0..1), e.g. a guided-filter estimate.</param>
    /// <param name="prior">Alpha the solution is weakly pulled towards where colour says nothing; may be the same as <paramref name="initial"/>.</param>
    /// <param name="width">Plane width.</param>
    /// <param name="height">Plane height.</param>
    /// <param name="options">Regularisation and iteration limits; null means the defaults.</param>
    /// <param name="cancellationToken">Checked every few iterations.</param>
    /// <exception cref="MaskSizeMismatchException">The trimap's size differs from the planes'.</exception>
    /// <exception cref="ArgumentException">A plane is smaller than width x height.</exception>
    public static float[] Solve(ReadOnlySpan<float> rgb, GrayImage trimap, ReadOnlySpan<float> initial, ReadOnlySpan<float> prior,
        int width, int height, ClosedFormMattingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trimap);
        options ??= new ClosedFormMattingOptions();
        options.Validate();
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "The planes must not be empty.");
        int n = width * height;
        trimap.EnsureSameSize(width, height, "trimap");
        if (rgb.Length < 3 * n) throw new ArgumentException($"The colour planes must hold {3 * n} values.", nameof(rgb));
        if (initial.Length < n) throw new ArgumentException($"The initial alpha must hold {n} values.", nameof(initial));
        if (prior.Length < n) throw new ArgumentException($"The prior alpha must hold {n} values.", nameof(prior));

        var t = trimap.Pixels;
        var alpha = new float[n];
        int unknownCount = 0;
        for (int i = 0; i < n; i++)
        {
            byte v = t[i];
            if (v == Trimap.Foreground) alpha[i] = 1f;
            else if (v == Trimap.Background) alpha[i] = 0f;
            else { alpha[i] = Math.Clamp(initial[i], 0f, 1f); unknownCount++; }
        }
        if (unknownCount == 0) return alpha;

        var system = new BandSystem(rgb, t, width, height, unknownCount, options.Epsilon, options.PriorWeight);
        try
        {
            system.SolveInPlace(alpha, prior, options.MaxIterations, options.Tolerance, cancellationToken);
        }
        finally
        {
            system.Dispose();
        }
        return alpha;
    }

    /// <summary>
    /// The band's linear system: unknown pixel list, the windows touching it with their colour mean and
    /// regularised inverse covariance, and pooled scratch vectors for the conjugate gradients.
    /// </summary>
    private sealed class BandSystem : IDisposable
    {
        private readonly int _width, _height, _unknownCount, _windowCount;
        private readonly float _priorWeight;
        private readonly float[] _rgb; // interleaved colour of every pixel (3 per pixel), for cache-friendly gathers
        private readonly int[] _unknown; // pixel index of each unknown
        private readonly int[] _windowOf; // pixel -> window index, -1 where no window is needed
        private readonly int[] _neighbourWindows; // per unknown: the 9 windows containing it (-1 where off the image)
        private readonly int[] _windowCentre; // window -> centre pixel
        private readonly float[] _windowStats; // per window: mean (3) and inverse (6: 00 01 02 11 12 22)
        private readonly float[] _coefficients; // per window: a (3), b (1), refreshed by every product
        private readonly float[] _field; // full-size vector the product reads (zero on definite pixels for directions)

        public BandSystem(ReadOnlySpan<float> planes, ReadOnlySpan<byte> trimap, int width, int height, int unknownCount, float epsilon, float priorWeight)
        {
            _width = width; _height = height; _unknownCount = unknownCount; _priorWeight = priorWeight;
            int n = width * height;
            _rgb = ArrayPool<float>.Shared.Rent(3 * n);
            for (int c = 0; c < 3; c++)
            {
                var plane = planes.Slice(c * n, n);
                for (int i = 0; i < n; i++) _rgb[3 * i + c] = plane[i];
            }
            _unknown = ArrayPool<int>.Shared.Rent(unknownCount);
            _windowOf = ArrayPool<int>.Shared.Rent(n);
            _field = ArrayPool<float>.Shared.Rent(n);
            Array.Fill(_windowOf, -1, 0, n);
            Array.Clear(_field, 0, n);
            int u = 0;
            for (int i = 0; i < n; i++) if (trimap[i] != Trimap.Foreground && trimap[i] != Trimap.Background) _unknown[u++] = i;

            // Every window (3x3, wholly inside the image) that contains an unknown pixel takes part.
            int windows = 0;
            for (int k = 0; k < unknownCount; k++)
            {
                int p = _unknown[k], px = p % width, py = p / width;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int cy = py + dy;
                    if (cy < 1 || cy >= height - 1) continue;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int cx = px + dx;
                        if (cx < 1 || cx >= width - 1) continue;
                        int c = cy * width + cx;
                        if (_windowOf[c] < 0) _windowOf[c] = windows++;
                    }
                }
            }
            _windowCount = windows;
            _windowCentre = ArrayPool<int>.Shared.Rent(Math.Max(1, windows));
            _windowStats = ArrayPool<float>.Shared.Rent(Math.Max(1, 9 * windows));
            _coefficients = ArrayPool<float>.Shared.Rent(Math.Max(1, 4 * windows));
            for (int k = 0; k < unknownCount; k++)
            {
                int p = _unknown[k], px = p % width, py = p / width;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int cx = px + dx, cy = py + dy;
                        if (cx < 1 || cx >= width - 1 || cy < 1 || cy >= height - 1) continue;
                        int c = cy * width + cx;
                        _windowCentre[_windowOf[c]] = c;
                    }
            }
            _neighbourWindows = ArrayPool<int>.Shared.Rent(9 * unknownCount);
            for (int k = 0; k < unknownCount; k++)
            {
                int p = _unknown[k], px = p % width, py = p / width, slot = 9 * k;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int cx = px + dx, cy = py + dy;
                        bool inside = cx >= 1 && cx < width - 1 && cy >= 1 && cy < height - 1;
                        _neighbourWindows[slot++] = inside ? _windowOf[cy * width + cx] : -1;
                    }
            }
            if (windows >= ParallelThreshold) Parallel.For(0, windows, w => WindowStatistics(w, epsilon));
            else for (int w = 0; w < windows; w++) WindowStatistics(w, epsilon);
        }

        /// <summary>Mean colour and (covariance + eps/|w| I)^-1 of one window, in double to survive a tiny epsilon.</summary>
        private void WindowStatistics(int w, float epsilon)
        {
            int centre = _windowCentre[w];
            double sr = 0, sg = 0, sb = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    int q = 3 * (centre + dy * _width + dx);
                    sr += _rgb[q]; sg += _rgb[q + 1]; sb += _rgb[q + 2];
                }
            double mr = sr / WindowSize, mg = sg / WindowSize, mb = sb / WindowSize;
            double rr = 0, rg = 0, rb = 0, gg = 0, gb = 0, bb = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    int q = 3 * (centre + dy * _width + dx);
                    double r = _rgb[q] - mr, g = _rgb[q + 1] - mg, b = _rgb[q + 2] - mb;
                    rr += r * r; rg += r * g; rb += r * b; gg += g * g; gb += g * b; bb += b * b;
                }
            double reg = epsilon / (double)WindowSize;
            rr = rr / WindowSize + reg; gg = gg / WindowSize + reg; bb = bb / WindowSize + reg;
            rg /= WindowSize; rb /= WindowSize; gb /= WindowSize;
            double i00 = gg * bb - gb * gb, i01 = rb * gb - rg * bb, i02 = rg * gb - rb * gg;
            double i11 = rr * bb - rb * rb, i12 = rb * rg - rr * gb, i22 = rr * gg - rg * rg;
            double inv = 1.0 / (rr * i00 + rg * i01 + rb * i02);
            var s = _windowStats.AsSpan(9 * w, 9);
            s[0] = (float)mr; s[1] = (float)mg; s[2] = (float)mb;
            s[3] = (float)(i00 * inv); s[4] = (float)(i01 * inv); s[5] = (float)(i02 * inv);
            s[6] = (float)(i11 * inv); s[7] = (float)(i12 * inv); s[8] = (float)(i22 * inv);
        }

        /// <summary>
        /// y = (L field)_U + lambda * field_U: per window the affine fit a.I + b of the field (a = Delta^-1 cov(I, field),
        /// b = mean field - a.mean I), then per unknown pixel the sum over its windows of field_i - (a.I_i + b).
        /// </summary>
        private void Multiply(float[] y)
        {
            if (_windowCount >= ParallelThreshold)
            {
                Parallel.For(0, Chunks(_windowCount), c => FitWindows(ChunkStart(c, _windowCount), ChunkStart(c + 1, _windowCount)));
                Parallel.For(0, Chunks(_unknownCount), c => Residuals(y, ChunkStart(c, _unknownCount), ChunkStart(c + 1, _unknownCount)));
            }
            else
            {
                FitWindows(0, _windowCount);
                Residuals(y, 0, _unknownCount);
            }
        }

        private static int Chunks(int count) => Math.Max(1, Math.Min(Environment.ProcessorCount * 4, count / 4096));
        private static int ChunkStart(int chunk, int count) => (int)((long)count * chunk / Chunks(count));

        /// <summary>Affine fit (a, b) of the field in windows [from, to).</summary>
        private void FitWindows(int from, int to)
        {
            var field = _field;
            var rgb = _rgb;
            var stats = _windowStats;
            var coefficients = _coefficients;
            int width = _width;
            const float inv9 = 1f / WindowSize;
            for (int w = from; w < to; w++)
            {
                int centre = _windowCentre[w];
                int s = 9 * w;
                float mr = stats[s], mg = stats[s + 1], mb = stats[s + 2];
                float sp = 0, cr = 0, cg = 0, cb = 0;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int row = centre + dy * width;
                    for (int q = row - 1; q <= row + 1; q++)
                    {
                        float v = field[q];
                        sp += v;
                        cr += (rgb[3 * q] - mr) * v; cg += (rgb[3 * q + 1] - mg) * v; cb += (rgb[3 * q + 2] - mb) * v;
                    }
                }
                cr *= inv9; cg *= inv9; cb *= inv9;
                float ar = stats[s + 3] * cr + stats[s + 4] * cg + stats[s + 5] * cb;
                float ag = stats[s + 4] * cr + stats[s + 6] * cg + stats[s + 7] * cb;
                float ab = stats[s + 5] * cr + stats[s + 7] * cg + stats[s + 8] * cb;
                int o = 4 * w;
                coefficients[o] = ar; coefficients[o + 1] = ag; coefficients[o + 2] = ab;
                coefficients[o + 3] = sp * inv9 - ar * mr - ag * mg - ab * mb;
            }
        }

        /// <summary>y_k for unknowns [from, to): the sum over the pixel's windows of field - (a.I + b), plus the prior term.</summary>
        private void Residuals(float[] y, int from, int to)
        {
            var field = _field;
            var rgb = _rgb;
            var coefficients = _coefficients;
            var neighbours = _neighbourWindows;
            for (int k = from; k < to; k++)
            {
                int p = _unknown[k];
                float v = field[p], r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
                float sum = 0;
                for (int j = 9 * k, end = j + 9; j < end; j++)
                {
                    int win = neighbours[j];
                    if (win < 0) continue;
                    int o = 4 * win;
                    sum += v - (coefficients[o] * r + coefficients[o + 1] * g + coefficients[o + 2] * b + coefficients[o + 3]);
                }
                y[k] = sum + _priorWeight * v;
            }
        }

        /// <summary>Diagonal of the system: per window 1 - (1 + (I_i - mu)^T Delta^-1 (I_i - mu)) / |w|, plus lambda.</summary>
        private void Diagonal(Span<float> d)
        {
            var rgb = _rgb;
            var stats = _windowStats;
            for (int k = 0; k < _unknownCount; k++)
            {
                int p = _unknown[k];
                float r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
                float sum = 0;
                for (int j = 9 * k, end = j + 9; j < end; j++)
                {
                    int win = _neighbourWindows[j];
                    if (win < 0) continue;
                    var s = stats.AsSpan(9 * win, 9);
                    float er = r - s[0], eg = g - s[1], eb = b - s[2];
                    float quad = er * (s[3] * er + s[4] * eg + s[5] * eb) + eg * (s[4] * er + s[6] * eg + s[7] * eb) + eb * (s[5] * er + s[7] * eg + s[8] * eb);
                    sum += 1f - (1f + quad) / WindowSize;
                }
                d[k] = Math.Max(sum + _priorWeight, 1e-6f);
            }
        }

        /// <summary>Preconditioned conjugate gradients on the unknowns; <paramref name="alpha"/> holds the boundary values and the start.</summary>
        public int SolveInPlace(float[] alpha, ReadOnlySpan<float> prior, int maxIterations, float tolerance, CancellationToken ct)
        {
            int m = _unknownCount, n = _width * _height;
            var pool = ArrayPool<float>.Shared;
            float[] r = pool.Rent(m), z = pool.Rent(m), d = pool.Rent(m), q = pool.Rent(m), diag = pool.Rent(m);
            try
            {
                Diagonal(diag);
                // r = b - A x with b = lambda * prior: evaluate A on the whole current alpha (boundary values included).
                alpha.AsSpan(0, n).CopyTo(_field);
                Multiply(q);
                double rz = 0, r0 = 0;
                for (int k = 0; k < m; k++)
                {
                    int p = _unknown[k];
                    r[k] = _priorWeight * Math.Clamp(prior[p], 0f, 1f) - q[k];
                    z[k] = r[k] / diag[k];
                    d[k] = z[k];
                    rz += (double)r[k] * z[k];
                    r0 += (double)r[k] * r[k];
                }
                // From here on the field carries search directions: zero on the definite pixels.
                Array.Clear(_field, 0, n);
                double stop = tolerance * tolerance * Math.Max(r0, 1e-30);
                double rr = r0;
                int iteration = 0;
                for (; iteration < maxIterations && rr > stop && rr > 1e-20; iteration++)
                {
                    if ((iteration & 7) == 0) ct.ThrowIfCancellationRequested();
                    for (int k = 0; k < m; k++) _field[_unknown[k]] = d[k];
                    Multiply(q);
                    double dq = 0;
                    for (int k = 0; k < m; k++) dq += (double)d[k] * q[k];
                    if (dq <= 0) break;
                    float step = (float)(rz / dq);
                    double rzNext = 0;
                    rr = 0;
                    for (int k = 0; k < m; k++)
                    {
                        alpha[_unknown[k]] += step * d[k];
                        r[k] -= step * q[k];
                        z[k] = r[k] / diag[k];
                        rzNext += (double)r[k] * z[k];
                        rr += (double)r[k] * r[k];
                    }
                    float beta = (float)(rzNext / rz);
                    rz = rzNext;
                    for (int k = 0; k < m; k++) d[k] = z[k] + beta * d[k];
                }
                for (int k = 0; k < m; k++)
                {
                    int p = _unknown[k];
                    alpha[p] = Math.Clamp(alpha[p], 0f, 1f);
                }
                return iteration;
            }
            finally
            {
                pool.Return(r); pool.Return(z); pool.Return(d); pool.Return(q); pool.Return(diag);
            }
        }

        public void Dispose()
        {
            ArrayPool<float>.Shared.Return(_rgb);
            ArrayPool<int>.Shared.Return(_unknown);
            ArrayPool<int>.Shared.Return(_windowOf);
            ArrayPool<int>.Shared.Return(_neighbourWindows);
            ArrayPool<float>.Shared.Return(_field);
            ArrayPool<int>.Shared.Return(_windowCentre);
            ArrayPool<float>.Shared.Return(_windowStats);
            ArrayPool<float>.Shared.Return(_coefficients);
        }
    }
}

/// <summary>Settings of <see cref="ClosedFormMatting"/>.</summary>
public sealed record ClosedFormMattingOptions
{
    /// <summary>Colour-covariance regularisation of the matting Laplacian (colours in 0..1); smaller follows colour more strictly. Default 1e-6.</summary>
    public float Epsilon { get; init; } = 1e-6f;

    /// <summary>Weight of the pull towards the prior alpha on unknown pixels (0 = pure closed-form). Default 1e-2.</summary>
    public float PriorWeight { get; init; } = 1e-2f;

    /// <summary>Most conjugate-gradient iterations. Default 200.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Stop when the residual norm has fallen by this factor. Default 1e-2.</summary>
    public float Tolerance { get; init; } = 1e-2f;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for out-of-range settings.</summary>
    public void Validate()
    {
        if (!(Epsilon > 0) || float.IsInfinity(Epsilon)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be positive.");
        if (!(PriorWeight >= 0) || float.IsInfinity(PriorWeight)) throw new ArgumentOutOfRangeException(nameof(PriorWeight), PriorWeight, "The prior weight must be 0 or more.");
        if (MaxIterations < 0) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "The iteration limit must be 0 or more.");
        if (!(Tolerance > 0) || Tolerance >= 1) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The tolerance must be in (0, 1).");
    }
}
