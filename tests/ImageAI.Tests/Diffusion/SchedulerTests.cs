using ImageAI.Diffusion;
using ImageAI.Diffusion.Schedulers;

namespace ImageAI.Tests.Diffusion;

/// <summary>
/// Schedulers against the Stable Diffusion 1.x configuration (1000 steps, scaled_linear 0.00085-0.012) and the
/// formulas of diffusers' schedulers, plus "perfect model" properties: a latent noised from x0 with known noise,
/// denoised with a model that predicts that noise exactly, must come back to x0.
/// </summary>
public sealed class SchedulerTests
{
    private static readonly SchedulerConfig Sd = SchedulerConfig.StableDiffusion1;

    [Fact]
    public void NoiseScheduleMatchesKnownSdValues()
    {
        var s = new NoiseSchedule(Sd);
        Assert.Equal(0.00466, s.AlphasCumprod[^1], 5);
        Assert.Equal(0.99915, s.AlphasCumprod[0], 5);
        Assert.Equal(14.6146, s.Sigmas[^1], 3);   // sigma_max
        Assert.Equal(0.0292, s.Sigmas[0], 4);     // sigma_min
        // linear betas are linear
        var lin = new NoiseSchedule(Sd with { BetaSchedule = "linear", BetaStart = 0.0001, BetaEnd = 0.02 });
        Assert.Equal(0.0001, lin.Betas[0], 10);
        Assert.Equal(0.02, lin.Betas[^1], 10);
        Assert.Equal((0.02 - 0.0001) / 999, lin.Betas[1] - lin.Betas[0], 10);
    }

    [Fact]
    public void EulerSigmasAndInitNoiseSigma()
    {
        var euler = new EulerScheduler(Sd with { TimestepSpacing = "linspace" });
        euler.SetTimesteps(30);
        Assert.Equal(999, euler.Timesteps[0]);
        Assert.Equal(0, euler.Timesteps[^1]);
        Assert.Equal(14.6146, euler.Sigmas[0], 3);
        Assert.Equal(0.0292, euler.Sigmas[^2], 4);
        Assert.Equal(0, euler.Sigmas[^1]);
        // diffusers (current): linspace/trailing spacing starts from sigma_max itself ...
        Assert.Equal(14.6146, euler.InitNoiseSigma, 3);
        // ... and leading spacing from sqrt(sigma_max^2 + 1) = 14.6488 (the figure quoted in issue 6; older
        // diffusers used it for every spacing). With 1000 leading steps and no offset the first timestep is 999.
        var leading = new EulerScheduler(Sd with { TimestepSpacing = "leading", StepsOffset = 0 });
        leading.SetTimesteps(1000);
        Assert.Equal(999, leading.Timesteps[0]);
        Assert.Equal(14.6488, leading.InitNoiseSigma, 3);
        // fractional linspace timesteps interpolate sigma linearly between training steps
        var e7 = new EulerScheduler(Sd with { TimestepSpacing = "linspace" });
        e7.SetTimesteps(7);
        double t = e7.Timesteps[1], f = t - Math.Floor(t);
        var ns = new NoiseSchedule(Sd);
        Assert.Equal(ns.Sigmas[(int)t] * (1 - f) + ns.Sigmas[(int)t + 1] * f, e7.Sigmas[1], 10);
    }

    [Fact]
    public void DdimLeading50StepsWithOffset1()
    {
        var ddim = new DdimScheduler(Sd);
        ddim.SetTimesteps(50);
        var expected = Enumerable.Range(0, 50).Select(i => 981.0 - 20 * i).ToArray();
        Assert.Equal(expected, ddim.Timesteps);
        Assert.Equal(1, ddim.Timesteps[^1]);
    }

    [Fact]
    public void TrailingAndLinspaceSpacing()
    {
        var trailing = new DdimScheduler(Sd with { TimestepSpacing = "trailing" });
        trailing.SetTimesteps(4);
        Assert.Equal([999.0, 749, 499, 249], trailing.Timesteps);
        var linspace = new DdimScheduler(Sd with { TimestepSpacing = "linspace" });
        linspace.SetTimesteps(4);
        Assert.Equal([999.0, 666, 333, 0], linspace.Timesteps);
        var dpm = new DpmSolverMultistepScheduler(Sd);
        dpm.SetTimesteps(4);   // leading: (1000 // 5) * [4,3,2,1] + 1
        Assert.Equal([801.0, 601, 401, 201], dpm.Timesteps);
    }

    [Fact]
    public void Lcm4StepsTimesteps()
    {
        var lcm = new LcmScheduler(Sd);
        lcm.SetTimesteps(4);
        Assert.Equal([999.0, 759, 499, 259], lcm.Timesteps);
        Assert.Throws<ArgumentOutOfRangeException>(() => lcm.SetTimesteps(51));
    }

    [Fact]
    public void PndmRepeatsTheSecondTimestep()
    {
        var pndm = new PndmScheduler(Sd);
        pndm.SetTimesteps(4);
        Assert.Equal([751.0, 501, 501, 251, 1], pndm.Timesteps);
    }

    [Fact]
    public void KarrasSigmaSpacing()
    {
        var dpm = (DpmSolverMultistepScheduler)SchedulerFactory.Create("dpm++2m-karras", Sd);
        dpm.SetTimesteps(20);
        var s = dpm.Sigmas;
        Assert.Equal(21, s.Length);
        Assert.Equal(14.6146, s[0], 3);
        Assert.Equal(0.0292, s[19], 4);
        Assert.Equal(0, s[20]);
        // evenly spaced in sigma^(1/7)
        double step = Math.Pow(s[1], 1 / 7.0) - Math.Pow(s[0], 1 / 7.0);
        for (int i = 1; i < 20; i++) Assert.Equal(step, Math.Pow(s[i], 1 / 7.0) - Math.Pow(s[i - 1], 1 / 7.0), 9);
        // timesteps are the (rounded) training timesteps of those sigmas, descending from 999
        Assert.Equal(999, dpm.Timesteps[0]);
        Assert.Equal(0, dpm.Timesteps[^1]);
        Assert.True(dpm.Timesteps.Zip(dpm.Timesteps.Skip(1)).All(p => p.First >= p.Second));
    }

    public static TheoryData<string, string, string> Deterministic => new()
    {
        { "ddim", "leading", "epsilon" }, { "ddim", "trailing", "epsilon" }, { "ddim", "leading", "v_prediction" },
        { "euler", "linspace", "epsilon" }, { "euler", "leading", "epsilon" }, { "euler", "leading", "v_prediction" },
        { "dpm++2m", "leading", "epsilon" }, { "dpm++2m", "linspace", "epsilon" }, { "dpm++2m", "leading", "v_prediction" },
        { "dpm++2m-karras", "leading", "epsilon" }, { "dpm++2m-karras", "leading", "v_prediction" },
        { "pndm", "leading", "epsilon" }, { "pndm", "leading", "v_prediction" },
        { "lms", "linspace", "epsilon" }, { "lms", "leading", "epsilon" }, { "lms", "leading", "v_prediction" },
    };

    [Theory]
    [MemberData(nameof(Deterministic))]
    public void PerfectModelRecoversX0(string name, string spacing, string prediction)
    {
        // set_alpha_to_one so that DDIM/PNDM's last step lands on abar = 1 (with SD's false it stops at abar_0 = 0.99915)
        var config = Sd with { TimestepSpacing = spacing, Prediction = prediction, SetAlphaToOne = true };
        var scheduler = SchedulerFactory.Create(name, config);
        foreach (int steps in new[] { 4, 20 })
        {
            scheduler.SetTimesteps(steps);
            var (x0, eps) = Data(steps);
            var sample = new float[x0.Length];
            scheduler.AddNoise(x0, eps, 0, sample);
            var input = new float[x0.Length];
            var output = new float[x0.Length];
            for (int i = 0; i < scheduler.Timesteps.Length; i++)
            {
                scheduler.ScaleModelInput(sample, input, i);
                // the model input is variance-preserving: a x0 + s eps; recover (a, s) to express v exactly
                var (a, s) = Fit(input, x0, eps);
                for (int j = 0; j < output.Length; j++)
                    output[j] = prediction == "epsilon" ? eps[j] : (float)(a * eps[j] - s * x0[j]);
                scheduler.Step(output, i, sample, null);
            }
            Assert.True(MaxAbsDiff(sample, x0) < 2e-3, $"{name} {spacing} {prediction} {steps} steps: max |x - x0| = {MaxAbsDiff(sample, x0)}");
        }
    }

    [Theory]
    [InlineData("euler-a")]
    [InlineData("lcm")]
    public void PerfectModelRecoversX0ForStochasticSamplers(string name)
    {
        var scheduler = SchedulerFactory.Create(name, Sd with { SetAlphaToOne = true });
        scheduler.SetTimesteps(4);
        var (x0, eps) = Data(1);
        var sample = new float[x0.Length];
        scheduler.AddNoise(x0, eps, 0, sample);
        var input = new float[x0.Length];
        var output = new float[x0.Length];
        var random = new GaussianRandom(3);
        var schedule = new NoiseSchedule(Sd);
        for (int i = 0; i < scheduler.Timesteps.Length; i++)
        {
            scheduler.ScaleModelInput(sample, input, i);
            // noise changes every step: the perfect model reads it off the (variance-preserving) input
            double abar = scheduler is EulerScheduler e ? 1 / (1 + e.Sigmas[i] * e.Sigmas[i]) : schedule.AlphaCumprodAt((int)scheduler.Timesteps[i]);
            for (int j = 0; j < output.Length; j++) output[j] = (float)((input[j] - Math.Sqrt(abar) * x0[j]) / Math.Sqrt(1 - abar));
            scheduler.Step(output, i, sample, random);
        }
        Assert.True(MaxAbsDiff(sample, x0) < 2e-3, $"{name}: max |x - x0| = {MaxAbsDiff(sample, x0)}");
    }

    [Fact]
    public void StochasticSamplersAreReproducibleForASeed()
    {
        float[] Run(long seed)
        {
            var s = SchedulerFactory.Create("euler-a", Sd);
            s.SetTimesteps(5);
            var x = new float[64];
            new GaussianRandom(1).FillGaussian(x);
            var r = new GaussianRandom(seed);
            var output = new float[64];
            for (int i = 0; i < s.Timesteps.Length; i++) s.Step(output, i, x, r);
            return x;
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    [Fact]
    public void StrengthSelectsTheTail()
    {
        var s = SchedulerFactory.Create("ddim", Sd);
        s.SetTimesteps(20);
        Assert.Equal(20, s.StartIndexForStrength(0));
        Assert.Equal(10, s.StartIndexForStrength(0.5));
        Assert.Equal(0, s.StartIndexForStrength(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.StartIndexForStrength(1.5));
    }

    [Fact]
    public void FactoryKnowsEveryNameAndRejectsOthers()
    {
        foreach (var name in SchedulerFactory.Names)
        {
            var s = SchedulerFactory.Create(name, Sd);
            Assert.Equal(name, s.Name);
            s.SetTimesteps(4);
        }
        var ex = Assert.Throws<ArgumentException>(() => SchedulerFactory.Create("heun-x", Sd));
        Assert.Contains("dpm++2m-karras", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SchedulerFactory.Create("ddim", Sd).SetTimesteps(0));
    }

    [Fact]
    public void ConfigLoadsDiffusersJson()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                {"_class_name": "EulerDiscreteScheduler", "_diffusers_version": "0.21.0", "beta_end": 0.012, "beta_schedule": "scaled_linear",
                 "beta_start": 0.00085, "num_train_timesteps": 1000, "prediction_type": "v_prediction", "steps_offset": 1,
                 "timestep_spacing": "trailing", "trained_betas": null, "use_karras_sigmas": false, "clip_sample": false, "set_alpha_to_one": false, "skip_prk_steps": true}
                """);
            var config = SchedulerConfig.Load(path);
            Assert.Equal(PredictionType.VPrediction, config.PredictionType);
            Assert.Equal("trailing", config.TimestepSpacing);
            Assert.Equal("euler", SchedulerFactory.FromConfig(config).Name);
            File.WriteAllText(path, """{"beta_schedule": "squaredcos_cap_v3"}""");
            Assert.Throws<ArgumentException>(() => SchedulerConfig.Load(path));
            File.WriteAllText(path, "{not json");
            Assert.Throws<FormatException>(() => SchedulerConfig.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (float[] X0, float[] Eps) Data(int seed)
    {
        var x0 = new float[4 * 16 * 16];
        var eps = new float[x0.Length];
        var r = new GaussianRandom(seed);
        r.FillGaussian(x0);
        r.FillGaussian(eps);
        return (x0, eps);
    }

    /// <summary>Least-squares (a, s) with input ~= a x0 + s eps.</summary>
    private static (double A, double S) Fit(float[] input, float[] x0, float[] eps)
    {
        double xx = 0, xe = 0, ee = 0, ix = 0, ie = 0;
        for (int j = 0; j < input.Length; j++)
        {
            xx += x0[j] * x0[j]; xe += x0[j] * eps[j]; ee += eps[j] * eps[j];
            ix += input[j] * x0[j]; ie += input[j] * eps[j];
        }
        double det = xx * ee - xe * xe;
        return ((ix * ee - ie * xe) / det, (ie * xx - ix * xe) / det);
    }

    private static double MaxAbsDiff(float[] a, float[] b)
    {
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }
}
