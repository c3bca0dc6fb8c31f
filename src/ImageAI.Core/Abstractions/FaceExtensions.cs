using ImageAI.Faces;
using ImageAI.Imaging;
using ImageAI.Operations;

namespace ImageAI;

/// <summary>Convenience methods for face detection and enhancement.</summary>
public static class FaceExtensions
{
    /// <summary>Detects faces (boxes, five landmarks, scores), largest first.</summary>
    public static async Task<IReadOnlyList<DetectedFace>> DetectFacesAsync(this IImageEditor editor, ImageBuffer image, DetectFaces? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(editor);
        var result = await editor.EditAsync(new ImageEditRequest(image, options ?? new DetectFaces()), null, cancellationToken).ConfigureAwait(false);
        return result.GetDetails<FaceDetectionReport>()?.Faces ?? [];
    }

    /// <summary>Restores the faces of an image (see <see cref="EnhanceFaces"/>); the report is in <see cref="ImageEditResult.Details"/>.</summary>
    public static Task<ImageEditResult> EnhanceFacesAsync(this IImageEditor editor, ImageBuffer image, EnhanceFaces? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(editor);
        return editor.EditAsync(new ImageEditRequest(image, options ?? new EnhanceFaces()), progress, cancellationToken);
    }
}
