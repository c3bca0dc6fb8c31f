namespace ImageAI;

/// <summary>
/// Edits or generates images. One small interface for every back end (local ONNX models, remote services);
/// what to do is described by the request's <see cref="ImageOperation"/>, and convenience lives in
/// <see cref="ImageEditorExtensions"/>.
/// </summary>
/// <remarks>Implementations are thread-safe: one instance serves concurrent calls and reuses loaded models.</remarks>
public interface IImageEditor : IDisposable
{
    /// <summary>Runs one operation.</summary>
    /// <param name="request">The input image (if the operation takes one) and the operation.</param>
    /// <param name="progress">Receives progress for long work: downloads, tiles, diffusion steps.</param>
    /// <param name="cancellationToken">Stops the work between (and where the runtime allows, during) model runs.</param>
    /// <exception cref="OperationNotSupportedException">This editor does not support the operation.</exception>
    Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Asks for a service the editor or an inner editor provides, such as <see cref="ImageEditorMetadata"/>.</summary>
    object? GetService(Type serviceType, object? serviceKey = null);
}
