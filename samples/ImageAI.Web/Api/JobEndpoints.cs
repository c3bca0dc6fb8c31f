using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ImageAI.Codecs;
using ImageAI.Web.Jobs;
using ImageAI.Web.Operations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ImageAI.Web.Api;

/// <summary>The <c>/api</c> endpoints: upload, status, progress events, result download, operations and limits.</summary>
public static class JobEndpoints
{
    /// <summary>Bytes allowed on top of the file for the multipart envelope and the small text fields.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    /// <summary>The upload policy name for the ASP.NET Core rate limiter.</summary>
    public const string UploadPolicy = "uploads";

    private static readonly string[] AcceptedTypes = ["image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp"];

    /// <summary>Maps the API.</summary>
    public static RouteGroupBuilder MapImageAIApi(this IEndpointRouteBuilder app)
    {
        // What the page needs before it can ask for a key is public; everything about jobs needs the key when one is set.
        var open = app.MapGroup("/api").WithTags("server");
        var api = app.MapGroup("/api").AddEndpointFilter<ApiKeyFilter>().WithTags("jobs");

        open.MapGet("/operations", (OperationRegistry registry) =>
                TypedResults.Ok(registry.Operations.Select(m => new OperationInfo(m.Name, m.Title, m.Options)).ToArray()))
            .WithName("ListOperations").WithSummary("The operations this server offers, with their options.");

        open.MapGet("/limits", (IOptions<WebOptions> o) =>
                TypedResults.Ok(new ServerLimits(o.Value.MaxUploadBytes, o.Value.MaxPixels, AcceptedTypes, !string.IsNullOrEmpty(o.Value.ApiKey))))
            .WithName("GetLimits").WithSummary("Upload limits, so a page can check a file before sending it.");

        api.MapPost("/jobs", CreateJobAsync)
            .DisableAntiforgery()
            .RequireRateLimiting(UploadPolicy)
            .Accepts<JobUploadForm>("multipart/form-data")
            .Produces<JobCreated>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("CreateJob")
            .WithSummary("Upload an image with an operation and its options (JSON); answers 202 with the job id.");

        api.MapGet("/jobs/{id}", GetJob)
            .Produces<JobStatus>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetJob").WithSummary("A job's status: queued, running, succeeded or failed, with progress and error.");

        api.MapGet("/jobs/{id}/events", GetEvents)
            .Produces<JobStatus>(StatusCodes.Status200OK, "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetJobEvents")
            .WithSummary("Server-sent events: 'progress' with the job status on every change, then one 'done' and the stream ends.");

        api.MapGet("/jobs/{id}/result", GetResultAsync)
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg", "image/webp"])
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("GetJobResult").WithSummary("Downloads the result as png (default), jpeg or webp, with quality 1-100 for the lossy formats.");
        return api;
    }

    private static async Task<IResult> CreateJobAsync(HttpContext context, OperationRegistry registry, JobStore store, JobQueue queue,
        ClientJobLimiter limiter, IOptions<WebOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var request = context.Request;
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "not-multipart", "Multipart form expected",
                "Send multipart/form-data with the fields 'image' (the file), 'operation' and 'options' (JSON).");

        long limit = o.MaxUploadBytes + FormOverheadBytes;
        if (request.ContentLength > limit) return TooBig(o.MaxUploadBytes, request.ContentLength.Value);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        // Our own limits for this endpoint (the defaults would allow 128 MB of multipart body).
        context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = limit,
            ValueLengthLimit = 16 * 1024,
            ValueCountLimit = 16,
        }));

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooBig(o.MaxUploadBytes, null);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooBig(o.MaxUploadBytes, null);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Problems.BadRequest("bad-form", "Unreadable form", $"The multipart form could not be read: {e.Message}");
        }

        if (form.Files.GetFile("image") is not { } file)
            return Problems.BadRequest("missing-image", "No image", "The form needs a file in the 'image' field.");
        if (file.Length == 0)
            return Problems.BadRequest("empty-image", "Empty file", "The uploaded file is empty.");
        if (file.Length > o.MaxUploadBytes) return TooBig(o.MaxUploadBytes, file.Length);

        ImageOperation operation;
        try
        {
            operation = registry.Map(form["operation"], form["options"]);
        }
        catch (UnknownOperationException e)
        {
            return Problems.BadRequest("unknown-operation", "Unknown operation", e.Message,
                new Dictionary<string, object?> { ["supported"] = registry.Operations.Select(m => m.Name).ToArray() });
        }
        catch (OperationOptionsException e)
        {
            return Problems.BadRequest("invalid-options", "Invalid options", e.Message, new Dictionary<string, object?> { ["option"] = e.Option });
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, cancellationToken);

        ImageInfo info;
        try
        {
            // The header alone: a bomb with huge dimensions is refused before any pixel is decoded.
            info = ImageIO.Identify(bytes);
        }
        catch (Exception e) when (e is InvalidImageException or UnsupportedImageFormatException)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "not-an-image", "Not a supported image",
                $"'{file.FileName}' is not a PNG, JPEG, WebP, GIF or BMP image this server can read.");
        }
        if ((long)info.Width * info.Height > o.MaxPixels)
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "too-many-pixels", "Image too large",
                $"The image is {info.Width}x{info.Height} ({(long)info.Width * info.Height:N0} pixels); this server accepts at most {o.MaxPixels:N0} pixels.",
                new Dictionary<string, object?> { ["width"] = info.Width, ["height"] = info.Height, ["maxPixels"] = o.MaxPixels });

        // Same bytes + same operation and options = same result: answer with the earlier job.
        string? cacheKey = o.EnableResultCache ? Convert.ToHexString(SHA256.HashData(bytes)) + "|" + OperationKey.Of(operation) : null;
        if (cacheKey is not null && store.FindCached(cacheKey) is { } hit)
            return TypedResults.Accepted($"/api/jobs/{hit.Id}", new JobCreated(hit.Id, hit.State, Cached: true));

        if (limiter.TryAcquire(ClientIdentity.Of(context)) is not { } lease)
        {
            context.Response.Headers.RetryAfter = "5";
            return Problems.Create(StatusCodes.Status429TooManyRequests, "too-many-jobs", "Too many unfinished jobs",
                $"You already have {o.MaxActiveJobsPerClient} unfinished job(s); wait for one to finish.");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var directory = Path.Combine(o.StorageDirectory, id);
        var job = new Job(id, ClientIdentity.Of(context), operation, cacheKey, directory, FileNames.Stem(file.FileName), info.Width, info.Height, time.GetUtcNow());
        bool queued = false;
        try
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllBytesAsync(job.InputPath, bytes, cancellationToken);
            job.HoldLease(lease);
            store.Add(job);
            store.Remember(job);
            queued = queue.TryEnqueue(job);
        }
        finally
        {
            // Not queued (queue full, client gone, disk error): give the permit back and leave nothing behind.
            if (!queued)
            {
                store.Remove(job);
                lease.Dispose();
                TryDelete(directory);
            }
        }
        if (!queued)
        {
            context.Response.Headers.RetryAfter = "10";
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "queue-full", "Server busy",
                "The job queue is full; try again in a few seconds.");
        }
        return TypedResults.Accepted($"/api/jobs/{id}", new JobCreated(id, JobState.Queued, Cached: false));
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cleanup service removes leftovers at the next start.
        }
    }

    private static IResult GetJob(string id, JobStore store, IOptions<WebOptions> options) =>
        store.Find(id) is { } job ? TypedResults.Ok(job.Snapshot(options.Value.ResultRetention)) : Problems.JobNotFound(id);

    private static IResult GetEvents(string id, JobStore store, IOptions<WebOptions> options, CancellationToken cancellationToken) =>
        store.Find(id) is { } job
            ? TypedResults.ServerSentEvents(StreamAsync(job, options.Value.ResultRetention, cancellationToken))
            : Problems.JobNotFound(id);

    private static async IAsyncEnumerable<SseItem<JobStatus>> StreamAsync(Job job, TimeSpan retention, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var (_, changed) = job.Watch();
            var status = job.Snapshot(retention);
            bool done = status.Status is JobState.Succeeded or JobState.Failed;
            yield return new SseItem<JobStatus>(status, done ? "done" : "progress") { ReconnectionInterval = TimeSpan.FromSeconds(2) };
            if (done) yield break;
            // Wake on the next change; re-sending the status every 15 s also keeps idle proxies from closing the stream.
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(15), cancellationToken));
        }
    }

    private static async Task<IResult> GetResultAsync(string id, string? format, int? quality, JobStore store, CancellationToken cancellationToken)
    {
        if (store.Find(id) is not { } job) return Problems.JobNotFound(id);
        ImageFormat target;
        try
        {
            target = ImageFormats.Parse(format ?? "png");
        }
        catch (UnsupportedImageFormatException e)
        {
            return Problems.BadRequest("bad-format", "Unknown format", e.Message);
        }
        if (quality is < 1 or > 100)
            return Problems.BadRequest("bad-quality", "Quality out of range", $"Quality must be between 1 and 100; got {quality}.");
        if (job.State != JobState.Succeeded)
            return Problems.Create(StatusCodes.Status409Conflict, "not-ready", "No result",
                job.State == JobState.Failed ? $"The job failed: {job.Snapshot(TimeSpan.Zero).Error}" : "The job has not finished yet.");

        var name = $"{job.FileName}-{job.Operation.Name}{ImageFormats.Extension(target)}";
        try
        {
            if (target == ImageFormat.Png)
                return TypedResults.Bytes(await File.ReadAllBytesAsync(job.ResultPath, cancellationToken), "image/png", name);
            var image = await ImageIO.LoadAsync(job.ResultPath, cancellationToken: cancellationToken);
            var encoded = ImageIO.Encode(image, new ImageEncodeOptions { Format = target, Quality = quality ?? 90 });
            return TypedResults.Bytes(encoded, ImageFormats.MimeType(target), name);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Problems.JobNotFound(id); // expired between the lookup and the read
        }
    }

    private static ProblemHttpResult TooBig(long max, long? actual) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "too-large", "File too large",
            actual is { } n
                ? $"The upload is {n:N0} bytes; this server accepts files up to {max:N0} bytes."
                : $"The upload is larger than this server accepts ({max:N0} bytes).",
            new Dictionary<string, object?> { ["maxBytes"] = max });
}

/// <summary>The upload form, for the OpenAPI description (the endpoint reads the form itself to control limits and errors).</summary>
/// <param name="Image">The image file (PNG, JPEG, WebP, GIF or BMP).</param>
/// <param name="Operation">The operation name, e.g. <c>remove-background</c>.</param>
/// <param name="Options">The operation's options as a JSON object, e.g. <c>{"output":"cutout"}</c>.</param>
public sealed record JobUploadForm(IFormFile Image, string Operation, string? Options);
