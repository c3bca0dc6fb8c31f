using ImageAI.Imaging;

namespace ImageAI;

/// <summary>A model that took part in an edit.</summary>
/// <param name="Id">Catalog id, or the file name for user-supplied models.</param>
/// <param name="Sha256">The verified hash of the file, when known.</param>
public sealed record ModelUsage(string Id, string? Sha256);

/// <summary>The outcome of one edit.</summary>
public sealed class ImageEditResult
{
    /// <summary>The main output image (for detection-only operations: the input, unchanged).</summary>
    public required ImageBuffer Image { get; init; }

    /// <summary>Every output image when the operation produced several (batch generation); else just <see cref="Image"/>.</summary>
    public IReadOnlyList<ImageBuffer> Images { get => _images ?? [Image]; init => _images = value; }
    private IReadOnlyList<ImageBuffer>? _images;

    /// <summary>The mask the operation computed or used (foreground alpha, watermark mask, ...), when there is one.</summary>
    public GrayImage? Mask { get; init; }

    /// <summary>The execution provider that actually ran the models ("CPU", "CUDA", ..., "remote:NAME", or "none").</summary>
    public string ExecutionProvider { get; init; } = "none";

    /// <summary>Set when the requested provider could not start and the caller allowed falling back to CPU.</summary>
    public string? FallbackReason { get; init; }

    /// <summary>The models used.</summary>
    public IReadOnlyList<ModelUsage> Models { get; init; } = [];

    /// <summary>Wall-clock time per stage (e.g. preprocess, inference, postprocess).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Timings { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>An operation-specific report (faces found, watermark regions, ...), or null.</summary>
    public object? Details { get; init; }

    /// <summary>Human-readable notes (e.g. "no faces found").</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The report as <typeparamref name="T"/>, or null.</summary>
    public T? GetDetails<T>() where T : class => Details as T;
}
