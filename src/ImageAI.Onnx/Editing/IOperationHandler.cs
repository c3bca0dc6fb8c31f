namespace ImageAI.Onnx.Editing;

/// <summary>Runs one kind of <see cref="ImageOperation"/> for the local editor.</summary>
internal interface IOperationHandler
{
    /// <summary>The operation name handled (see <see cref="ImageOperation.Name"/>).</summary>
    string OperationName { get; }

    /// <summary>Runs the operation. The request has been validated.</summary>
    Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken);
}
