namespace ImageAI.Diffusion.Schedulers;

/// <summary>
/// The training noise schedule of a config: betas, cumulative alphas and the matching sigmas
/// (sigma_t = sqrt((1 - abar_t) / abar_t)), plus the timestep-spacing and sigma helpers the samplers share.
/// Computed in double precision.
/// </summary>
public sealed class NoiseSchedule
{
    /// <summary>Builds the schedule of <paramref name="config"/>.</summary>
    public NoiseSchedule(SchedulerConfig config)
    {
        config.Validate();
        Config = config;
        int n = config.NumTrainTimesteps;
        Betas = config.BetaSchedule == "linear"
            ? Linspace(config.BetaStart, config.BetaEnd, n)
            : Array.ConvertAll(Linspace(Math.Sqrt(config.BetaStart), Math.Sqrt(config.BetaEnd), n), b => b * b);
        AlphasCumprod = new double[n];
        double product = 1;
        for (int i = 0; i < n; i++) AlphasCumprod[i] = product *= 1 - Betas[i];
        Sigmas = Array.ConvertAll(AlphasCumprod, a => Math.Sqrt((1 - a) / a));
        LogSigmas = Array.ConvertAll(Sigmas, Math.Log);
    }

    /// <summary>The config.</summary>
    public SchedulerConfig Config { get; }
    /// <summary>beta_t for t = 0..N-1.</summary>
    public double[] Betas { get; }
    /// <summary>abar_t = prod(1 - beta) for t = 0..N-1.</summary>
    public double[] AlphasCumprod { get; }
    /// <summary>Training sigmas, ascending with t.</summary>
    public double[] Sigmas { get; }
    private double[] LogSigmas { get; }

    /// <summary>abar at an integer timestep; negative timesteps give the "final" value (1 or abar_0).</summary>
    public double AlphaCumprodAt(int t) => t >= 0 ? AlphasCumprod[t] : Config.SetAlphaToOne ? 1.0 : AlphasCumprod[0];

    /// <summary>sigma at a possibly fractional timestep, linearly interpolated (numpy.interp semantics).</summary>
    public double SigmaAt(double t)
    {
        if (t <= 0) return Sigmas[0];
        if (t >= Sigmas.Length - 1) return Sigmas[^1];
        int i = (int)Math.Floor(t);
        double f = t - i;
        return Sigmas[i] + f * (Sigmas[i + 1] - Sigmas[i]);
    }

    /// <summary>The (fractional) timestep of a sigma, by linear interpolation in log-sigma.</summary>
    public double TimestepOf(double sigma)
    {
        double log = Math.Log(Math.Max(sigma, 1e-10));
        int low = 0;
        for (int i = 0; i < LogSigmas.Length; i++) if (log >= LogSigmas[i]) low = i;
        low = Math.Min(low, LogSigmas.Length - 2);
        double w = (LogSigmas[low] - log) / (LogSigmas[low] - LogSigmas[low + 1]);
        w = Math.Clamp(w, 0, 1);
        return (1 - w) * low + w * (low + 1);
    }

    /// <summary>
    /// Inference timesteps in descending order, with the config's spacing: <c>leading</c> (multiples of N/steps plus
    /// steps_offset), <c>trailing</c> (counting down from N-1) or <c>linspace</c> (evenly from N-1 to 0, rounded when
    /// <paramref name="round"/>).
    /// </summary>
    public double[] SpacedTimesteps(int steps, bool round)
    {
        ValidateSteps(steps);
        int n = Config.NumTrainTimesteps;
        var t = new double[steps];
        switch (Config.TimestepSpacing)
        {
            case "linspace":
                var lin = Linspace(0, n - 1, steps);
                for (int i = 0; i < steps; i++) t[i] = round ? Math.Round(lin[steps - 1 - i], MidpointRounding.ToEven) : lin[steps - 1 - i];
                break;
            case "leading":
                int ratio = n / steps;
                for (int i = 0; i < steps; i++) t[i] = (steps - 1 - i) * ratio + Config.StepsOffset;
                break;
            default: // trailing
                double r = (double)n / steps;
                for (int i = 0; i < steps; i++) t[i] = Math.Round(n - i * r, MidpointRounding.ToEven) - 1;
                break;
        }
        return t;
    }

    /// <summary>Karras et al. (2022) sigmas: evenly spaced in sigma^(1/rho) from max to min.</summary>
    public static double[] KarrasSigmas(double sigmaMin, double sigmaMax, int count, double rho = 7.0)
    {
        var s = new double[count];
        double minInv = Math.Pow(sigmaMin, 1 / rho), maxInv = Math.Pow(sigmaMax, 1 / rho);
        for (int i = 0; i < count; i++)
        {
            double ramp = count == 1 ? 0 : (double)i / (count - 1);
            s[i] = Math.Pow(maxInv + ramp * (minInv - maxInv), rho);
        }
        return s;
    }

    /// <summary>numpy.linspace with the endpoint.</summary>
    public static double[] Linspace(double start, double end, int count)
    {
        var v = new double[count];
        if (count == 1) { v[0] = start; return v; }
        double step = (end - start) / (count - 1);
        for (int i = 0; i < count; i++) v[i] = start + i * step;
        v[^1] = end;
        return v;
    }

    /// <summary>Throws for a step count outside 1..num_train_timesteps.</summary>
    public void ValidateSteps(int steps)
    {
        if (steps < 1 || steps > Config.NumTrainTimesteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"The number of steps must be between 1 and {Config.NumTrainTimesteps}.");
    }
}
