using System.Numerics.Tensors;

namespace ImageAI.Diffusion.Schedulers;

/// <summary>
/// A sampler over one <see cref="SchedulerConfig"/>. Usage per generation: <see cref="SetTimesteps"/>, start from
/// noise x <see cref="InitNoiseSigma"/> (or <see cref="AddNoise"/> for image-to-image), then for each index i of
/// <see cref="Timesteps"/>: run the model on <see cref="ScaleModelInput"/> at timestep <c>Timesteps[i]</c> and call
/// <see cref="Step"/>. Instances hold per-generation state (multistep history): use one per generation, not
/// concurrently.
/// </summary>
public abstract class DiffusionScheduler
{
    /// <summary>Creates a scheduler for a config.</summary>
    protected DiffusionScheduler(SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Schedule = new NoiseSchedule(config);
        Prediction = config.PredictionType;
    }

    /// <summary>The scheduler's name (see <see cref="SchedulerFactory"/>).</summary>
    public abstract string Name { get; }

    /// <summary>The configuration.</summary>
    public SchedulerConfig Config => Schedule.Config;

    /// <summary>The training noise schedule.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>What the model predicts.</summary>
    protected PredictionType Prediction { get; }

    /// <summary>The timestep given to the model at each step (descending), after <see cref="SetTimesteps"/>.</summary>
    public double[] Timesteps { get; protected set; } = [];

    /// <summary>The requested number of inference steps.</summary>
    public int InferenceSteps { get; private set; }

    /// <summary>The standard deviation of the initial noise (1 for variance-preserving samplers, about sigma_max for Euler-type).</summary>
    public virtual double InitNoiseSigma => 1.0;

    /// <summary>Whether <see cref="Step"/> draws fresh noise (ancestral and consistency samplers).</summary>
    public virtual bool IsStochastic => false;

    /// <summary>The latest estimate of the clean latent x0 (for previews), or null before the first step.</summary>
    public float[]? PredictedOriginal { get; protected set; }

    /// <summary>Computes the timesteps for <paramref name="steps"/> inference steps and clears per-generation state.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Steps outside 1..num_train_timesteps (or the scheduler's own limit).</exception>
    public void SetTimesteps(int steps)
    {
        Schedule.ValidateSteps(steps);
        InferenceSteps = steps;
        PredictedOriginal = null;
        OnSetTimesteps(steps);
    }

    /// <summary>Fills <see cref="Timesteps"/> and the sampler's own tables, and resets its history.</summary>
    protected abstract void OnSetTimesteps(int steps);

    /// <summary>
    /// Image-to-image: the index in <see cref="Timesteps"/> to start from so that only the last
    /// <c>floor(steps x strength)</c> steps run (diffusers' convention). Equal to the length of
    /// <see cref="Timesteps"/> (nothing to run) for strength 0.
    /// </summary>
    public virtual int StartIndexForStrength(double strength)
    {
        if (!(strength >= 0 && strength <= 1)) throw new ArgumentOutOfRangeException(nameof(strength), strength, "Strength must be between 0 and 1.");
        int init = Math.Min((int)(InferenceSteps * strength), InferenceSteps);
        int start = Math.Max(InferenceSteps - init, 0);
        return init == 0 ? Timesteps.Length : Math.Min(start, Timesteps.Length);
    }

    /// <summary>The model input for step <paramref name="stepIndex"/> (a copy, scaled for sigma-space samplers).</summary>
    public virtual void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex) => sample.CopyTo(destination);

    /// <summary>Advances <paramref name="sample"/> in place by one step given the model output at <c>Timesteps[stepIndex]</c>.</summary>
    /// <param name="modelOutput">The (guided) model prediction.</param>
    /// <param name="stepIndex">The index into <see cref="Timesteps"/>; steps must be called in order.</param>
    /// <param name="sample">The current latent, replaced by the next one.</param>
    /// <param name="random">Noise source for stochastic samplers (ignored by deterministic ones).</param>
    public abstract void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, GaussianRandom? random);

    /// <summary>Noises a clean latent to the level of <c>Timesteps[stepIndex]</c> in this sampler's sample space.</summary>
    public abstract void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination);

    /// <summary>destination = a x + b y.</summary>
    protected static void Combine(ReadOnlySpan<float> x, double a, ReadOnlySpan<float> y, double b, Span<float> destination)
    {
        // y first: destination may alias x but never y in the callers
        TensorPrimitives.Multiply(x, (float)a, destination);
        TensorPrimitives.MultiplyAdd(y, (float)b, destination, destination);
    }

    /// <summary>
    /// The clean-latent estimate from a model output in variance-preserving form, x = alpha x0 + sigma eps.
    /// </summary>
    protected void PredictOriginalVp(ReadOnlySpan<float> output, ReadOnlySpan<float> sample, double alpha, double sigma, Span<float> x0)
    {
        switch (Prediction)
        {
            case PredictionType.Epsilon: Combine(sample, 1 / alpha, output, -sigma / alpha, x0); break;
            case PredictionType.VPrediction: Combine(sample, alpha, output, -sigma, x0); break;
            default: output.CopyTo(x0); break;
        }
    }

    /// <summary>The noise estimate eps = (x - alpha x0) / sigma given x0 (variance-preserving form).</summary>
    protected static void EpsilonFromOriginal(ReadOnlySpan<float> sample, ReadOnlySpan<float> x0, double alpha, double sigma, Span<float> eps) =>
        Combine(sample, 1 / sigma, x0, -alpha / sigma, eps);

    /// <summary>Clips x0 when the config asks for it.</summary>
    protected void MaybeClip(Span<float> x0)
    {
        if (Config.ClipSample) TensorPrimitives.Clamp(x0, (float)-Config.ClipSampleRange, (float)Config.ClipSampleRange, x0);
    }

    /// <summary>Returns a buffer of <paramref name="length"/> floats, reusing <paramref name="buffer"/> when it fits.</summary>
    protected static float[] Rent(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length != length) buffer = new float[length];
        return buffer;
    }

    /// <summary>The integer timestep at an index (timesteps of discrete samplers are whole numbers).</summary>
    protected int IntTimestep(int stepIndex) => (int)Math.Round(Timesteps[stepIndex]);

    /// <summary>Throws for an index outside <see cref="Timesteps"/>.</summary>
    protected void CheckIndex(int stepIndex)
    {
        if (Timesteps.Length == 0) throw new InvalidOperationException("Call SetTimesteps before stepping.");
        if ((uint)stepIndex >= (uint)Timesteps.Length) throw new ArgumentOutOfRangeException(nameof(stepIndex), stepIndex, $"The step index must be below {Timesteps.Length}.");
    }
}
