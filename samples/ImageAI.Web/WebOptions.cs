namespace ImageAI.Web;

/// <summary>Settings of the web sample, bound from the <c>ImageAI:Web</c> configuration section.</summary>
public sealed class WebOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "ImageAI:Web";

    /// <summary>Largest accepted upload in bytes (the file itself; the request may carry a little more for the form).</summary>
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest accepted image in pixels (width x height), read from the header before decoding.</summary>
    public long MaxPixels { get; set; } = 25_000_000;

    /// <summary>Jobs run at the same time on the server (each uses the shared editor's sessions).</summary>
    public int Workers { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Jobs waiting for a worker; further uploads get 503 until the queue drains.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Unfinished (queued or running) jobs one client may have at once; more get 429.</summary>
    public int MaxActiveJobsPerClient { get; set; } = 4;

    /// <summary>Upload requests one client may make per minute (ASP.NET Core fixed-window rate limiter); 0 = no limit.</summary>
    public int MaxUploadsPerMinute { get; set; } = 60;

    /// <summary>How long a job's input and result are kept after it finishes; then they are deleted.</summary>
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the cleanup service looks for expired jobs.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where job files live (default: a folder under the system temp folder).</summary>
    public string StorageDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "imageai-web");

    /// <summary>When set, every <c>/api</c> call must send it in the <c>X-Api-Key</c> header (or <c>apiKey</c> query for links and SSE).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Origins allowed to call the API from other sites (CORS); empty = same origin only.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Serve repeated identical requests (same bytes, operation and options) from the earlier job.</summary>
    public bool EnableResultCache { get; set; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> for settings that cannot work.</summary>
    public void Validate()
    {
        if (MaxUploadBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxUploadBytes), MaxUploadBytes, "MaxUploadBytes must be positive.");
        if (MaxPixels <= 0) throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "MaxPixels must be positive.");
        if (Workers <= 0) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "Workers must be positive.");
        if (QueueCapacity <= 0) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "QueueCapacity must be positive.");
        if (MaxActiveJobsPerClient <= 0) throw new ArgumentOutOfRangeException(nameof(MaxActiveJobsPerClient), MaxActiveJobsPerClient, "MaxActiveJobsPerClient must be positive.");
        if (MaxUploadsPerMinute < 0) throw new ArgumentOutOfRangeException(nameof(MaxUploadsPerMinute), MaxUploadsPerMinute, "MaxUploadsPerMinute must not be negative.");
        if (ResultRetention <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ResultRetention), ResultRetention, "ResultRetention must be positive.");
        if (CleanupInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(CleanupInterval), CleanupInterval, "CleanupInterval must be positive.");
        if (string.IsNullOrWhiteSpace(StorageDirectory)) throw new ArgumentException("StorageDirectory must be set.", nameof(StorageDirectory));
    }
}
