using ImageAI.Providers.Remote;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageAI.Extensions.DependencyInjection;

/// <summary>Makes an editor registered with <c>AddImageAI</c> / <c>AddKeyedImageAI</c> a <see cref="RemoteImageEditor"/>.</summary>
public static class RemoteBuilderExtensions
{
    /// <summary>
    /// Sends this editor's work to an HTTP service. The options (named after the editor's key) are validated at
    /// start-up; the <see cref="HttpClient"/> comes from <see cref="IHttpClientFactory"/> under the name
    /// <c>ImageAI.Remote.KEY</c> (<paramref name="configureHttpClient"/> can add handlers or set the primary handler).
    /// </summary>
    public static ImageAIBuilder UseRemote(this ImageAIBuilder builder, Action<RemoteEditorOptions> configure, Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        string name = builder.OptionsName;
        string clientName = "ImageAI.Remote." + (string.IsNullOrEmpty(name) ? "default" : name);
        // Timeouts are per attempt inside the editor; HttpClient's own 100 s limit would cut across them.
        var http = builder.Services.AddHttpClient(clientName).ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        configureHttpClient?.Invoke(http);
        builder.Services.AddOptions<RemoteEditorOptions>(name).Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RemoteEditorOptions>, RemoteEditorOptionsValidator>());
        return builder.UseEditor(sp => new RemoteImageEditor(
            sp.GetRequiredService<IHttpClientFactory>(), clientName,
            sp.GetRequiredService<IOptionsMonitor<RemoteEditorOptions>>().Get(name),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<RemoteImageEditor>()));
    }

    /// <summary>Sends this editor's work to an HTTP service with these options (copied at registration).</summary>
    public static ImageAIBuilder UseRemote(this ImageAIBuilder builder, RemoteEditorOptions options, Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return builder.UseRemote(o =>
        {
            o.BaseAddress = options.BaseAddress; o.Protocol = options.Protocol; o.Name = options.Name;
            o.ApiKey = options.ApiKey; o.ApiKeyHeader = options.ApiKeyHeader; o.RequestTimeout = options.RequestTimeout;
            o.MaxRetries = options.MaxRetries; o.RetryBaseDelay = options.RetryBaseDelay; o.MaxRetryDelay = options.MaxRetryDelay;
            o.PollInterval = options.PollInterval; o.MaxPollInterval = options.MaxPollInterval; o.JobTimeout = options.JobTimeout;
            o.MaxResponseBytes = options.MaxResponseBytes; o.MaxPixels = options.MaxPixels; o.RemoveBgSize = options.RemoveBgSize;
            o.CapabilitiesLifetime = options.CapabilitiesLifetime;
        }, configureHttpClient);
    }

    private sealed class RemoteEditorOptionsValidator : IValidateOptions<RemoteEditorOptions>
    {
        public ValidateOptionsResult Validate(string? name, RemoteEditorOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException ex)
            {
                return ValidateOptionsResult.Fail($"ImageAI remote editor '{(string.IsNullOrEmpty(name) ? "(default)" : name)}': {ex.Message}");
            }
        }
    }
}
