using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using ImageAI.Watermarks;

namespace ImageAI.Onnx.Pipelines.Watermarks;

/// <summary>What automatic text-watermark location found: the stroke mask (0/255, the image's size) and the text regions kept.</summary>
internal sealed record TextWatermarkLocation(GrayImage Mask, IReadOnlyList<TextRegion> Regions)
{
    /// <summary>Per region, the index of the region whose blend it is removed with (a line's part read past its box), or -1; null: each its own.</summary>
    public IReadOnlyList<int>? BlendOf { get; init; }
}

/// <summary>
/// Automatic text-watermark location, every stage in one place (the removal flow, the detect-only preview and the
/// evaluation harnesses all call this): the DB detector's regions, then the stroke mask inside them (regions whose
/// "strokes" fill their box are dropped as textured bands; lines only the desaturated pass found are segmented on the
/// inverted chroma), then tiled repetitions of what was found, then the lines only the equalised inverted chroma showed,
/// then the smoothed and desaturated passes' extensions of the lines found, then (with a reader) without the regions
/// the recogniser cannot read, then the lines followed past their boxes as far as the recogniser reads them and where
/// the found strokes' blend explains more of them.
/// </summary>
internal static class TextWatermarkLocator
{
    public static TextWatermarkLocation Locate(ModelSession session, ImageBuffer image, TextDetectionOptions options, CancellationToken cancellationToken,
        TextLineReader? reader = null)
    {
        var detection = TextDetector.Detect(session, image, options, cancellationToken);
        // A fixed-size detector runs one pass only, so the map may not have been made yet.
        var achromatic = detection.Achromatic ?? (options.DesaturatedPass ? AchromaticMap.Create(image) : null);
        var (mask, regions) = TextStrokeMask.BuildWithRegions(image, detection.Regions, options.StrokeDilation, cancellationToken, achromatic);
        if (achromatic is not null && detection.DesaturatedLines.Count > 0)
        {
            // Segmented where they were found: on the photo their strokes are as lost in the texture as they were for the
            // detector (on the synthetic set 1.6 points less coverage).
            var (lineMask, lines) = TextStrokeMask.BuildWithRegions(achromatic, detection.DesaturatedLines, options.StrokeDilation, cancellationToken);
            (mask, regions) = (MaskOps.Union(mask, lineMask), [.. regions, .. lines]);
        }
        (mask, regions) = TextRepetitionFinder.Extend(image, mask, regions, cancellationToken);
        if (achromatic is not null && detection.EqualizedLines.Count > 0)
        {
            // After the repetitions, which they do not lead: taken with the other desaturated lines, before the search
            // and as lines the smoothed pass extends, they grew kodim13-v1's mask from 4x to 10x the text (synthetic set).
            var (lineMask, lines) = TextStrokeMask.BuildWithRegions(achromatic, detection.EqualizedLines, options.StrokeDilation, cancellationToken);
            (mask, regions) = (MaskOps.Union(mask, lineMask), [.. regions, .. lines]);
        }
        if (detection.Extensions.Count > 0)
        {
            var (more, extended) = TextStrokeMask.BuildWithRegions(image, detection.Extensions, options.StrokeDilation, cancellationToken, achromatic);
            // An extension adds text only beyond the regions already segmented: inside them its own threshold would add
            // the texture the first segmentation left out. (Completed from the inverted chroma too: 0.4 point more text.)
            ClearInside(more, regions, 2);
            (mask, regions) = (MaskOps.Union(mask, more), [.. regions, .. extended]);
        }
        // The veto before reading along: lines nothing reads are not followed (texture read past its end could only add
        // texture), and the parts reading along adds were read already.
        if (options.ReadingVeto && reader is not null) (mask, regions) = DropUnread(reader, image, mask, regions, options.MinReadingConfidence, cancellationToken);
        var reach = options.ReadAlong && reader is not null ? TextReadAlong.Read(reader, image, regions, cancellationToken) : null;
        var blendOf = new List<int>();
        if (options.LineContinuation || reach is not null)
            (mask, regions) = TextLineContinuation.Extend(image, mask, regions, options.StrokeDilation, cancellationToken, reach, options.LineContinuation, achromatic, blendOf);
        return new TextWatermarkLocation(mask, regions) { BlendOf = blendOf.Count == regions.Count ? blendOf : null };
    }

    /// <summary>
    /// The regions the recogniser cannot read dropped, and their strokes with them, but for pixels that a region it
    /// reads also holds (one line's words are often found as a whole line and as parts of it).
    /// </summary>
    private static (GrayImage Mask, IReadOnlyList<TextRegion> Regions) DropUnread(TextLineReader reader, ImageBuffer image, GrayImage mask,
        IReadOnlyList<TextRegion> regions, double minConfidence, CancellationToken cancellationToken)
    {
        var read = new List<TextRegion>(regions.Count);
        var unread = new List<TextRegion>();
        foreach (var region in regions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (reader.Read(image, region, cancellationToken).Confidence >= minConfidence ? read : unread).Add(region);
        }
        if (unread.Count == 0) return (mask, regions);
        var dropped = new GrayImage(mask.Width, mask.Height);
        foreach (var region in unread) region.Paint(dropped, 255, ReadMargin);
        foreach (var region in read) region.Paint(dropped, 0, ReadMargin);
        var kept = mask.Clone();
        for (int i = 0; i < kept.Pixels.Length; i++) if (dropped.Pixels[i] != 0) kept.Pixels[i] = 0;
        return (kept, read);
    }

    /// <summary>A region's strokes reach this far past its box (the stroke mask grows boxes by 2 px).</summary>
    private const float ReadMargin = 2;

    private static void ClearInside(GrayImage mask, IReadOnlyList<TextRegion> regions, float margin)
    {
        foreach (var region in regions) region.Paint(mask, 0, margin);
    }
}
