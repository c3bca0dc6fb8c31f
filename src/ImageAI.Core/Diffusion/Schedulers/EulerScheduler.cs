namespace ImageAI.Diffusion.Schedulers;

/// <summary>
/// Euler (Karras et al. 2022, Algorithm 2 without churn) and Euler Ancestral, in sigma space: x = x0 + sigma eps,
/// the model sees x / sqrt(sigma^2 + 1). Sigmas are the training sigmas interpolated at the spaced timesteps
/// (or Karras-spaced), followed by 0.
/// </summary>
public sealed class EulerScheduler : SigmaSpaceScheduler
{
    private readonly bool _ancestral;
    private float[]? _x0;

    /// <summary>Creates Euler, or Euler Ancestral when <paramref name="ancestral"/>.</summary>
    public EulerScheduler(SchedulerConfig config, bool ancestral = false) : base(config) => _ancestral = ancestral;

    /// <inheritdoc />
    public override string Name => _ancestral ? "euler-a" : "euler";

    /// <inheritdoc />
    public override bool IsStochastic => _ancestral;

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, GaussianRandom? random)
    {
        CheckIndex(stepIndex);
        double sigma = Sigmas[stepIndex], next = Sigmas[stepIndex + 1];
        var x0 = Rent(ref _x0, sample.Length);
        // sigma space is the VP space scaled by 1/alpha: alpha = 1/sqrt(sigma^2+1), VP sigma = sigma * alpha
        double alpha = 1 / Math.Sqrt(sigma * sigma + 1);
        switch (Prediction)
        {
            case PredictionType.Epsilon: Combine(sample, 1, modelOutput, -sigma, x0); break;
            case PredictionType.VPrediction: Combine(sample, alpha * alpha, modelOutput, -sigma * alpha, x0); break;
            default: modelOutput.CopyTo(x0); break;
        }
        PredictedOriginal = x0;

        double target = next, up = 0;
        if (_ancestral && next > 0)
        {
            up = Math.Sqrt(next * next * (sigma * sigma - next * next) / (sigma * sigma));
            target = Math.Sqrt(next * next - up * up);
        }
        // x + (x - x0)/sigma * (target - sigma)  ==  (target/sigma) x + (1 - target/sigma) x0
        double r = target / sigma;
        Combine(sample, r, x0, 1 - r, sample);
        if (up > 0)
        {
            if (random is null) throw new ArgumentNullException(nameof(random), "Euler Ancestral needs a noise source.");
            for (int i = 0; i < sample.Length; i++) sample[i] += (float)(random.NextGaussian() * up);
        }
    }

    /// <inheritdoc />
    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckIndex(stepIndex);
        Combine(original, 1, noise, Sigmas[stepIndex], destination);
    }
}
