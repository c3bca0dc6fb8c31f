namespace ImageAI.Diffusion.Schedulers;

/// <summary>
/// The shared part of the schedulers that work in sigma space (Euler, Euler Ancestral, LMS): the training sigmas
/// interpolated at the spaced timesteps, or Karras-spaced, followed by 0, and diffusers' initial noise scale.
/// </summary>
public abstract class SigmaSpaceScheduler(SchedulerConfig config) : DiffusionScheduler(config)
{
    /// <summary>The inference sigmas, one per timestep plus a final 0.</summary>
    public double[] Sigmas { get; private set; } = [];

    /// <summary>
    /// diffusers' convention: the largest sigma for linspace/trailing spacing, sqrt(sigma_max^2 + 1) for leading.
    /// </summary>
    public override double InitNoiseSigma
    {
        get
        {
            double max = Sigmas.Length > 0 ? Sigmas.Max() : Schedule.Sigmas[^1];
            return Config.TimestepSpacing is "linspace" or "trailing" ? max : Math.Sqrt(max * max + 1);
        }
    }

    /// <inheritdoc />
    protected override void OnSetTimesteps(int steps)
    {
        var t = Schedule.SpacedTimesteps(steps, round: false);
        var sigmas = Array.ConvertAll(t, Schedule.SigmaAt);
        if (Config.UseKarrasSigmas)
        {
            sigmas = NoiseSchedule.KarrasSigmas(sigmas[^1], sigmas[0], steps);
            t = Array.ConvertAll(sigmas, s => Math.Round(Schedule.TimestepOf(s), MidpointRounding.ToEven));
        }
        Timesteps = t;
        Sigmas = [.. sigmas, 0.0];
    }

    /// <summary>The model sees x / sqrt(sigma^2 + 1).</summary>
    public override void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex)
    {
        CheckIndex(stepIndex);
        double s = Sigmas[stepIndex];
        System.Numerics.Tensors.TensorPrimitives.Multiply(sample, (float)(1 / Math.Sqrt(s * s + 1)), destination);
    }
}
