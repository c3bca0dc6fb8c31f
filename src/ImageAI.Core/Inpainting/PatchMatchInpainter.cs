namespace ImageAI.Inpainting;

/// <summary>
/// Exemplar-based inpainting (Wexler et al. 2007 "Space-Time Completion", with Barnes et al. 2009 PatchMatch for
/// the nearest-neighbour field). An image pyramid is built with the hole; the coarsest level is seeded by
/// fast marching, then at each level, coarse to fine, the hole is refined by expectation-maximisation: find for
/// every patch that touches the hole its most similar fully known patch (PatchMatch: propagation and random
/// search), then set each hole pixel to the similarity-weighted vote of the overlapping patches. The field is
/// upsampled to seed the next level, so large structures come from coarse levels and texture from fine ones.
/// </summary>
internal sealed class PatchMatchInpainter
{
    private readonly int _radius;
    private readonly CancellationToken _ct;
    private uint _rng;

    private PatchMatchInpainter(int radius, int seed, CancellationToken ct)
    {
        _radius = radius;
        _ct = ct;
        _rng = (uint)seed * 2654435761u + 1u;
    }

    /// <summary>Fills data where hole is true, in place.</summary>
    public static void Inpaint(float[] data, int width, int height, bool[] hole, int patchRadius, int seed, CancellationToken ct) =>
        new PatchMatchInpainter(patchRadius, seed, ct).Run(data, width, height, hole);

    private sealed class Level
    {
        public required int W, H;
        public required float[] Img;
        public required bool[] Hole;
        public bool[] ValidSource = [];
        public int[] Sources = [];
        public int[] Targets = [];
        public bool[] IsTarget = [];
        public int[] Nnf = [];
        public float[] Cost = [];
    }

    private void Run(float[] data, int width, int height, bool[] hole)
    {
        var levels = new List<Level> { new() { W = width, H = height, Img = data, Hole = hole } };
        int minSide = 10 * _radius + 10;
        while (true)
        {
            var last = levels[^1];
            if (Math.Min(last.W, last.H) / 2 < minSide) break;
            var next = Downsample(last);
            if (!next.Hole.Contains(true)) break;
            levels.Add(next);
        }

        var coarsest = levels[^1];
        Prepare(coarsest);
        if (coarsest.Sources.Length == 0)
        {
            // Nothing to copy from: fall back to smooth diffusion.
            TeleaInpainter.Inpaint(data, width, height, hole, 5, _ct);
            return;
        }
        TeleaInpainter.Inpaint(coarsest.Img, coarsest.W, coarsest.H, coarsest.Hole, 5, _ct);
        RandomField(coarsest);

        for (int li = levels.Count - 1; li >= 0; li--)
        {
            var level = levels[li];
            if (li < levels.Count - 1)
            {
                Prepare(level);
                if (level.Sources.Length == 0) { TeleaInpainter.Inpaint(level.Img, level.W, level.H, level.Hole, 5, _ct); continue; }
                UpsampleInto(levels[li + 1], level);
            }
            int iterations = li == 0 ? 2 : Math.Min(2 + li, 6);
            for (int it = 0; it < iterations; it++)
            {
                _ct.ThrowIfCancellationRequested();
                int passes = li == levels.Count - 1 && it == 0 ? 4 : li == 0 ? 1 : 2;
                for (int p = 0; p < passes; p++) Search(level, reverse: ((it + p) & 1) == 1);
                Vote(level);
            }
        }
    }

    private static Level Downsample(Level fine)
    {
        int w = (fine.W + 1) / 2, h = (fine.H + 1) / 2;
        var img = new float[w * h * 3];
        var hole = new bool[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float r = 0, g = 0, b = 0;
                int n = 0;
                for (int dy = 0; dy < 2; dy++)
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int fx = Math.Min(2 * x + dx, fine.W - 1), fy = Math.Min(2 * y + dy, fine.H - 1);
                        int fi = fy * fine.W + fx;
                        if (fine.Hole[fi]) continue;
                        r += fine.Img[fi * 3]; g += fine.Img[fi * 3 + 1]; b += fine.Img[fi * 3 + 2];
                        n++;
                    }
                int i = y * w + x;
                if (n == 0) { hole[i] = true; continue; }
                img[i * 3] = r / n; img[i * 3 + 1] = g / n; img[i * 3 + 2] = b / n;
            }
        return new Level { W = w, H = h, Img = img, Hole = hole };
    }

    /// <summary>Finds the valid source centres (patch fully inside the image and fully known) and the targets.</summary>
    private void Prepare(Level level)
    {
        int w = level.W, h = level.H, r = _radius;
        // Integral image of hole counts for O(1) patch tests.
        var integral = new int[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++)
        {
            int rowSum = 0;
            for (int x = 0; x < w; x++)
            {
                rowSum += level.Hole[y * w + x] ? 1 : 0;
                integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + rowSum;
            }
        }
        int HoleCount(int x0, int y0, int x1, int y1) =>
            integral[(y1 + 1) * (w + 1) + x1 + 1] - integral[y0 * (w + 1) + x1 + 1] - integral[(y1 + 1) * (w + 1) + x0] + integral[y0 * (w + 1) + x0];

        level.ValidSource = new bool[w * h];
        level.IsTarget = new bool[w * h];
        var sources = new List<int>();
        var targets = new List<int>();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                if (x >= r && y >= r && x < w - r && y < h - r && HoleCount(x - r, y - r, x + r, y + r) == 0)
                {
                    level.ValidSource[i] = true;
                    sources.Add(i);
                }
                if (HoleCount(Math.Max(0, x - r), Math.Max(0, y - r), Math.Min(w - 1, x + r), Math.Min(h - 1, y + r)) > 0)
                {
                    level.IsTarget[i] = true;
                    targets.Add(i);
                }
            }
        level.Sources = [.. sources];
        level.Targets = [.. targets];
        level.Nnf = new int[w * h];
        level.Cost = new float[w * h];
    }

    private uint Next()
    {
        uint x = _rng;
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        return _rng = x;
    }

    private void RandomField(Level level)
    {
        foreach (int t in level.Targets)
        {
            int s = level.Sources[Next() % (uint)level.Sources.Length];
            level.Nnf[t] = s;
            level.Cost[t] = Distance(level, t, s, float.MaxValue);
        }
    }

    private void UpsampleInto(Level coarse, Level fine)
    {
        int w = fine.W, h = fine.H;
        // Seed hole pixels from the coarse result (nearest), so the first votes start from the coarse solution.
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                if (!fine.Hole[i]) continue;
                int ci = Math.Min(y / 2, coarse.H - 1) * coarse.W + Math.Min(x / 2, coarse.W - 1);
                fine.Img[i * 3] = coarse.Img[ci * 3];
                fine.Img[i * 3 + 1] = coarse.Img[ci * 3 + 1];
                fine.Img[i * 3 + 2] = coarse.Img[ci * 3 + 2];
            }
        foreach (int t in fine.Targets)
        {
            int x = t % w, y = t / w;
            int cx = Math.Min(x / 2, coarse.W - 1), cy = Math.Min(y / 2, coarse.H - 1);
            int ci = cy * coarse.W + cx;
            int s = -1;
            if (coarse.IsTarget[ci])
            {
                int cs = coarse.Nnf[ci];
                int sx = 2 * (cs % coarse.W) + (x & 1), sy = 2 * (cs / coarse.W) + (y & 1);
                if (sx < w && sy < h && fine.ValidSource[sy * w + sx]) s = sy * w + sx;
            }
            if (s < 0) s = fine.Sources[Next() % (uint)fine.Sources.Length];
            fine.Nnf[t] = s;
        }
        Vote(fine);
    }

    /// <summary>Sum of squared RGB differences over the patch (clipped at the image border), stopping early above <paramref name="limit"/>.</summary>
    private float Distance(Level level, int t, int s, float limit)
    {
        int w = level.W, h = level.H, r = _radius;
        int tx = t % w, ty = t / w;
        int offset = (s - t) * 3;
        int x0 = Math.Max(0, tx - r), x1 = Math.Min(w - 1, tx + r);
        int y0 = Math.Max(0, ty - r), y1 = Math.Min(h - 1, ty + r);
        var img = level.Img;
        float sum = 0;
        for (int y = y0; y <= y1; y++)
        {
            int a = (y * w + x0) * 3, end = (y * w + x1) * 3 + 3;
            for (; a < end; a++)
            {
                float d = img[a] - img[a + offset];
                sum += d * d;
            }
            if (sum > limit) return sum;
        }
        return sum;
    }

    private void Search(Level level, bool reverse)
    {
        int w = level.W, h = level.H, r = _radius;
        var targets = level.Targets;
        var nnf = level.Nnf;
        var cost = level.Cost;
        var valid = level.ValidSource;
        int step = reverse ? -1 : 1;
        int maxRadius = Math.Max(w, h);
        for (int k = reverse ? targets.Length - 1 : 0; k >= 0 && k < targets.Length; k += step)
        {
            if ((k & 1023) == 0) _ct.ThrowIfCancellationRequested();
            int t = targets[k];
            int tx = t % w, ty = t / w;
            int best = nnf[t];
            // Re-evaluate: the hole content changed since the last vote.
            float bestCost = Distance(level, t, best, float.MaxValue);

            // Propagation from the already visited neighbours (left/up, or right/down when reversed).
            int nx = tx - step, ny = ty - step;
            if ((uint)nx < (uint)w && level.IsTarget[ty * w + nx])
            {
                int c = nnf[ty * w + nx] + step;
                int cx = c % w;
                if ((uint)c < (uint)valid.Length && Math.Abs(cx - (nnf[ty * w + nx] % w)) == 1 && valid[c] && c != best)
                {
                    float d = Distance(level, t, c, bestCost);
                    if (d < bestCost) { bestCost = d; best = c; }
                }
            }
            if ((uint)ny < (uint)h && level.IsTarget[ny * w + tx])
            {
                int c = nnf[ny * w + tx] + step * w;
                if ((uint)c < (uint)valid.Length && valid[c] && c != best)
                {
                    float d = Distance(level, t, c, bestCost);
                    if (d < bestCost) { bestCost = d; best = c; }
                }
            }

            // Random search in shrinking windows around the current best.
            for (int radius = maxRadius; radius >= 1; radius >>= 1)
            {
                int bx = best % w, by = best / w;
                int sx = bx + (int)(Next() % (uint)(2 * radius + 1)) - radius;
                int sy = by + (int)(Next() % (uint)(2 * radius + 1)) - radius;
                sx = Math.Clamp(sx, r, w - 1 - r);
                sy = Math.Clamp(sy, r, h - 1 - r);
                int c = sy * w + sx;
                if (!valid[c] || c == best) continue;
                float d = Distance(level, t, c, bestCost);
                if (d < bestCost) { bestCost = d; best = c; }
            }
            nnf[t] = best;
            cost[t] = bestCost;
        }
    }

    /// <summary>Sets every hole pixel to the similarity-weighted mean of the source pixels its overlapping patches propose.</summary>
    private void Vote(Level level)
    {
        int w = level.W, h = level.H, r = _radius;
        var targets = level.Targets;
        // Weight scale: a robust typical patch cost (75th percentile), as in Wexler et al.
        var sample = new float[Math.Min(targets.Length, 4096)];
        for (int i = 0; i < sample.Length; i++) sample[i] = level.Cost[targets[(int)((long)i * targets.Length / sample.Length)]];
        Array.Sort(sample);
        float sigma2 = sample.Length == 0 ? 1f : Math.Max(1f, sample[(int)(sample.Length * 0.75)]);

        var acc = new float[w * h * 3];
        var weights = new float[w * h];
        var img = level.Img;
        foreach (int t in targets)
        {
            int tx = t % w, ty = t / w;
            int s = level.Nnf[t];
            float weight = MathF.Exp(-level.Cost[t] / (2 * sigma2));
            if (weight < 1e-6f) weight = 1e-6f;
            int offset = s - t;
            int x0 = Math.Max(0, tx - r), x1 = Math.Min(w - 1, tx + r);
            int y0 = Math.Max(0, ty - r), y1 = Math.Min(h - 1, ty + r);
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                {
                    int p = y * w + x;
                    if (!level.Hole[p]) continue;
                    int q = (p + offset) * 3;
                    acc[p * 3] += weight * img[q];
                    acc[p * 3 + 1] += weight * img[q + 1];
                    acc[p * 3 + 2] += weight * img[q + 2];
                    weights[p] += weight;
                }
        }
        for (int p = 0; p < weights.Length; p++)
        {
            if (!level.Hole[p] || weights[p] <= 0) continue;
            float inv = 1f / weights[p];
            img[p * 3] = acc[p * 3] * inv;
            img[p * 3 + 1] = acc[p * 3 + 1] * inv;
            img[p * 3 + 2] = acc[p * 3 + 2] * inv;
        }
    }
}
