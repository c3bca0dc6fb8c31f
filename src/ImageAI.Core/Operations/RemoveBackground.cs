using ImageAI.Imaging;

namespace ImageAI.Operations;

/// <summary>What <see cref="RemoveBackground"/> returns as its image.</summary>
public enum BackgroundOutput
{
    /// <summary>The subject on a transparent background (RGBA, straight alpha).</summary>
    Cutout,
    /// <summary>The foreground mask alone, as an opaque grey image (white = subject).</summary>
    Mask,
    /// <summary>The subject composited onto <see cref="RemoveBackground.BackgroundColor"/>.</summary>
    SolidColor,
}

/// <summary>Separates the subject from the background with a salient-object segmentation model (ISNet by default).</summary>
public sealed record RemoveBackground : ImageOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "remove-background";

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <summary>Catalog id or file path of the segmentation model; null means the default (<c>isnet-general</c>).</summary>
    public string? ModelId { get; init; }

    /// <summary>What to return (default: the cutout).</summary>
    public BackgroundOutput Output { get; init; } = BackgroundOutput.Cutout;

    /// <summary>The colour behind the subject for <see cref="BackgroundOutput.SolidColor"/> (default white).</summary>
    public Rgba32 BackgroundColor { get; init; } = Rgba32.White;
}
