namespace ImageAI.Diffusion.Schedulers;

/// <summary>DDIM (Song et al. 2020) with eta = 0: deterministic, x_prev = sqrt(abar_prev) x0 + sqrt(1 - abar_prev) eps.</summary>
public sealed class DdimScheduler(SchedulerConfig config) : DiffusionScheduler(config)
{
    private float[]? _x0, _eps;

    /// <inheritdoc />
    public override string Name => "ddim";

    /// <inheritdoc />
    protected override void OnSetTimesteps(int steps) => Timesteps = Schedule.SpacedTimesteps(steps, round: true);

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, GaussianRandom? random)
    {
        CheckIndex(stepIndex);
        int t = IntTimestep(stepIndex);
        int prev = t - Config.NumTrainTimesteps / InferenceSteps;
        double a = Schedule.AlphaCumprodAt(t), aPrev = Schedule.AlphaCumprodAt(prev);
        double alpha = Math.Sqrt(a), sigma = Math.Sqrt(1 - a);
        var x0 = Rent(ref _x0, sample.Length);
        var eps = Rent(ref _eps, sample.Length);
        PredictOriginalVp(modelOutput, sample, alpha, sigma, x0);
        MaybeClip(x0);
        EpsilonFromOriginal(sample, x0, alpha, sigma, eps);
        Combine(x0, Math.Sqrt(aPrev), eps, Math.Sqrt(1 - aPrev), sample);
        PredictedOriginal = x0;
    }

    /// <inheritdoc />
    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckIndex(stepIndex);
        double a = Schedule.AlphaCumprodAt(IntTimestep(stepIndex));
        Combine(original, Math.Sqrt(a), noise, Math.Sqrt(1 - a), destination);
    }
}
