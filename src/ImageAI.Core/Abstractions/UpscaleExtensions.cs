using ImageAI.Imaging;
using ImageAI.Operations;

namespace ImageAI;

/// <summary>Convenience methods for <see cref="Upscale"/>.</summary>
public static class UpscaleExtensions
{
    /// <summary>Upscales an in-memory image (default: x4 with <c>realesr-general-x4v3</c>, tiles from a 1 GiB budget).</summary>
    public static Task<ImageEditResult> UpscaleAsync(this IImageEditor editor, ImageBuffer image, Upscale? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, options ?? new Upscale(), progress, cancellationToken);

    /// <summary>Upscales an image file.</summary>
    public static Task<ImageEditResult> UpscaleAsync(this IImageEditor editor, string imagePath, Upscale? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(imagePath, options ?? new Upscale(), progress, cancellationToken);
}
