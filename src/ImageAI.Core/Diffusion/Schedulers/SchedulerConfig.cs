using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageAI.Diffusion.Schedulers;

/// <summary>What the model predicts.</summary>
public enum PredictionType
{
    /// <summary>The added noise (SD 1.x, SD 2 base).</summary>
    Epsilon,
    /// <summary>The velocity v = sqrt(a) eps - sqrt(1-a) x0 (SD 2.x 768).</summary>
    VPrediction,
    /// <summary>The clean sample x0.</summary>
    Sample,
}

/// <summary>
/// One scheduler configuration in the spirit of diffusers' <c>scheduler_config.json</c>: the training noise schedule
/// plus sampling options. Every scheduler reads the same record, so schedulers can be swapped on one model
/// (<see cref="SchedulerFactory"/>). Defaults are Stable Diffusion 1.x's.
/// </summary>
public sealed record SchedulerConfig
{
    /// <summary>Training diffusion steps (1000).</summary>
    [JsonPropertyName("num_train_timesteps")] public int NumTrainTimesteps { get; init; } = 1000;
    /// <summary>First beta (0.00085 for SD).</summary>
    [JsonPropertyName("beta_start")] public double BetaStart { get; init; } = 0.00085;
    /// <summary>Last beta (0.012 for SD).</summary>
    [JsonPropertyName("beta_end")] public double BetaEnd { get; init; } = 0.012;
    /// <summary><c>linear</c> or <c>scaled_linear</c> (linear in sqrt(beta), SD's).</summary>
    [JsonPropertyName("beta_schedule")] public string BetaSchedule { get; init; } = "scaled_linear";
    /// <summary><c>epsilon</c>, <c>v_prediction</c> or <c>sample</c>.</summary>
    [JsonPropertyName("prediction_type")] public string Prediction { get; init; } = "epsilon";
    /// <summary><c>leading</c>, <c>trailing</c> or <c>linspace</c>.</summary>
    [JsonPropertyName("timestep_spacing")] public string TimestepSpacing { get; init; } = "leading";
    /// <summary>Added to leading timesteps (1 for SD 1.x).</summary>
    [JsonPropertyName("steps_offset")] public int StepsOffset { get; init; } = 1;
    /// <summary>DDIM/PNDM/LCM: whether the step after t=0 uses alpha_cumprod = 1 (else alphas_cumprod[0]).</summary>
    [JsonPropertyName("set_alpha_to_one")] public bool SetAlphaToOne { get; init; }
    /// <summary>DDIM/LCM: clip the predicted x0 to +-<see cref="ClipSampleRange"/>.</summary>
    [JsonPropertyName("clip_sample")] public bool ClipSample { get; init; }
    /// <summary>The clip range.</summary>
    [JsonPropertyName("clip_sample_range")] public double ClipSampleRange { get; init; } = 1.0;
    /// <summary>Euler/LMS/DPM: Karras et al. sigma spacing (rho = 7).</summary>
    [JsonPropertyName("use_karras_sigmas")] public bool UseKarrasSigmas { get; init; }
    /// <summary>DPM-Solver order (1 or 2).</summary>
    [JsonPropertyName("solver_order")] public int SolverOrder { get; init; } = 2;
    /// <summary>DPM-Solver: use first order on the last step(s) for stability with few steps.</summary>
    [JsonPropertyName("lower_order_final")] public bool LowerOrderFinal { get; init; } = true;
    /// <summary>LCM: the step count of the distillation schedule (50).</summary>
    [JsonPropertyName("original_inference_steps")] public int OriginalInferenceSteps { get; init; } = 50;
    /// <summary>LCM: timestep scaling of the consistency boundary condition (10).</summary>
    [JsonPropertyName("timestep_scaling")] public double TimestepScaling { get; init; } = 10.0;
    /// <summary>The diffusers class name, when read from a file (e.g. <c>PNDMScheduler</c>).</summary>
    [JsonPropertyName("_class_name")] public string? ClassName { get; init; }

    /// <summary>The parsed <see cref="Prediction"/>.</summary>
    [JsonIgnore]
    public PredictionType PredictionType => Prediction switch
    {
        "epsilon" => PredictionType.Epsilon,
        "v_prediction" => PredictionType.VPrediction,
        "sample" => PredictionType.Sample,
        _ => throw new ArgumentException($"Unknown prediction_type '{Prediction}' (epsilon, v_prediction or sample).", nameof(Prediction)),
    };

    /// <summary>Stable Diffusion 1.x's configuration.</summary>
    public static SchedulerConfig StableDiffusion1 { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> for values no scheduler can use.</summary>
    public void Validate()
    {
        if (NumTrainTimesteps < 2) throw new ArgumentException($"num_train_timesteps must be at least 2 (got {NumTrainTimesteps}).");
        if (BetaStart <= 0 || BetaEnd <= 0 || BetaStart >= 1 || BetaEnd >= 1) throw new ArgumentException($"beta_start and beta_end must be in (0, 1) (got {BetaStart}, {BetaEnd}).");
        if (BetaSchedule is not ("linear" or "scaled_linear")) throw new ArgumentException($"Unsupported beta_schedule '{BetaSchedule}' (linear or scaled_linear).");
        if (TimestepSpacing is not ("leading" or "trailing" or "linspace")) throw new ArgumentException($"Unsupported timestep_spacing '{TimestepSpacing}' (leading, trailing or linspace).");
        _ = PredictionType;
        if (SolverOrder is < 1 or > 2) throw new ArgumentException($"solver_order must be 1 or 2 (got {SolverOrder}).");
    }

    /// <summary>Reads a diffusers <c>scheduler_config.json</c>; unknown keys are ignored.</summary>
    /// <exception cref="FormatException">The file is not valid JSON.</exception>
    public static SchedulerConfig Load(string path)
    {
        try
        {
            var config = JsonSerializer.Deserialize<SchedulerConfig>(File.ReadAllBytes(path), JsonOptions) ?? new SchedulerConfig();
            config.Validate();
            return config;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path} is not a valid scheduler configuration: {ex.Message}", ex);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowReadingFromString };
}
