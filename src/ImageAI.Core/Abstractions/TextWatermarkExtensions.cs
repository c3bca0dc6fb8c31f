using ImageAI.Imaging;
using ImageAI.Operations;
using ImageAI.Watermarks;

namespace ImageAI;

/// <summary>Convenience methods for automatic text-watermark detection and removal on any <see cref="IImageEditor"/>.</summary>
public static class TextWatermarkExtensions
{
    /// <summary>Detects text, builds a stroke mask, inverts the blend where the text is semi-transparent and inpaints the rest.</summary>
    public static Task<ImageEditResult> RemoveTextWatermarkAsync(this IImageEditor editor, ImageBuffer image, RemoveWatermark? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, (options ?? new RemoveWatermark()) with { Locator = WatermarkLocator.Text }, progress, cancellationToken);

    /// <summary>Only detects: the result's <see cref="ImageEditResult.Mask"/> is the stroke mask and its <see cref="WatermarkReport"/> lists the regions; the image is unchanged.</summary>
    public static Task<ImageEditResult> DetectTextWatermarkAsync(this IImageEditor editor, ImageBuffer image, TextDetectionOptions? detection = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, new RemoveWatermark { Locator = WatermarkLocator.Text, TextDetection = detection, DetectOnly = true }, progress, cancellationToken);
}
