namespace ImageAI;

/// <summary>Describes an editor: who provides it and which operations it supports.</summary>
/// <param name="ProviderName">e.g. "onnx" or "remote".</param>
/// <param name="SupportedOperations">Operation names (see <see cref="ImageOperation.Name"/>).</param>
/// <param name="ExecutionProvider">The configured execution provider, e.g. "CPU" or "CUDA".</param>
public sealed record ImageEditorMetadata(string ProviderName, IReadOnlySet<string> SupportedOperations, string? ExecutionProvider = null)
{
    /// <summary>Whether the editor supports an operation.</summary>
    public bool Supports(ImageOperation operation) => SupportedOperations.Contains(operation.Name);
}
