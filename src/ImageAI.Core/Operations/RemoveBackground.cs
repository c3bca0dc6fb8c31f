using ImageAI.Imaging;
using ImageAI.Matting;

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

    /// <summary>How the model's coarse mask is refined at full resolution (default: none, plain bilinear upsampling).</summary>
    public MaskRefinement Refinement { get; init; } = MaskRefinement.None;

    /// <summary>
    /// An optional trimap of the input's size (0 = background, 255 = foreground, any other value = unknown): its
    /// definite regions are kept as given and, with <see cref="MaskRefinement.Matting"/>, its unknown region is solved
    /// by closed-form matting. Needs <see cref="Refinement"/> other than <see cref="MaskRefinement.None"/>; a trimap of
    /// another size fails with <see cref="MaskSizeMismatchException"/>.
    /// </summary>
    public GrayImage? Trimap { get; init; }

    /// <summary>
    /// Square input side the model runs at (e.g. 512, 768 or 1024; a multiple of 32 in 256..2048); null means the
    /// model's own size. Lower is faster; pair it with <see cref="Refinement"/> to restore full-resolution edges.
    /// </summary>
    public int? ModelResolution { get; init; }

    /// <summary>Re-estimate the subject's colours where alpha is fractional, so no fringe of the old background remains.</summary>
    public bool EstimateForeground { get; init; }

    /// <summary>Crop the result to the subject's bounding box plus <see cref="CropMargin"/>.</summary>
    public bool CropToSubject { get; init; }

    /// <summary>Margin in pixels kept around the subject when cropping (0 or more).</summary>
    public int CropMargin { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        SubjectOptions.Validate(ModelResolution, CropMargin, Refinement);
        SubjectOptions.ValidateTrimap(Trimap, Refinement);
    }
}
