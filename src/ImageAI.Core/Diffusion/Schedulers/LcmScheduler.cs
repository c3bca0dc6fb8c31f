namespace ImageAI.Diffusion.Schedulers;

/// <summary>
/// Latent Consistency Model sampling (Luo et al. 2023): each step predicts x0, applies the consistency boundary
/// condition (c_skip x + c_out x0 with sigma_data 0.5 and the timestep scaled by <c>timestep_scaling</c>), and,
/// except after the last step, re-noises to the next timestep. Timesteps are picked from the
/// <c>original_inference_steps</c> (50) distillation schedule: 4 steps give 999, 759, 499, 259.
/// </summary>
public sealed class LcmScheduler(SchedulerConfig config) : DiffusionScheduler(config)
{
    private const double SigmaData = 0.5;
    private float[]? _x0;

    /// <inheritdoc />
    public override string Name => "lcm";

    /// <inheritdoc />
    public override bool IsStochastic => true;

    /// <inheritdoc />
    protected override void OnSetTimesteps(int steps)
    {
        int original = Config.OriginalInferenceSteps;
        if (steps > original)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"LCM supports at most original_inference_steps = {original} steps.");
        int c = Config.NumTrainTimesteps / original;
        var t = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            // floor(linspace(0, original, steps, endpoint=false)) indexes the descending distillation timesteps
            int index = (int)Math.Floor((double)i * original / steps);
            t[i] = (original - index) * c - 1;
        }
        Timesteps = t;
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, GaussianRandom? random)
    {
        CheckIndex(stepIndex);
        int t = IntTimestep(stepIndex);
        bool last = stepIndex == Timesteps.Length - 1;
        int prev = last ? t : IntTimestep(stepIndex + 1);
        double a = Schedule.AlphaCumprodAt(t), aPrev = Schedule.AlphaCumprodAt(prev);
        double scaled = t * Config.TimestepScaling;
        double cSkip = SigmaData * SigmaData / (scaled * scaled + SigmaData * SigmaData);
        double cOut = scaled / Math.Sqrt(scaled * scaled + SigmaData * SigmaData);

        var x0 = Rent(ref _x0, sample.Length);
        PredictOriginalVp(modelOutput, sample, Math.Sqrt(a), Math.Sqrt(1 - a), x0);
        MaybeClip(x0);
        // denoised = c_out x0 + c_skip x
        Combine(x0, cOut, sample, cSkip, x0);
        PredictedOriginal = x0;
        if (last)
        {
            x0.AsSpan().CopyTo(sample);
            return;
        }
        if (random is null) throw new ArgumentNullException(nameof(random), "LCM needs a noise source.");
        double sa = Math.Sqrt(aPrev), sn = Math.Sqrt(1 - aPrev);
        for (int i = 0; i < sample.Length; i++) sample[i] = (float)(sa * x0[i] + sn * random.NextGaussian());
    }

    /// <inheritdoc />
    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckIndex(stepIndex);
        double a = Schedule.AlphaCumprodAt(IntTimestep(stepIndex));
        Combine(original, Math.Sqrt(a), noise, Math.Sqrt(1 - a), destination);
    }
}
