using ImageAI.Imaging;
using ImageAI.Operations;

namespace ImageAI;

/// <summary>Convenience calls for background replacement.</summary>
public static class BackgroundExtensions
{
    /// <summary>Puts the subject of an in-memory image on a new background.</summary>
    public static Task<ImageEditResult> ReplaceBackgroundAsync(this IImageEditor editor, ImageBuffer image, ReplaceBackground options,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, options, progress, cancellationToken);

    /// <summary>Puts the subject of an image file on a new background.</summary>
    public static Task<ImageEditResult> ReplaceBackgroundAsync(this IImageEditor editor, string imagePath, ReplaceBackground options,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(imagePath, options, progress, cancellationToken);
}
