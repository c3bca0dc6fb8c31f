using System.Text.Json.Serialization;

namespace ImageAI.Web.Jobs;

/// <summary>The lifecycle of a job, written in JSON as lower-case words.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState
{
    /// <summary>Waiting for a worker.</summary>
    [JsonStringEnumMemberName("queued")] Queued,
    /// <summary>A worker is editing the image.</summary>
    [JsonStringEnumMemberName("running")] Running,
    /// <summary>The result can be downloaded.</summary>
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    /// <summary>The edit failed; <see cref="JobStatus.Error"/> says why.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>What <c>GET /api/jobs/{id}</c> and each server-sent event return.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Status">queued, running, succeeded or failed.</param>
/// <param name="Progress">Overall progress 0..1.</param>
/// <param name="Stage">The library's current stage (e.g. <c>load</c>, <c>inference</c>), when running.</param>
/// <param name="Error">A readable reason, when failed.</param>
/// <param name="Operation">The operation name.</param>
/// <param name="Width">Input width in pixels.</param>
/// <param name="Height">Input height in pixels.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="CompletedAt">When it finished.</param>
/// <param name="ExpiresAt">When its files will be deleted (after it finishes).</param>
/// <param name="ResultUrl">Where to download the result, when succeeded.</param>
public sealed record JobStatus(
    string Id, JobState Status, double Progress, string? Stage, string? Error, string Operation,
    int Width, int Height, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, DateTimeOffset? ExpiresAt, string? ResultUrl);

/// <summary>The 202 answer to an upload.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Status">Its status now (succeeded already when served from the cache).</param>
/// <param name="Cached">Whether an identical earlier request answered it.</param>
public sealed record JobCreated(string Id, JobState Status, bool Cached);

/// <summary>One offered operation (<c>GET /api/operations</c>).</summary>
/// <param name="Name">The operation name for the upload's <c>operation</c> field.</param>
/// <param name="Title">A human title.</param>
/// <param name="Options">The accepted options.</param>
public sealed record OperationInfo(string Name, string Title, IReadOnlyList<Operations.OptionDescriptor> Options);

/// <summary>The limits a page should check before uploading (<c>GET /api/limits</c>).</summary>
/// <param name="MaxUploadBytes">Largest file.</param>
/// <param name="MaxPixels">Largest width x height.</param>
/// <param name="AcceptedTypes">MIME types the server decodes.</param>
/// <param name="ApiKeyRequired">Whether calls need an API key.</param>
public sealed record ServerLimits(long MaxUploadBytes, long MaxPixels, IReadOnlyList<string> AcceptedTypes, bool ApiKeyRequired);
