using ImageAI.Onnx.Editing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageAI.Extensions.DependencyInjection;

/// <summary>Registers ImageAI with a service collection.</summary>
public static class ImageAIServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton local <see cref="IImageEditor"/> (<see cref="OnnxImageEditor"/>) configured by
    /// <paramref name="configure"/>. Options are validated when the editor is first resolved.
    /// </summary>
    public static ImageAIBuilder AddImageAI(this IServiceCollection services, Action<OnnxEditorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<OnnxEditorOptions>();
        if (configure is not null) optionsBuilder.Configure(configure);
        optionsBuilder.Validate(o => { o.Validate(); return true; });
        services.TryAddSingleton<OnnxImageEditor>(sp => new OnnxImageEditor(
            sp.GetRequiredService<IOptions<OnnxEditorOptions>>().Value,
            sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IImageEditor>(sp => sp.GetRequiredService<OnnxImageEditor>());
        return new ImageAIBuilder(services);
    }
}

/// <summary>Returned by <c>AddImageAI</c> to configure providers, keyed editors and decorators.</summary>
public sealed class ImageAIBuilder(IServiceCollection services)
{
    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; } = services;
}
