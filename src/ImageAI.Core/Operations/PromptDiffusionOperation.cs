using ImageAI.Diffusion.Schedulers;

namespace ImageAI.Operations;

/// <summary>
/// Options shared by the latent-diffusion operations (<see cref="GenerateImage"/>, <see cref="EditWithPrompt"/>,
/// <see cref="InpaintWithPrompt"/>): the model folder, prompt, sampler and seed.
/// </summary>
public abstract record PromptDiffusionOperation : ImageOperation
{
    /// <summary>The largest side accepted for <see cref="Width"/> and <see cref="Height"/>.</summary>
    public const int MaxSide = 4096;

    /// <summary>
    /// A diffusers/optimum ONNX folder (<c>text_encoder/</c>, <c>unet/</c>, <c>vae_encoder/</c>, <c>vae_decoder/</c>,
    /// <c>tokenizer/</c>, <c>scheduler/</c>) or a catalog id of a diffusion model. Required.
    /// </summary>
    public string? ModelId { get; init; }

    /// <summary>What to draw. The weighting syntax <c>(word:1.3)</c>, <c>(word)</c>, <c>[word]</c> is understood.</summary>
    public string Prompt { get; init; } = "";

    /// <summary>What to steer away from (the unconditional prompt of classifier-free guidance); empty by default.</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>Classifier-free guidance scale; 1 or less runs the conditional pass only (7.5 by default).</summary>
    public double GuidanceScale { get; init; } = 7.5;

    /// <summary>Inference steps (20 by default; LCM models want 4-8).</summary>
    public int Steps { get; init; } = 20;

    /// <summary>The seed; the same seed, options and model give bit-identical images. Null draws one (reported in the details).</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// A scheduler name (<c>ddim</c>, <c>euler</c>, <c>euler-a</c>, <c>dpm++2m</c>, <c>dpm++2m-karras</c>, <c>lcm</c>,
    /// <c>pndm</c>, <c>lms</c>); null uses the model folder's own scheduler config.
    /// </summary>
    public string? Scheduler { get; init; }

    /// <summary>Output width in pixels, a multiple of 8 (null: 512 for generation, the input's size for edits).</summary>
    public int? Width { get; init; }

    /// <summary>Output height in pixels, a multiple of 8.</summary>
    public int? Height { get; init; }

    /// <summary>How many images to make; image k uses seed + k (1 by default).</summary>
    public int BatchCount { get; init; } = 1;

    /// <summary>Attach a cheap preview (a linear latent-to-RGB approximation) to the progress report every N steps; 0 for none.</summary>
    public int PreviewEvery { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelId))
            throw new ArgumentException("A diffusion model folder or catalog id is required.", nameof(ModelId));
        ArgumentNullException.ThrowIfNull(Prompt, nameof(Prompt));
        if (Steps < 1 || Steps > 1000) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be between 1 and 1000.");
        if (!(GuidanceScale >= 0 && GuidanceScale <= 100)) throw new ArgumentOutOfRangeException(nameof(GuidanceScale), GuidanceScale, "The guidance scale must be between 0 and 100.");
        if (BatchCount < 1 || BatchCount > 64) throw new ArgumentOutOfRangeException(nameof(BatchCount), BatchCount, "The batch count must be between 1 and 64.");
        if (PreviewEvery < 0) throw new ArgumentOutOfRangeException(nameof(PreviewEvery), PreviewEvery, "PreviewEvery must not be negative.");
        ValidateSide(Width, nameof(Width));
        ValidateSide(Height, nameof(Height));
        if (Scheduler is not null && !SchedulerFactory.Names.Contains(Scheduler.Trim().ToLowerInvariant()))
            throw new ArgumentException($"Unknown scheduler '{Scheduler}'. Valid names: {string.Join(", ", SchedulerFactory.Names)}.", nameof(Scheduler));
    }

    private static void ValidateSide(int? side, string name)
    {
        if (side is not { } s) return;
        if (s < 8 || s > MaxSide) throw new ArgumentOutOfRangeException(name, s, $"{name} must be between 8 and {MaxSide}.");
        if (s % 8 != 0) throw new ArgumentException($"{name} must be a multiple of 8 (got {s}): the VAE works on 8x8 pixel blocks.", name);
    }
}
