namespace ImageAI.Operations;

/// <summary>Text-to-image with a latent diffusion model (Stable Diffusion 1.x/2.x family). Needs no input image.</summary>
public sealed record GenerateImage : PromptDiffusionOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "generate-image";

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <inheritdoc />
    public override bool RequiresImage => false;
}
