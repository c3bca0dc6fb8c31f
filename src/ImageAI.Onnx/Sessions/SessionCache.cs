using System.Collections.Concurrent;
using ImageAI.Onnx.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageAI.Onnx.Sessions;

/// <summary>
/// Loads each model once per settings and shares the session between concurrent callers. A failed load is not
/// cached, so the next call tries again.
/// </summary>
public sealed class SessionCache : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ModelSession>>> _sessions = new();
    private readonly ILogger _logger;
    private int _loads;

    /// <summary>Creates a cache.</summary>
    public SessionCache(SessionSettings? settings = null, ILogger? logger = null)
    {
        Settings = settings ?? new SessionSettings();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The settings every session is created with.</summary>
    public SessionSettings Settings { get; }

    /// <summary>How many sessions were created (for tests and diagnostics).</summary>
    public int LoadCount => Volatile.Read(ref _loads);

    /// <summary>Returns the shared session for a model, loading it on first use.</summary>
    public async Task<ModelSession> GetAsync(ResolvedModel model, CancellationToken cancellationToken = default)
    {
        var key = $"{model.Path}|{model.Sha256}|{Settings.CacheKey}";
        var lazy = _sessions.GetOrAdd(key, _ => new Lazy<Task<ModelSession>>(() => Task.Run(() => Load(model))));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _sessions.TryRemove(new KeyValuePair<string, Lazy<Task<ModelSession>>>(key, lazy));
            throw;
        }
    }

    private ModelSession Load(ResolvedModel model)
    {
        Interlocked.Increment(ref _loads);
        var provider = Settings.Provider;
        string? fallbackReason = null;
        var options = CreateOptions();
        try
        {
            provider.Configure(options);
        }
        catch (Exception ex) when (ex is not ImageAIException || ex is ExecutionProviderUnavailableException)
        {
            options.Dispose();
            var reason = ex is ExecutionProviderUnavailableException epu ? epu.Reason : ex.Message;
            if (!Settings.AllowCpuFallback)
                throw ex as ExecutionProviderUnavailableException
                      ?? new ExecutionProviderUnavailableException(provider.Name, reason, provider.InstallHint, ex);
            fallbackReason = $"{provider.Name} could not start ({reason}); running on CPU as allowed by AllowCpuFallback.";
            _logger.LogWarning("{Reason}", fallbackReason);
            options = CreateOptions();
            provider = ExecutionProvider.Cpu;
        }

        try
        {
            var session = CreateSession(model, ref options, ref provider, ref fallbackReason);
            _logger.LogInformation("Loaded model {Id} from {Path} on {Provider}.", model.Id, model.Path, provider.Name);
            var loaded = new ModelSession(model, session, provider.Name, fallbackReason);
            if (Settings.WarmUp) WarmUp(loaded);
            return loaded;
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelException(model.Id, $"Model '{model.Id}' at {model.Path} could not be loaded by ONNX Runtime: {ex.Message}", ex);
        }
        finally
        {
            options.Dispose();
        }
    }

    /// <summary>
    /// Creates the session. A provider may append fine and only fail here (no device, driver too old, out of
    /// memory): that is still the provider's failure, not the model's, when the CPU can load the model.
    /// </summary>
    private InferenceSession CreateSession(ResolvedModel model, ref SessionOptions options, ref ExecutionProvider provider, ref string? fallbackReason)
    {
        try
        {
            return new InferenceSession(model.Path, options);
        }
        catch (OnnxRuntimeException ex) when (!ReferenceEquals(provider, ExecutionProvider.Cpu))
        {
            options.Dispose();
            options = CreateOptions();
            var onCpu = new InferenceSession(model.Path, options); // throws (a model error) when the CPU cannot load it either
            if (!Settings.AllowCpuFallback)
            {
                onCpu.Dispose();
                throw new ExecutionProviderUnavailableException(provider.Name, $"ONNX Runtime could not create a session: {ex.Message.Trim()}", provider.InstallHint, ex);
            }
            fallbackReason = $"{provider.Name} could not start ({ex.Message.Trim()}); running on CPU as allowed by AllowCpuFallback.";
            _logger.LogWarning("{Reason}", fallbackReason);
            provider = ExecutionProvider.Cpu;
            return onCpu;
        }
    }

    private SessionOptions CreateOptions()
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (Settings.IntraOpThreads > 0) options.IntraOpNumThreads = Settings.IntraOpThreads;
        return options;
    }

    private static void WarmUp(ModelSession session)
    {
        var inputs = new List<OrtValue>();
        try
        {
            foreach (var name in session.InputNames)
            {
                var meta = session.InputMetadata[name];
                if (meta.ElementDataType != TensorElementType.Float) return;
                var shape = meta.Dimensions.Select(d => d > 0 ? (long)d : 1L).ToArray();
                var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
                inputs.Add(OrtValue.CreateTensorValueFromMemory(data, shape));
            }
            using var _ = session.Run(session.InputNames, inputs, [session.OutputNames[0]]);
        }
        finally
        {
            foreach (var v in inputs) v.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lazy in _sessions.Values)
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully) lazy.Value.Result.Dispose();
        _sessions.Clear();
    }
}
