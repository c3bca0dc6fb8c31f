using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Morphology;

namespace ImageAI.Operations;

/// <summary>How <see cref="RemoveWatermark"/> finds the watermark.</summary>
public enum WatermarkLocator
{
    /// <summary>A known watermark image (<see cref="RemoveWatermark.Template"/>) is searched for (position, scale, opacity) and removed by inverting its blend.</summary>
    Template,
    /// <summary>The caller gives the region: <see cref="RemoveWatermark.Mask"/> and/or <see cref="RemoveWatermark.Rectangles"/>; it is inpainted.</summary>
    Mask,
    /// <summary>Text is detected automatically (PP-OCRv4 DB detector, <see cref="RemoveWatermark.TextDetection"/>); a stroke mask is built, the blend inverted where the text is semi-transparent and the rest inpainted.</summary>
    Text,
}

/// <summary>
/// Removes a visible watermark. With a known template the photo under a semi-transparent mark is recovered exactly
/// by inverting the blend (J = (I - A*W)/(1 - A)) and only nearly opaque pixels are inpainted; with a mask the
/// region is inpainted. A guard refuses to change more than <see cref="MaxAreaFraction"/> of the image unless
/// <see cref="Force"/> is set. The result's <see cref="ImageEditResult.Details"/> is a
/// <see cref="Watermarks.WatermarkReport"/>; its <see cref="ImageEditResult.Mask"/> is the changed region.
/// </summary>
public sealed record RemoveWatermark : ImageOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "remove-watermark";

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <summary>How the watermark is found (default: <see cref="WatermarkLocator.Mask"/>).</summary>
    public WatermarkLocator Locator { get; init; } = WatermarkLocator.Mask;

    /// <summary>For <see cref="WatermarkLocator.Template"/>: the watermark as an RGBA image (its alpha gives the shape; opacity and position are estimated).</summary>
    public ImageBuffer? Template { get; init; }

    /// <summary>For <see cref="WatermarkLocator.Mask"/>: the region (value &gt;= 128), the image's size.</summary>
    public GrayImage? Mask { get; init; }

    /// <summary>For <see cref="WatermarkLocator.Mask"/>: rectangles to remove (added to <see cref="Mask"/>).</summary>
    public IReadOnlyList<PixelRect>? Rectangles { get; init; }

    /// <summary>For <see cref="WatermarkLocator.Text"/>: detector model and thresholds (default: PP-OCRv4 with PaddleOCR's DB settings).</summary>
    public Watermarks.TextDetectionOptions? TextDetection { get; init; }

    /// <summary>The inpainting engine for what cannot be inverted (default PatchMatch).</summary>
    public InpaintEngine Engine { get; init; } = InpaintEngine.PatchMatch;

    /// <summary>Catalog id or .onnx path for the LaMa/MI-GAN engines.</summary>
    public string? InpaintModelId { get; init; }

    /// <summary>Only locate: return the input unchanged with the mask and the report (a preview).</summary>
    public bool DetectOnly { get; init; }

    /// <summary>Grow the mask by this many pixels before inpainting (default 2: covers antialiased edges and compression fringes).</summary>
    public int DilateRadius { get; init; } = 2;

    /// <summary>Blend the inpainted region back with a soft edge this wide, in pixels (default 0: hard edge).</summary>
    public float FeatherRadius { get; init; }

    /// <summary>The default of <see cref="MaxAreaFraction"/>.</summary>
    public const double DefaultMaxAreaFraction = 0.15;

    /// <summary>The largest fraction of the image that may be changed (default 0.15) unless <see cref="Force"/>.</summary>
    public double MaxAreaFraction { get; init; } = DefaultMaxAreaFraction;

    /// <summary>Change more than <see cref="MaxAreaFraction"/> anyway.</summary>
    public bool Force { get; init; }

    /// <summary>Template mode: above this opacity pixels are inpainted rather than inverted (default 0.9).</summary>
    public double MaxInvertibleOpacity { get; init; } = 0.9;

    /// <summary>Seed for PatchMatch.</summary>
    public int Seed { get; init; } = 1;

    /// <inheritdoc />
    public override void Validate()
    {
        if (!Enum.IsDefined(Locator)) throw new ArgumentOutOfRangeException(nameof(Locator), Locator, "Unknown watermark locator.");
        if (!Enum.IsDefined(Engine)) throw new ArgumentOutOfRangeException(nameof(Engine), Engine, "Unknown inpainting engine.");
        if (Locator == WatermarkLocator.Template && Template is null)
            throw new ArgumentException("The template locator needs a Template image.", nameof(Template));
        if (Locator == WatermarkLocator.Mask && Mask is null && (Rectangles is null || Rectangles.Count == 0))
            throw new ArgumentException("The mask locator needs a Mask or Rectangles.", nameof(Mask));
        TextDetection?.Validate();
        if (DilateRadius is < 0 or > 256) throw new ArgumentOutOfRangeException(nameof(DilateRadius), DilateRadius, "DilateRadius must be 0..256.");
        if (FeatherRadius is < 0 or > 256 || float.IsNaN(FeatherRadius)) throw new ArgumentOutOfRangeException(nameof(FeatherRadius), FeatherRadius, "FeatherRadius must be 0..256.");
        if (!(MaxAreaFraction > 0 && MaxAreaFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(MaxAreaFraction), MaxAreaFraction, "MaxAreaFraction must be in (0, 1].");
        if (!(MaxInvertibleOpacity > 0 && MaxInvertibleOpacity < 1)) throw new ArgumentOutOfRangeException(nameof(MaxInvertibleOpacity), MaxInvertibleOpacity, "MaxInvertibleOpacity must be in (0, 1).");
        if (Rectangles is not null)
            foreach (var r in Rectangles)
                if (r.Width <= 0 || r.Height <= 0) throw new ArgumentException($"Rectangle {r} has no area.", nameof(Rectangles));
    }
}
