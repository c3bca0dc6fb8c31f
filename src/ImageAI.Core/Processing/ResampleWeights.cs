namespace ImageAI.Processing;

/// <summary>
/// Precomputed taps of a separable resampling filter along one axis: for each output coordinate, the first
/// source index and normalised weights. Computed once per (source, destination, mode) and reused for every row.
/// </summary>
internal sealed class ResampleWeights
{
    public readonly int[] Start;
    public readonly int[] Count;
    public readonly float[] Weights;
    public readonly int MaxTaps;

    private ResampleWeights(int[] start, int[] count, float[] weights, int maxTaps)
    {
        Start = start;
        Count = count;
        Weights = weights;
        MaxTaps = maxTaps;
    }

    public ReadOnlySpan<float> WeightsFor(int i) => Weights.AsSpan(i * MaxTaps, Count[i]);

    public static ResampleWeights Create(int sourceSize, int destinationSize, ResizeMode mode, bool antialias)
    {
        double scale = (double)sourceSize / destinationSize;
        // Shrinking widens the kernel by the scale so every source pixel contributes (antialiasing).
        double filterScale = antialias && mode != ResizeMode.Nearest ? Math.Max(scale, 1.0) : 1.0;
        double support = KernelSupport(mode) * filterScale;
        int maxTaps = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[destinationSize];
        var count = new int[destinationSize];
        var weights = new float[destinationSize * maxTaps];
        var tmp = new double[maxTaps];

        for (int i = 0; i < destinationSize; i++)
        {
            double center = (i + 0.5) * scale;
            if (mode == ResizeMode.Nearest)
            {
                start[i] = Math.Min((int)center, sourceSize - 1);
                count[i] = 1;
                weights[i * maxTaps] = 1f;
                continue;
            }
            int lo = Math.Max((int)Math.Floor(center - support + 0.5), 0);
            int hi = Math.Min((int)Math.Floor(center + support + 0.5), sourceSize);
            int n = Math.Min(hi - lo, maxTaps);
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                double w = Kernel(mode, (lo + k + 0.5 - center) / filterScale);
                tmp[k] = w;
                sum += w;
            }
            if (sum == 0)
            {
                // The footprint fell between samples (cannot happen for the kernels above, kept as a guard).
                tmp[0] = 1; sum = 1; n = Math.Max(n, 1);
            }
            // Trim zero-weight taps at both ends so inner loops do no useless work.
            int first = 0, last = n - 1;
            while (first < last && tmp[first] == 0) first++;
            while (last > first && tmp[last] == 0) last--;
            start[i] = lo + first;
            count[i] = last - first + 1;
            for (int k = first; k <= last; k++) weights[i * maxTaps + k - first] = (float)(tmp[k] / sum);
        }
        return new ResampleWeights(start, count, weights, maxTaps);
    }

    private static double KernelSupport(ResizeMode mode) => mode switch
    {
        ResizeMode.Bilinear => 1.0,
        ResizeMode.Bicubic => 2.0,
        _ => 0.5,
    };

    private static double Kernel(ResizeMode mode, double x)
    {
        x = Math.Abs(x);
        switch (mode)
        {
            case ResizeMode.Bilinear:
                return x < 1 ? 1 - x : 0;
            case ResizeMode.Bicubic:
                const double a = -0.5;
                if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
                if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
                return 0;
            default:
                // Box: half-open so that neighbouring outputs never both take a boundary sample.
                return x < 0.5 ? 1 : x == 0.5 ? 0.5 : 0;
        }
    }
}
