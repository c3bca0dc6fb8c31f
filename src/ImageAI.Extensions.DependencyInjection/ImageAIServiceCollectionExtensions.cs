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
    /// Registers the default <see cref="IImageEditor"/> (a singleton). By default it is the local
    /// <see cref="OnnxImageEditor"/> configured by <paramref name="configure"/>; the returned builder switches the back
    /// end (<c>UseCpu</c>, <c>UseCuda</c>, <c>UseRemote</c>, ...) and adds decorators. Options are validated when the
    /// host starts (<c>ValidateOnStart</c>): a bad option fails start-up with a message naming it.
    /// </summary>
    public static ImageAIBuilder AddImageAI(this IServiceCollection services, Action<OnnxEditorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new ImageAIBuilder(services, serviceKey: null);
        AddLocalEditorOptions(services, builder.OptionsName, configure);
        services.TryAddSingleton<OnnxImageEditor>(sp => builder.CreateLocalEditor(sp));
        services.TryAddSingleton<IImageEditor>(sp => builder.Build(sp));
        return builder;
    }

    /// <summary>
    /// Registers a keyed <see cref="IImageEditor"/> singleton beside any other (e.g. a local one and a remote one),
    /// resolved with <c>[FromKeyedServices(key)]</c> or <c>GetRequiredKeyedService&lt;IImageEditor&gt;(key)</c>. Its
    /// options are the named options <c>key.ToString()</c>.
    /// </summary>
    public static ImageAIBuilder AddKeyedImageAI(this IServiceCollection services, object serviceKey, Action<OnnxEditorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        var builder = new ImageAIBuilder(services, serviceKey);
        AddLocalEditorOptions(services, builder.OptionsName, configure);
        services.TryAddKeyedSingleton<OnnxImageEditor>(serviceKey, (sp, _) => builder.CreateLocalEditor(sp));
        services.TryAddKeyedSingleton<IImageEditor>(serviceKey, (sp, _) => builder.Build(sp));
        return builder;
    }

    private static void AddLocalEditorOptions(IServiceCollection services, string name, Action<OnnxEditorOptions>? configure)
    {
        var options = services.AddOptions<OnnxEditorOptions>(name);
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OnnxEditorOptions>, OnnxEditorOptionsValidator>());
    }
}
