using ImageAI.Imaging;
using ImageAI.Onnx.Models;
using ImageAI.Onnx.Sessions;

namespace ImageAI.Onnx.Editing;

/// <summary>Options of the local ONNX editor.</summary>
public sealed class OnnxEditorOptions
{
    /// <summary>The model catalog (default: the built-in one).</summary>
    public ModelCatalog Catalog { get; set; } = ModelCatalog.Default;

    /// <summary>Where models are cached and which sources may be used.</summary>
    public ModelStoreOptions Models { get; set; } = new();

    /// <summary>Execution provider, CPU fallback, threads, warm-up.</summary>
    public SessionSettings Sessions { get; set; } = new();

    /// <summary>Input images with more pixels are refused (default 64 MP). Also used when the editor decodes.</summary>
    public long MaxPixels { get; set; } = ImageGuard.DefaultMaxPixels;

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> with the reason.</summary>
    public void Validate()
    {
        if (MaxPixels <= 0) throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "MaxPixels must be positive.");
        if (string.IsNullOrWhiteSpace(Models.CacheDirectory)) throw new ArgumentException("Models.CacheDirectory must be set.", nameof(Models));
        if (Sessions.IntraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(Sessions), Sessions.IntraOpThreads, "IntraOpThreads must not be negative.");
        ArgumentNullException.ThrowIfNull(Sessions.Provider, "Sessions.Provider");
    }
}
