using ImageAI.Imaging;

namespace ImageAI.Providers.Remote;

/// <summary>Which protocol the service speaks.</summary>
public enum RemoteProtocol
{
    /// <summary>
    /// remove.bg-style: one synchronous multipart POST to <c>v1.0/removebg</c> with the API key header and
    /// <c>size</c>/<c>format</c>/<c>channels</c>/<c>bg_color</c> fields; the image (or JSON errors) comes back.
    /// Supports only <c>remove-background</c>.
    /// </summary>
    RemoveBg,

    /// <summary>
    /// The ImageAI job protocol: <c>GET v1/capabilities</c>, <c>POST v1/jobs</c> (operation name + JSON options +
    /// image), poll <c>GET v1/jobs/{id}</c> until done, <c>GET v1/jobs/{id}/result</c>. Any operation the service lists.
    /// </summary>
    Jobs,
}

/// <summary>Options of <see cref="RemoteImageEditor"/>. Every limit is bounded so no call can hang for ever.</summary>
public sealed class RemoteEditorOptions
{
    /// <summary>The service's base address, e.g. <c>https://api.example.com/</c> (paths are appended to it).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The protocol (default: the job protocol).</summary>
    public RemoteProtocol Protocol { get; set; } = RemoteProtocol.Jobs;

    /// <summary>A short name for results and logs: results report <c>remote:NAME</c>. Default "remote".</summary>
    public string Name { get; set; } = "remote";

    /// <summary>The API key, sent in <see cref="ApiKeyHeader"/> (none when null).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The header carrying the API key (remove.bg uses <c>X-Api-Key</c>).</summary>
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <summary>The limit for one HTTP attempt, from sending to the last byte of the answer. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after a 429, a 5xx (500, 502, 503, 504), a dropped connection or an attempt timeout. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; each next one doubles, with random jitter. Default 0.5 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait before a retry. A Retry-After asking for more fails the call instead. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Job protocol: the first status poll's delay; it grows by half each poll, with jitter. Default 0.25 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Job protocol: the longest delay between polls. Default 5 s.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Job protocol: how long a job may take from submission to result before the call fails. Default 10 min.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest response body accepted, in bytes (checked on Content-Length, then while reading). Default 256 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Input images with more pixels are refused before upload. Default 64 MP.</summary>
    public long MaxPixels { get; set; } = ImageGuard.DefaultMaxPixels;

    /// <summary>remove.bg <c>size</c> field: <c>auto</c> (default), <c>preview</c>, <c>full</c>, ...</summary>
    public string RemoveBgSize { get; set; } = "auto";

    /// <summary>How long the service's capability list is trusted before it is fetched again. Default 10 min.</summary>
    public TimeSpan CapabilitiesLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (BaseAddress is null) throw new ArgumentException("BaseAddress must be set to the service's address.", nameof(BaseAddress));
        if (!BaseAddress.IsAbsoluteUri || (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"BaseAddress must be an absolute http or https address, not '{BaseAddress}'.", nameof(BaseAddress));
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("Name must not be empty.", nameof(Name));
        if (ApiKey is not null && string.IsNullOrWhiteSpace(ApiKeyHeader)) throw new ArgumentException("ApiKeyHeader must be set when ApiKey is.", nameof(ApiKeyHeader));
        Positive(RequestTimeout, nameof(RequestTimeout));
        Positive(RetryBaseDelay, nameof(RetryBaseDelay));
        Positive(MaxRetryDelay, nameof(MaxRetryDelay));
        Positive(PollInterval, nameof(PollInterval));
        Positive(MaxPollInterval, nameof(MaxPollInterval));
        Positive(JobTimeout, nameof(JobTimeout));
        Positive(CapabilitiesLifetime, nameof(CapabilitiesLifetime));
        if (MaxRetries is < 0 or > 20) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be between 0 and 20.");
        if (MaxResponseBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "MaxResponseBytes must be positive.");
        if (MaxPixels <= 0) throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "MaxPixels must be positive.");
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }
}
