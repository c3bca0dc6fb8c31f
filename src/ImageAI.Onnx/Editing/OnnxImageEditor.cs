using ImageAI.Imaging;
using ImageAI.Onnx.Models;
using ImageAI.Onnx.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageAI.Onnx.Editing;

/// <summary>
/// The local <see cref="IImageEditor"/>: runs every operation with ONNX models on this machine. One instance
/// is meant to live as long as the application: it caches loaded sessions and is safe for concurrent use.
/// </summary>
public sealed class OnnxImageEditor : IImageEditor
{
    private readonly Dictionary<string, IOperationHandler> _handlers;
    private readonly EditorContext _context;
    private readonly ImageEditorMetadata _metadata;
    private bool _disposed;

    /// <summary>Creates an editor.</summary>
    public OnnxImageEditor(OnnxEditorOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new OnnxEditorOptions();
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        var store = new ModelStore(options.Catalog, options.Models, loggerFactory.CreateLogger<ModelStore>());
        var sessions = new SessionCache(options.Sessions, loggerFactory.CreateLogger<SessionCache>());
        _context = new EditorContext(options, store, sessions, loggerFactory);
        _context.EditAsync = EditAsync;
        _handlers = OperationHandlers.Create(_context).ToDictionary(h => h.OperationName, StringComparer.Ordinal);
        _metadata = new ImageEditorMetadata("onnx", _handlers.Keys.ToHashSet(StringComparer.Ordinal), options.Sessions.Provider.Name);
    }

    /// <summary>The options in force.</summary>
    public OnnxEditorOptions Options => _context.Options;

    /// <summary>The model store (resolve, fetch, verify).</summary>
    public ModelStore Models => _context.Store;

    /// <summary>The loaded sessions.</summary>
    public SessionCache Sessions => _context.Sessions;

    /// <inheritdoc />
    public async Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (request.Image is { } image)
            ImageGuard.CheckPixelLimit(image.Width, image.Height, Options.MaxPixels);
        if (!_handlers.TryGetValue(request.Operation.Name, out var handler))
            throw new OperationNotSupportedException(request.Operation.Name,
                $"The local ONNX editor does not support '{request.Operation.Name}'. Supported: {string.Join(", ", _handlers.Keys.Order())}.");
        cancellationToken.ThrowIfCancellationRequested();
        // Pipelines are CPU-bound: keep them off the caller's synchronisation context.
        return await Task.Run(() => handler.ExecuteAsync(request, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ImageEditorMetadata)) return _metadata;
        if (serviceType.IsInstanceOfType(this)) return this;
        if (serviceType == typeof(ModelStore)) return Models;
        if (serviceType == typeof(SessionCache)) return Sessions;
        if (serviceType == typeof(ModelCatalog)) return Models.Catalog;
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _context.Sessions.Dispose();
    }
}
