using ImageAI.Compositing;
using ImageAI.Imaging;
using ImageAI.Matting;

namespace ImageAI.Operations;

/// <summary>
/// Segments the subject and puts it on a new background: a colour, a gradient, another image, or the original
/// background blurred, optionally with a soft drop shadow. The output keeps the input's size (unless
/// <see cref="CropToSubject"/>) and the subject's size.
/// </summary>
public sealed record ReplaceBackground : ImageOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "replace-background";

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <summary>What goes behind the subject (required).</summary>
    public required BackgroundFill Background { get; init; }

    /// <summary>An optional soft shadow under the subject.</summary>
    public DropShadow? Shadow { get; init; }

    /// <summary>Catalog id or file path of the segmentation model; null means the default (<c>isnet-general</c>).</summary>
    public string? ModelId { get; init; }

    /// <summary>Mask refinement (default: guided filter, which keeps hair and soft edges).</summary>
    public MaskRefinement Refinement { get; init; } = MaskRefinement.GuidedFilter;

    /// <summary>
    /// An optional trimap of the input's size (0 = background, 255 = foreground, any other value = unknown): its
    /// definite regions are kept as given and, with <see cref="MaskRefinement.Matting"/>, its unknown region is solved
    /// by closed-form matting. Needs <see cref="Refinement"/> other than <see cref="MaskRefinement.None"/>; a trimap of
    /// another size fails with <see cref="MaskSizeMismatchException"/>.
    /// </summary>
    public GrayImage? Trimap { get; init; }

    /// <summary>Model input side (e.g. 512, 768, 1024), null = the model's own; see <see cref="RemoveBackground.ModelResolution"/>.</summary>
    public int? ModelResolution { get; init; }

    /// <summary>Re-estimate the subject's colours at soft edges so the old background does not show as a halo (default on).</summary>
    public bool EstimateForeground { get; init; } = true;

    /// <summary>Mix edge colours in sRGB (default) or linear light.</summary>
    public BlendSpace Blend { get; init; } = BlendSpace.Srgb;

    /// <summary>Crop the result to the subject's bounding box plus <see cref="CropMargin"/>.</summary>
    public bool CropToSubject { get; init; }

    /// <summary>Margin in pixels kept around the subject when cropping (0 or more).</summary>
    public int CropMargin { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        if (Background is null) throw new ArgumentNullException(nameof(Background), "A background is required.");
        Background.Validate();
        Shadow?.Validate();
        if (!Enum.IsDefined(Blend)) throw new ArgumentOutOfRangeException(nameof(Blend), Blend, "Unknown blend space.");
        SubjectOptions.Validate(ModelResolution, CropMargin, Refinement);
        SubjectOptions.ValidateTrimap(Trimap, Refinement);
    }
}
