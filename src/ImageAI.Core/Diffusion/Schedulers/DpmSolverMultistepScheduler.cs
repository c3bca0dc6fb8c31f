namespace ImageAI.Diffusion.Schedulers;

/// <summary>
/// DPM-Solver++ (Lu et al. 2022) multistep, data prediction, second order with the midpoint rule ("DPM++ 2M"),
/// optionally with Karras sigmas. Works in variance-preserving space with alpha_t = 1/sqrt(sigma^2+1) and
/// lambda = log(alpha_t / sigma_t); the last step goes to sigma = 0 with a first-order update.
/// </summary>
public sealed class DpmSolverMultistepScheduler(SchedulerConfig config) : DiffusionScheduler(config)
{
    private float[]? _m0, _m1;
    private int _lowerOrderCount;

    /// <inheritdoc />
    public override string Name => Config.UseKarrasSigmas ? "dpm++2m-karras" : "dpm++2m";

    /// <summary>The inference sigmas (sigma-space), one per timestep plus a final 0.</summary>
    public double[] Sigmas { get; private set; } = [];

    /// <inheritdoc />
    protected override void OnSetTimesteps(int steps)
    {
        int n = Config.NumTrainTimesteps;
        var t = new double[steps];
        switch (Config.TimestepSpacing)
        {
            case "linspace":
                var lin = NoiseSchedule.Linspace(0, n - 1, steps + 1);
                for (int i = 0; i < steps; i++) t[i] = Math.Round(lin[steps - i], MidpointRounding.ToEven);
                break;
            case "leading":
                int ratio = n / (steps + 1);
                for (int i = 0; i < steps; i++) t[i] = (steps - i) * ratio + Config.StepsOffset;
                break;
            default:
                double r = (double)n / steps;
                for (int i = 0; i < steps; i++) t[i] = Math.Round(n - i * r, MidpointRounding.ToEven) - 1;
                break;
        }
        double[] sigmas;
        if (Config.UseKarrasSigmas)
        {
            sigmas = NoiseSchedule.KarrasSigmas(Schedule.Sigmas[0], Schedule.Sigmas[^1], steps);
            t = Array.ConvertAll(sigmas, s => Math.Round(Schedule.TimestepOf(s), MidpointRounding.ToEven));
        }
        else
        {
            sigmas = Array.ConvertAll(t, Schedule.SigmaAt);
        }
        Timesteps = t;
        Sigmas = [.. sigmas, 0.0];
        _lowerOrderCount = 0;
    }

    private static (double Alpha, double Sigma) Vp(double sigma)
    {
        double alpha = 1 / Math.Sqrt(sigma * sigma + 1);
        return (alpha, sigma * alpha);
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, GaussianRandom? random)
    {
        CheckIndex(stepIndex);
        var (alphaS, sigmaS) = Vp(Sigmas[stepIndex]);
        // history: _m1 <- previous x0, _m0 <- this x0
        (_m0, _m1) = (_m1, _m0);
        var x0 = Rent(ref _m0, sample.Length);
        PredictOriginalVp(modelOutput, sample, alphaS, sigmaS, x0);
        MaybeClip(x0);
        PredictedOriginal = x0;

        bool last = stepIndex == Timesteps.Length - 1;
        bool lowerFinal = last;   // the final sigma is 0: always first order there (diffusers' final_sigmas_type "zero")
        double next = Sigmas[stepIndex + 1];
        if (next == 0)
        {
            x0.AsSpan().CopyTo(sample);   // alpha_t = 1, sigma_t = 0: the update lands exactly on x0
        }
        else
        {
            var (alphaT, sigmaT) = Vp(next);
            double lambdaT = Math.Log(alphaT) - Math.Log(sigmaT), lambdaS = Math.Log(alphaS) - Math.Log(sigmaS);
            double h = lambdaT - lambdaS;
            double phi = Math.Exp(-h) - 1;
            if (Config.SolverOrder == 1 || _lowerOrderCount < 1 || lowerFinal)
            {
                Combine(sample, sigmaT / sigmaS, x0, -alphaT * phi, sample);
            }
            else
            {
                var (alphaS1, sigmaS1) = Vp(Sigmas[stepIndex - 1]);
                double lambdaS1 = Math.Log(alphaS1) - Math.Log(sigmaS1);
                double r0 = (lambdaS - lambdaS1) / h;
                // D0 = m0, D1 = (m0 - m1)/r0; x = (sT/sS) x - aT phi D0 - 0.5 aT phi D1
                double c1 = -alphaT * phi * (1 + 0.5 / r0), c2 = 0.5 * alphaT * phi / r0;
                Combine(sample, sigmaT / sigmaS, x0, c1, sample);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_m1!, (float)c2, sample, sample);
            }
        }
        if (_lowerOrderCount < Config.SolverOrder) _lowerOrderCount++;
    }

    /// <inheritdoc />
    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckIndex(stepIndex);
        var (alpha, sigma) = Vp(Sigmas[stepIndex]);
        Combine(original, alpha, noise, sigma, destination);
    }
}
