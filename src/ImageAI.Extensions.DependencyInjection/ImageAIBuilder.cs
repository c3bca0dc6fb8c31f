using ImageAI.Decorators;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageAI.Extensions.DependencyInjection;

/// <summary>
/// Returned by <c>AddImageAI</c> / <c>AddKeyedImageAI</c>: picks one editor's back end (local ONNX on CPU or a GPU
/// provider, or a custom or remote editor) and stacks decorators around it, in the spirit of
/// Microsoft.Extensions.AI's <c>ChatClientBuilder</c>. Decorators added first are outermost: with
/// <c>.UseLogging().UseCaching()</c> a cache hit is still logged.
/// </summary>
public sealed class ImageAIBuilder
{
    private readonly List<Func<IImageEditor, IServiceProvider, IImageEditor>> _decorators = [];
    private Func<IServiceProvider, IImageEditor>? _innerFactory;

    internal ImageAIBuilder(IServiceCollection services, object? serviceKey)
    {
        Services = services;
        ServiceKey = serviceKey;
        OptionsName = serviceKey?.ToString() ?? Options.DefaultName;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The editor's service key (null for the default editor).</summary>
    public object? ServiceKey { get; }

    /// <summary>The name of this editor's options instances (<c>key.ToString()</c>, or the default name).</summary>
    public string OptionsName { get; }

    /// <summary>Configures the local ONNX editor's options (used unless another back end is chosen).</summary>
    public ImageAIBuilder ConfigureLocal(Action<OnnxEditorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(OptionsName, configure);
        return this;
    }

    /// <summary>
    /// Runs the local editor's models on <paramref name="provider"/>. A provider that cannot start throws
    /// <see cref="ExecutionProviderUnavailableException"/> on first use unless <paramref name="allowCpuFallback"/>,
    /// in which case the CPU runs them and each result says why (<see cref="ImageEditResult.FallbackReason"/>).
    /// </summary>
    public ImageAIBuilder UseExecutionProvider(ExecutionProvider provider, bool allowCpuFallback = false)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _innerFactory = null;
        return ConfigureLocal(o => o.Sessions = o.Sessions with { Provider = provider, AllowCpuFallback = allowCpuFallback });
    }

    /// <summary>Runs the local editor on the CPU (the default).</summary>
    public ImageAIBuilder UseCpu() => UseExecutionProvider(ExecutionProvider.Cpu);

    /// <summary>Replaces the local editor with any editor (a remote one, a test double, ...).</summary>
    public ImageAIBuilder UseEditor(Func<IServiceProvider, IImageEditor> factory)
    {
        _innerFactory = factory ?? throw new ArgumentNullException(nameof(factory));
        return this;
    }

    /// <summary>Adds a decorator around the editor (see the class remarks for the order).</summary>
    public ImageAIBuilder Use(Func<IImageEditor, IServiceProvider, IImageEditor> decorator)
    {
        ArgumentNullException.ThrowIfNull(decorator);
        _decorators.Add(decorator);
        return this;
    }

    /// <summary>Logs each edit (operation, size, provider, time; failures as warnings) through <see cref="ILogger"/>.</summary>
    public ImageAIBuilder UseLogging() =>
        Use((inner, sp) => new LoggingImageEditor(inner, LoggerFactory(sp).CreateLogger("ImageAI.Editor" + (ServiceKey is null ? "" : "." + OptionsName))));

    /// <summary>Answers repeated requests (same image pixels and operation options) from memory without running the model.</summary>
    public ImageAIBuilder UseCaching(Action<ImageEditCacheOptions>? configure = null)
    {
        var options = new ImageEditCacheOptions();
        configure?.Invoke(options);
        options.Validate(); // fails where it is configured, at start-up
        return Use((inner, _) => new CachingImageEditor(inner, options));
    }

    /// <summary>Lets at most <paramref name="maxConcurrency"/> edits run at once; the rest wait.</summary>
    public ImageAIBuilder UseConcurrencyLimit(int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        return Use((inner, _) => new ConcurrencyLimitingImageEditor(inner, maxConcurrency));
    }

    /// <summary>Builds the editor with its decorators (what the container calls for the registered <see cref="IImageEditor"/>).</summary>
    public IImageEditor Build(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var editor = _innerFactory is { } factory
            ? factory(services)
            : ServiceKey is null ? services.GetRequiredService<OnnxImageEditor>() : services.GetRequiredKeyedService<OnnxImageEditor>(ServiceKey);
        for (int i = _decorators.Count - 1; i >= 0; i--)
            editor = _decorators[i](editor, services);
        // The container disposes the registered editor; the local editor it also owns tolerates a second dispose.
        return editor;
    }

    internal OnnxImageEditor CreateLocalEditor(IServiceProvider services) =>
        new(services.GetRequiredService<IOptionsMonitor<OnnxEditorOptions>>().Get(OptionsName), LoggerFactory(services));

    internal static ILoggerFactory LoggerFactory(IServiceProvider services) => services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}
