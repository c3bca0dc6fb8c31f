using ImageAI.Inpainting;
using ImageAI.Morphology;

namespace ImageAI.Watermarks;

/// <summary>What watermark removal found and changed (the <see cref="ImageEditResult.Details"/> of RemoveWatermark and Inpaint).</summary>
public sealed record WatermarkReport
{
    /// <summary>The locator used ("template", "mask", "text").</summary>
    public required string Locator { get; init; }
    /// <summary>The found regions (bounding boxes).</summary>
    public IReadOnlyList<PixelRect> Regions { get; init; } = [];
    /// <summary>Template mode: the match (position, scale, opacity, score).</summary>
    public TemplateMatch? Match { get; init; }
    /// <summary>Pixels recovered by inverting the blend.</summary>
    public long InvertedPixels { get; init; }
    /// <summary>Pixels filled by inpainting.</summary>
    public long InpaintedPixels { get; init; }
    /// <summary>Changed pixels as a fraction of the image.</summary>
    public double ChangedFraction { get; init; }
    /// <summary>The inpainting engine (when anything was inpainted).</summary>
    public InpaintEngine? Engine { get; init; }
    /// <summary>Text locator: the detected text regions (rotated boxes).</summary>
    public IReadOnlyList<TextRegion> TextRegions { get; init; } = [];
    /// <summary>Text locator: the blend (opacity, colour) estimated per region, and whether it was inverted or inpainted.</summary>
    public IReadOnlyList<TextBlendEstimate> TextBlends { get; init; } = [];
    /// <summary>False for detect-only previews and empty masks.</summary>
    public bool Changed { get; init; }
}
