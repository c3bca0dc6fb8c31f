using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Operations;

namespace ImageAI;

/// <summary>Convenience over <see cref="IImageEditor"/>: typed operations, file and stream inputs, services.</summary>
public static class ImageEditorExtensions
{
    /// <summary>Runs an operation on an in-memory image.</summary>
    public static Task<ImageEditResult> EditAsync(this IImageEditor editor, ImageBuffer? image, ImageOperation operation,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(editor);
        return editor.EditAsync(new ImageEditRequest(image, operation), progress, cancellationToken);
    }

    /// <summary>Runs an operation on an image file (EXIF orientation applied).</summary>
    public static async Task<ImageEditResult> EditAsync(this IImageEditor editor, string imagePath, ImageOperation operation,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default, ImageDecodeOptions? decodeOptions = null)
    {
        var image = await ImageIO.LoadAsync(imagePath, decodeOptions, cancellationToken).ConfigureAwait(false);
        return await editor.EditAsync(image, operation, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs an operation on an encoded image in a stream.</summary>
    public static async Task<ImageEditResult> EditAsync(this IImageEditor editor, Stream imageStream, ImageOperation operation,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default, ImageDecodeOptions? decodeOptions = null)
    {
        var image = await ImageIO.LoadAsync(imageStream, decodeOptions, cancellationToken).ConfigureAwait(false);
        return await editor.EditAsync(image, operation, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the background of an in-memory image.</summary>
    public static Task<ImageEditResult> RemoveBackgroundAsync(this IImageEditor editor, ImageBuffer image, RemoveBackground? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, options ?? new RemoveBackground(), progress, cancellationToken);

    /// <summary>Removes the background of an image file.</summary>
    public static Task<ImageEditResult> RemoveBackgroundAsync(this IImageEditor editor, string imagePath, RemoveBackground? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(imagePath, options ?? new RemoveBackground(), progress, cancellationToken);

    /// <summary>Removes the background of an encoded image in a stream.</summary>
    public static Task<ImageEditResult> RemoveBackgroundAsync(this IImageEditor editor, Stream imageStream, RemoveBackground? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(imageStream, options ?? new RemoveBackground(), progress, cancellationToken);

    /// <summary>Asks for a service of type <typeparamref name="T"/>.</summary>
    public static T? GetService<T>(this IImageEditor editor, object? serviceKey = null) where T : class =>
        editor.GetService(typeof(T), serviceKey) as T;

    /// <summary>The editor's metadata (provider, supported operations).</summary>
    public static ImageEditorMetadata? GetMetadata(this IImageEditor editor) => editor.GetService<ImageEditorMetadata>();

    /// <summary>Saves the result's main image atomically; the format comes from the options or the extension.</summary>
    public static Task SaveAsync(this ImageEditResult result, string path, ImageEncodeOptions? options = null, CancellationToken cancellationToken = default) =>
        ImageIO.SaveAsync(result.Image, path, options, cancellationToken);

    /// <summary>Encodes the result's main image.</summary>
    public static byte[] Encode(this ImageEditResult result, ImageEncodeOptions? options = null) => ImageIO.Encode(result.Image, options);
}
