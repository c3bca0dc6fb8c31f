namespace ImageAI.Diffusion.Schedulers;

/// <summary>
/// PNDM (Liu et al. 2022) with the Runge-Kutta warm-up skipped, i.e. pseudo linear multistep (PLMS) as Stable
/// Diffusion's default config uses (<c>skip_prk_steps</c>): Adams-Bashforth combinations of up to four noise
/// predictions, applied with the paper's transfer formula. The second timestep is repeated (one more model call
/// than steps) because the first update is a two-point average.
/// </summary>
public sealed class PndmScheduler(SchedulerConfig config) : DiffusionScheduler(config)
{
    private readonly List<float[]> _ets = [];
    private float[]? _curSample, _combined, _x0;
    private int _counter;

    /// <inheritdoc />
    public override string Name => "pndm";

    /// <inheritdoc />
    protected override void OnSetTimesteps(int steps)
    {
        var desc = Schedule.SpacedTimesteps(steps, round: true);
        // ascending t0..tn-1 -> plms order: t0..t(n-2), t(n-2), t(n-1), then reversed
        var asc = desc.Reverse().ToArray();
        var plms = new List<double>(steps + 1);
        if (steps == 1) plms.AddRange(asc);
        else
        {
            for (int i = 0; i < asc.Length - 1; i++) plms.Add(asc[i]);
            plms.Add(asc[^2]);
            plms.Add(asc[^1]);
        }
        plms.Reverse();
        Timesteps = [.. plms];
        _ets.Clear();
        _counter = 0;
        _curSample = null;
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, GaussianRandom? random)
    {
        CheckIndex(stepIndex);
        int ratio = Config.NumTrainTimesteps / InferenceSteps;
        int t = IntTimestep(stepIndex);
        int prev = t - ratio;
        int n = sample.Length;
        var eps = Rent(ref _combined, n);
        ToEpsilon(modelOutput, sample, t, eps);

        if (_counter != 1)
        {
            if (_ets.Count == 4) { var old = _ets[0]; _ets.RemoveAt(0); eps.AsSpan().CopyTo(old); _ets.Add(old); }
            else _ets.Add(eps.ToArray());
        }
        else
        {
            prev = t;
            t += ratio;
        }

        var e = _ets;
        Span<float> combined = eps;
        if (e.Count == 1 && _counter == 0)
        {
            _curSample = sample.ToArray();
        }
        else if (e.Count == 1 && _counter == 1)
        {
            Combine(eps, 0.5, e[^1], 0.5, combined);
            _curSample!.AsSpan().CopyTo(sample);
            _curSample = null;
        }
        else if (e.Count == 2)
        {
            Combine(e[^1], 1.5, e[^2], -0.5, combined);
        }
        else if (e.Count == 3)
        {
            Combine(e[^1], 23.0 / 12, e[^2], -16.0 / 12, combined);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(e[^3], (float)(5.0 / 12), combined, combined);
        }
        else
        {
            Combine(e[^1], 55.0 / 24, e[^2], -59.0 / 24, combined);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(e[^3], (float)(37.0 / 24), combined, combined);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(e[^4], (float)(-9.0 / 24), combined, combined);
        }

        double a = Schedule.AlphaCumprodAt(t), aPrev = Schedule.AlphaCumprodAt(prev);
        var x0 = Rent(ref _x0, n);
        Combine(sample, 1 / Math.Sqrt(a), combined, -Math.Sqrt(1 - a) / Math.Sqrt(a), x0);
        PredictedOriginal = x0;
        // transfer: x_prev = sqrt(aPrev/a) x - (aPrev - a) / (a sqrt(1-aPrev) + sqrt(a (1-a) aPrev)) eps
        double denom = a * Math.Sqrt(1 - aPrev) + Math.Sqrt(a * (1 - a) * aPrev);
        Combine(sample, Math.Sqrt(aPrev / a), combined, -(aPrev - a) / denom, sample);
        _counter++;
    }

    /// <summary>The noise prediction whatever the model predicts.</summary>
    private void ToEpsilon(ReadOnlySpan<float> output, ReadOnlySpan<float> sample, int t, Span<float> eps)
    {
        double a = Schedule.AlphaCumprodAt(t);
        double alpha = Math.Sqrt(a), sigma = Math.Sqrt(1 - a);
        switch (Prediction)
        {
            case PredictionType.Epsilon: output.CopyTo(eps); break;
            case PredictionType.VPrediction: Combine(output, alpha, sample, sigma, eps); break;
            default: Combine(sample, 1 / sigma, output, -alpha / sigma, eps); break;
        }
    }

    /// <inheritdoc />
    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckIndex(stepIndex);
        double a = Schedule.AlphaCumprodAt(IntTimestep(stepIndex));
        Combine(original, Math.Sqrt(a), noise, Math.Sqrt(1 - a), destination);
    }
}
