using System.Text.Json.Serialization;

namespace ImageAI.Providers.Remote.Protocol;

/// <summary>
/// Paths, form fields and headers of the two protocols the remote editor speaks (docs/providers.md describes them
/// in full). Paths are relative to <see cref="RemoteEditorOptions.BaseAddress"/>.
/// </summary>
public static class WireFormat
{
    /// <summary>remove.bg-style synchronous endpoint: multipart upload in, image (or JSON errors) out.</summary>
    public const string RemoveBgPath = "v1.0/removebg";

    /// <summary>remove.bg form field holding the image file.</summary>
    public const string RemoveBgImageField = "image_file";

    /// <summary>Job protocol: what the service supports (GET).</summary>
    public const string CapabilitiesPath = "v1/capabilities";

    /// <summary>Job protocol: submit a job (POST multipart: <c>operation</c>, <c>options</c>, <c>image</c>).</summary>
    public const string JobsPath = "v1/jobs";

    /// <summary>Job protocol form field: the operation's name.</summary>
    public const string OperationField = "operation";

    /// <summary>Job protocol form field: the operation's options as JSON (<see cref="OperationJson"/>).</summary>
    public const string OptionsField = "options";

    /// <summary>Job protocol form field: the input image (PNG).</summary>
    public const string ImageField = "image";

    /// <summary>Sent with every submission so a retried POST does not start a second job.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Result header: the execution provider that ran the models on the service.</summary>
    public const string ExecutionProviderHeader = "X-ImageAI-Execution-Provider";

    /// <summary>Result header: why the service fell back to its CPU, when it did.</summary>
    public const string FallbackReasonHeader = "X-ImageAI-Fallback-Reason";

    /// <summary>The job status path for an id.</summary>
    public static string JobPath(string id) => $"{JobsPath}/{Uri.EscapeDataString(id)}";

    /// <summary>The job result path for an id.</summary>
    public static string JobResultPath(string id) => $"{JobPath(id)}/result";
}

/// <summary>What a service supports: <c>GET v1/capabilities</c>.</summary>
public sealed record ServiceCapabilities
{
    /// <summary>The protocol name and version, <c>imageai-jobs/1</c>.</summary>
    public string Protocol { get; init; } = "imageai-jobs/1";

    /// <summary>The operation names the service runs.</summary>
    public IReadOnlyList<string> Operations { get; init; } = [];

    /// <summary>The largest upload the service accepts, in bytes (0 = not stated).</summary>
    public long MaxUploadBytes { get; init; }
}

/// <summary>Job states.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState
{
    /// <summary>Accepted, not started.</summary>
    [JsonStringEnumMemberName("queued")] Queued,
    /// <summary>Running.</summary>
    [JsonStringEnumMemberName("running")] Running,
    /// <summary>Done: fetch the result.</summary>
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    /// <summary>Failed: see the error.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Cancelled by a DELETE.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>A job's status: the answer to a submission (202) and to <c>GET v1/jobs/{id}</c>.</summary>
public sealed record JobStatus
{
    /// <summary>The job id.</summary>
    public required string Id { get; init; }

    /// <summary>The state.</summary>
    public required JobState Status { get; init; }

    /// <summary>Progress 0..1, when the service knows it.</summary>
    public double? Progress { get; init; }

    /// <summary>Why the job failed.</summary>
    public ServiceError? Error { get; init; }
}

/// <summary>One error, in the shape remove.bg uses: <c>{"errors":[{"title":"...","code":"..."}]}</c>.</summary>
public sealed record ServiceError
{
    /// <summary>A human-readable message.</summary>
    public string? Title { get; init; }

    /// <summary>A stable machine-readable code, e.g. <c>unsupported_operation</c>, <c>invalid_image</c>.</summary>
    public string? Code { get; init; }
}

/// <summary>The error body of both protocols.</summary>
public sealed record ServiceErrorBody
{
    /// <summary>The errors (usually one).</summary>
    public IReadOnlyList<ServiceError> Errors { get; init; } = [];
}
