namespace ImageAI.Operations;

/// <summary>
/// Image-to-image ("enhance by prompt"): the input is encoded, noised to a level set by <see cref="Strength"/>
/// and denoised towards the prompt. The output has the input's size and alpha.
/// </summary>
public sealed record EditWithPrompt : PromptDiffusionOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "edit-with-prompt";

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <summary>How far the result may move from the input: 0 returns it (through the VAE), 1 ignores it (0.5 by default).</summary>
    public double Strength { get; init; } = 0.5;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (!(Strength >= 0 && Strength <= 1)) throw new ArgumentOutOfRangeException(nameof(Strength), Strength, "Strength must be between 0 and 1.");
    }
}
