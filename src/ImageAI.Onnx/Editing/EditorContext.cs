using ImageAI.Onnx.Models;
using ImageAI.Onnx.Sessions;
using Microsoft.Extensions.Logging;

namespace ImageAI.Onnx.Editing;

/// <summary>What every pipeline shares: the model store, the session cache, options and logging.</summary>
internal sealed class EditorContext(OnnxEditorOptions options, ModelStore store, SessionCache sessions, ILoggerFactory loggerFactory)
{
    public OnnxEditorOptions Options { get; } = options;
    public ModelStore Store { get; } = store;
    public SessionCache Sessions { get; } = sessions;
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>
    /// Runs another operation through the editor (e.g. face enhancement upscaling the rest of the image), so
    /// pipelines compose without knowing each other. Set by <see cref="OnnxImageEditor"/>.
    /// </summary>
    public Func<ImageEditRequest, IProgress<ImageEditProgress>?, CancellationToken, Task<ImageEditResult>> EditAsync { get; set; } =
        (_, _, _) => throw new InvalidOperationException("The editor has not been attached.");

    /// <summary>Resolves (fetching if needed) and loads a model: the given id or path, or the task's default.</summary>
    public async Task<ModelSession> LoadAsync(string? modelIdOrPath, string task, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        var resolved = modelIdOrPath is null
            ? await Store.ResolveAsync(Store.Catalog.DefaultFor(task), progress, ct).ConfigureAwait(false)
            : await Store.ResolveAsync(modelIdOrPath, progress, ct).ConfigureAwait(false);
        if (resolved.Entry is { } entry && entry.Task != task)
            throw new ModelContractException(entry.Id, $"Model '{entry.Id}' is a {entry.Task} model, not a {task} model.");
        return await Sessions.GetAsync(resolved, ct).ConfigureAwait(false);
    }
}
