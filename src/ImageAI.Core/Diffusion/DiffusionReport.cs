namespace ImageAI.Diffusion;

/// <summary>What a diffusion operation did (<see cref="ImageEditResult.Details"/>).</summary>
public sealed record DiffusionReport
{
    /// <summary>The seed of each output image, in order (image k used seed + k).</summary>
    public required IReadOnlyList<long> Seeds { get; init; }
    /// <summary>The scheduler that ran.</summary>
    public required string Scheduler { get; init; }
    /// <summary>The requested steps.</summary>
    public int Steps { get; init; }
    /// <summary>UNet steps actually run per image (fewer than <see cref="Steps"/> for image-to-image).</summary>
    public int StepsRun { get; init; }
    /// <summary>The working size in pixels (a multiple of 8).</summary>
    public int Width { get; init; }
    /// <summary>The working height in pixels.</summary>
    public int Height { get; init; }
    /// <summary>The guidance scale.</summary>
    public double GuidanceScale { get; init; }
    /// <summary>UNet calls in total.</summary>
    public int UnetCalls { get; init; }
    /// <summary>Whether the conditional and unconditional passes shared one UNet call (batch 2).</summary>
    public bool BatchedGuidance { get; init; }
    /// <summary>The UNet's timestep element type as declared by the model (e.g. Float, Int64).</summary>
    public string TimestepType { get; init; } = "";
    /// <summary>The UNet's latent element type (Float or Float16).</summary>
    public string LatentType { get; init; } = "";
    /// <summary>Median time per step spent outside ONNX Runtime's UNet run (tensor conversion, guidance, scheduler, blending; and previews when asked for).</summary>
    public TimeSpan StepOverhead { get; init; }
    /// <summary>For inpainting: the working region (x, y, width, height) in the input image.</summary>
    public (int X, int Y, int Width, int Height)? Region { get; init; }
}
