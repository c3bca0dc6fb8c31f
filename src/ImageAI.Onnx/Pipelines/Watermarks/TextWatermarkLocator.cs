using ImageAI.Imaging;
using ImageAI.Onnx.Sessions;
using ImageAI.Watermarks;

namespace ImageAI.Onnx.Pipelines.Watermarks;

/// <summary>What automatic text-watermark location found: the stroke mask (0/255, the image's size) and the text regions kept.</summary>
internal sealed record TextWatermarkLocation(GrayImage Mask, IReadOnlyList<TextRegion> Regions);

/// <summary>
/// Automatic text-watermark location, every stage in one place (the removal flow, the detect-only preview and the
/// evaluation harnesses all call this): the DB detector's regions, then the stroke mask inside them (regions whose
/// "strokes" fill their box are dropped as textured bands).
/// </summary>
internal static class TextWatermarkLocator
{
    public static TextWatermarkLocation Locate(ModelSession session, ImageBuffer image, TextDetectionOptions options, CancellationToken cancellationToken)
    {
        var detection = TextDetector.Detect(session, image, options, cancellationToken);
        var (mask, regions) = TextStrokeMask.BuildWithRegions(image, detection.Regions, options.StrokeDilation, cancellationToken);
        (mask, regions) = TextRepetitionFinder.Extend(image, mask, regions, cancellationToken);
        return new TextWatermarkLocation(mask, regions);
    }
}
