using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Operations;

namespace ImageAI;

/// <summary>Convenience methods for inpainting and watermark removal on any <see cref="IImageEditor"/>.</summary>
public static class WatermarkExtensions
{
    /// <summary>Fills the masked pixels (value &gt;= 128) of an image (object removal).</summary>
    public static Task<ImageEditResult> InpaintAsync(this IImageEditor editor, ImageBuffer image, GrayImage mask, InpaintEngine engine = InpaintEngine.PatchMatch,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, new Inpaint { Mask = mask, Engine = engine }, progress, cancellationToken);

    /// <summary>Removes a known watermark (an RGBA image of the mark): located, inverted, and inpainted only where opaque.</summary>
    public static Task<ImageEditResult> RemoveWatermarkAsync(this IImageEditor editor, ImageBuffer image, ImageBuffer template, RemoveWatermark? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, (options ?? new RemoveWatermark()) with { Locator = WatermarkLocator.Template, Template = template }, progress, cancellationToken);

    /// <summary>Removes the watermark in a caller-given region (mask value &gt;= 128) by inpainting.</summary>
    public static Task<ImageEditResult> RemoveWatermarkAsync(this IImageEditor editor, ImageBuffer image, GrayImage mask, RemoveWatermark? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, (options ?? new RemoveWatermark()) with { Locator = WatermarkLocator.Mask, Mask = mask }, progress, cancellationToken);
}
