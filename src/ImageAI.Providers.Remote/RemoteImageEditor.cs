using System.Diagnostics;
using System.Net.Http.Headers;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Operations;
using ImageAI.Providers.Remote.Http;
using ImageAI.Providers.Remote.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageAI.Providers.Remote;

/// <summary>What a remote edit did on the wire; the result's <see cref="ImageEditResult.Details"/> when no operation report replaces it.</summary>
/// <param name="Protocol">The protocol used.</param>
/// <param name="JobId">The job id (job protocol).</param>
/// <param name="ServiceExecutionProvider">The provider the service says ran the models, when it says.</param>
/// <param name="Polls">Status polls made (job protocol).</param>
public sealed record RemoteCallReport(RemoteProtocol Protocol, string? JobId, string? ServiceExecutionProvider, int Polls);

/// <summary>
/// An <see cref="IImageEditor"/> that sends the work to an HTTP service (see <see cref="RemoteProtocol"/>), with
/// bounded timeouts, retries on 429/5xx honouring Retry-After, cancellation (a cancelled job is deleted on the
/// service), a response size cap, and a capability check before any upload. Results report
/// <c>remote:NAME</c> as their execution provider. Thread-safe. The <see cref="HttpClient"/> (best made by
/// <c>IHttpClientFactory</c>) is not disposed by the editor.
/// </summary>
public sealed class RemoteImageEditor : IImageEditor
{
    private static readonly HashSet<string> RemoveBgOperations = new(StringComparer.Ordinal) { RemoveBackground.OperationName };
    private readonly HttpClient _client;
    private readonly ResilientHttp _http;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _capabilitiesLock = new(1, 1);
    private volatile CapabilitySnapshot? _capabilities;
    private bool _disposed;

    /// <summary>Creates the editor over <paramref name="httpClient"/>; the options are validated here.</summary>
    public RemoteImageEditor(HttpClient httpClient, RemoteEditorOptions options, ILogger? logger = null)
    {
        _client = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _http = new ResilientHttp(httpClient, options, _logger);
        if (options.Protocol == RemoteProtocol.RemoveBg)
            _capabilities = new CapabilitySnapshot(RemoveBgOperations, DateTimeOffset.MaxValue);
    }

    /// <summary>Creates the editor with a client from <paramref name="httpClientFactory"/> named <paramref name="clientName"/>.</summary>
    public RemoteImageEditor(IHttpClientFactory httpClientFactory, string clientName, RemoteEditorOptions options, ILogger? logger = null)
        : this((httpClientFactory ?? throw new ArgumentNullException(nameof(httpClientFactory))).CreateClient(clientName), options, logger) { }

    /// <summary>The options in force.</summary>
    public RemoteEditorOptions Options { get; }

    private string ProviderLabel => $"remote:{Options.Name}";

    /// <summary>
    /// The operations the service supports: fixed (<c>remove-background</c>) for the remove.bg protocol, asked from
    /// <c>v1/capabilities</c> for the job protocol and kept for <see cref="RemoteEditorOptions.CapabilitiesLifetime"/>.
    /// </summary>
    public async Task<IReadOnlySet<string>> GetSupportedOperationsAsync(CancellationToken cancellationToken = default)
    {
        if (_capabilities is { } snapshot && snapshot.ValidUntil > DateTimeOffset.UtcNow) return snapshot.Operations;
        await _capabilitiesLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_capabilities is { } again && again.ValidUntil > DateTimeOffset.UtcNow) return again.Operations;
            var caps = await _http.SendAsync("GET capabilities", () => Request(HttpMethod.Get, WireFormat.CapabilitiesPath),
                (r, ct) => _http.ReadJsonAsync<ServiceCapabilities>("GET capabilities", r, ct), cancellationToken).ConfigureAwait(false);
            var operations = caps.Operations.ToHashSet(StringComparer.Ordinal);
            _capabilities = new CapabilitySnapshot(operations, DateTimeOffset.UtcNow + Options.CapabilitiesLifetime);
            return operations;
        }
        finally
        {
            _capabilitiesLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        if (request.Image is { } image) ImageGuard.CheckPixelLimit(image.Width, image.Height, Options.MaxPixels);
        cancellationToken.ThrowIfCancellationRequested();

        var supported = await GetSupportedOperationsAsync(cancellationToken).ConfigureAwait(false);
        if (!supported.Contains(request.Operation.Name))
            throw new OperationNotSupportedException(request.Operation.Name,
                $"The remote service '{Options.Name}' ({Options.Protocol}) does not support '{request.Operation.Name}'. Supported: {string.Join(", ", supported.Order())}.");

        var clock = Stopwatch.StartNew();
        var timings = new Dictionary<string, TimeSpan>();
        // PNG: lossless and keeps alpha; a fast zlib level because the bytes only cross a network.
        byte[]? upload = request.Image is null ? null : ImageIO.Encode(request.Image, new ImageEncodeOptions { Format = ImageFormat.Png, PngCompressionLevel = 1 });
        timings["encode"] = clock.Elapsed;
        try
        {
            var (bytes, report, serviceProvider, fallback) = Options.Protocol == RemoteProtocol.RemoveBg
                ? await RemoveBgAsync(request.Operation as RemoveBackground
                      ?? throw new OperationNotSupportedException(request.Operation.Name, $"The remove.bg protocol takes only {nameof(RemoveBackground)} operations."),
                      upload!, progress, cancellationToken).ConfigureAwait(false)
                : await RunJobAsync(request.Operation, upload, progress, cancellationToken).ConfigureAwait(false);
            timings["remote"] = clock.Elapsed - timings["encode"];
            var output = Decode(bytes);
            timings["decode"] = clock.Elapsed - timings["remote"] - timings["encode"];
            progress?.Report(new ImageEditProgress("download", 1, 1, Options.Name));
            return new ImageEditResult
            {
                Image = output,
                Mask = request.Operation is RemoveBackground { Output: BackgroundOutput.Cutout } ? output.ExtractAlpha() : null,
                ExecutionProvider = ProviderLabel,
                FallbackReason = fallback,
                Timings = timings,
                Details = report,
                Warnings = serviceProvider is null ? [] : [$"The service ran the models on {serviceProvider}."],
            };
        }
        catch (RemoteServiceException ex) when (ex.ErrorCode == "unsupported_operation")
        {
            throw new OperationNotSupportedException(request.Operation.Name, ex.Message);
        }
    }

    private async Task<(byte[] Bytes, RemoteCallReport Report, string? Provider, string? Fallback)> RemoveBgAsync(
        RemoveBackground operation, byte[] upload, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        progress?.Report(new ImageEditProgress("upload", 0, 1, Options.Name));
        (byte[] Bytes, string? Provider, string? Fallback) answer = await _http.SendAsync("POST removebg", () =>
        {
            var form = new MultipartFormDataContent
            {
                { ImageContent(upload), WireFormat.RemoveBgImageField, "image.png" },
                { new StringContent(Options.RemoveBgSize), "size" },
                { new StringContent("png"), "format" },
                { new StringContent(operation.Output == BackgroundOutput.Mask ? "alpha" : "rgba"), "channels" },
            };
            if (operation.Output == BackgroundOutput.SolidColor)
                form.Add(new StringContent(operation.BackgroundColor.ToString()[1..]), "bg_color");
            var request = Request(HttpMethod.Post, WireFormat.RemoveBgPath);
            request.Content = form;
            return request;
        }, async (r, c) => (await ReadImageAsync("POST removebg", r, c).ConfigureAwait(false), Header(r, WireFormat.ExecutionProviderHeader), Header(r, WireFormat.FallbackReasonHeader)),
        ct).ConfigureAwait(false);
        progress?.Report(new ImageEditProgress("upload", 1, 1, Options.Name));
        return (answer.Bytes, new RemoteCallReport(RemoteProtocol.RemoveBg, null, answer.Provider, 0), answer.Provider, answer.Fallback);
    }

    private async Task<(byte[] Bytes, RemoteCallReport Report, string? Provider, string? Fallback)> RunJobAsync(
        ImageOperation operation, byte[]? upload, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        string idempotencyKey = Guid.NewGuid().ToString("N");
        string optionsJson = OperationJson.Serialize(operation);
        progress?.Report(new ImageEditProgress("upload", 0, 1, Options.Name));
        var job = await _http.SendAsync("POST job", () =>
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(operation.Name), WireFormat.OperationField },
                { new StringContent(optionsJson, System.Text.Encoding.UTF8, "application/json"), WireFormat.OptionsField },
            };
            if (upload is not null) form.Add(ImageContent(upload), WireFormat.ImageField, "image.png");
            var request = Request(HttpMethod.Post, WireFormat.JobsPath);
            request.Headers.Add(WireFormat.IdempotencyKeyHeader, idempotencyKey);
            request.Content = form;
            return request;
        }, (r, c) => _http.ReadJsonAsync<JobStatus>("POST job", r, c), ct).ConfigureAwait(false);
        progress?.Report(new ImageEditProgress("upload", 1, 1, Options.Name));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Options.JobTimeout);
        int polls = 0;
        try
        {
            var delay = Options.PollInterval;
            while (job.Status is JobState.Queued or JobState.Running)
            {
                await Task.Delay(Jitter(delay), deadline.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(Options.MaxPollInterval.Ticks, (long)(delay.Ticks * 1.5)));
                polls++;
                job = await _http.SendAsync("GET job status", () => Request(HttpMethod.Get, WireFormat.JobPath(job.Id)),
                    (r, c) => _http.ReadJsonAsync<JobStatus>("GET job status", r, c), deadline.Token).ConfigureAwait(false);
                if (job.Progress is double p) progress?.Report(new ImageEditProgress("remote", (long)(Math.Clamp(p, 0, 1) * 1000), 1000, job.Status.ToString()));
            }
            if (job.Status != JobState.Succeeded)
                throw new RemoteServiceException(
                    $"Remote job {job.Id} ({operation.Name}) {job.Status.ToString().ToLowerInvariant()}: {job.Error?.Title ?? "no reason given"}.",
                    null, job.Error?.Code ?? job.Status.ToString().ToLowerInvariant());
            var answer = await _http.SendAsync("GET job result", () => Request(HttpMethod.Get, WireFormat.JobResultPath(job.Id)),
                async (r, c) => (Bytes: await ReadImageAsync("GET job result", r, c).ConfigureAwait(false),
                    Provider: Header(r, WireFormat.ExecutionProviderHeader), Fallback: Header(r, WireFormat.FallbackReasonHeader)),
                deadline.Token).ConfigureAwait(false);
            return (answer.Bytes, new RemoteCallReport(RemoteProtocol.Jobs, job.Id, answer.Provider, polls), answer.Provider, answer.Fallback);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            await TryDeleteJobAsync(job.Id).ConfigureAwait(false);
            throw new RemoteServiceTimeoutException(
                $"Remote job {job.Id} ({operation.Name}) did not finish within JobTimeout ({Options.JobTimeout.TotalSeconds:0.###} s; last status {job.Status.ToString().ToLowerInvariant()} after {polls} polls); it was cancelled on the service.",
                Options.JobTimeout, polls, ex);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await TryDeleteJobAsync(job.Id).ConfigureAwait(false);
            throw;
        }
        catch (RemoteServiceException)
        {
            // The call has failed for good (malformed status, result refused, job failed): free the service's copy.
            await TryDeleteJobAsync(job.Id).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Best effort: tells the service to stop and forget a job the caller no longer wants (bounded by RequestTimeout).</summary>
    private async Task TryDeleteJobAsync(string id)
    {
        using var cts = new CancellationTokenSource(Options.RequestTimeout);
        try
        {
            using var request = Request(HttpMethod.Delete, WireFormat.JobPath(id));
            using var response = await _client.SendAsync(request, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            _logger.LogDebug(ex, "Could not delete remote job {Id}.", id);
        }
    }

    private async Task<byte[]> ReadImageAsync(string what, HttpResponseMessage response, CancellationToken ct)
    {
        var media = response.Content.Headers.ContentType?.MediaType;
        if (media is not null && !media.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            throw new RemoteProtocolException($"{what}: expected an image, got '{media}'.", response.StatusCode, "unexpected_content_type");
        return await _http.ReadBytesAsync(what, response, ct).ConfigureAwait(false);
    }

    private ImageBuffer Decode(byte[] bytes)
    {
        try
        {
            return ImageIO.Decode(bytes, new ImageDecodeOptions { MaxPixels = Options.MaxPixels });
        }
        catch (InvalidImageException ex)
        {
            throw new RemoteProtocolException($"The service '{Options.Name}' returned an image that cannot be decoded: {ex.Message}", null, "invalid_result_image", ex);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseWithSlash(Options.BaseAddress!), path));
        if (Options.ApiKey is { } key) request.Headers.TryAddWithoutValidation(Options.ApiKeyHeader, key);
        request.Headers.Accept.ParseAdd("image/png");
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static ByteArrayContent ImageContent(byte[] png)
    {
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    private static Uri BaseWithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan Jitter(TimeSpan delay) => TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + Random.Shared.NextDouble() * 0.4)));

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ImageEditorMetadata))
        {
            // Metadata is synchronous: it shows the capabilities known so far (fixed for remove.bg; for the job
            // protocol, after the first edit or GetSupportedOperationsAsync).
            var known = _capabilities?.Operations ?? new HashSet<string>(StringComparer.Ordinal);
            return new ImageEditorMetadata("remote", known, ProviderLabel);
        }
        if (serviceType.IsInstanceOfType(this)) return this;
        if (serviceType == typeof(RemoteEditorOptions)) return Options;
        return null;
    }

    /// <inheritdoc />
    public void Dispose() => _disposed = true;

    private sealed record CapabilitySnapshot(IReadOnlySet<string> Operations, DateTimeOffset ValidUntil);
}
