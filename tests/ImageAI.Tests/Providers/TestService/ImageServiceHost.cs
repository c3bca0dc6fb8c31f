using System.Collections.Concurrent;
using System.Net;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Operations;
using ImageAI.Providers.Remote.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageAI.Tests.Providers.TestService;

/// <summary>
/// A real HTTP image service for the remote editor's tests: Kestrel on 127.0.0.1 (a free port), speaking both the
/// remove.bg-style protocol and the ImageAI job protocol, backed by any <see cref="IImageEditor"/> (the local ONNX
/// editor for conformance, a fast stand-in for fault injection). It counts open connections and requests in flight,
/// so tests can show the client leaks none, and takes a <see cref="FaultPlan"/>.
/// </summary>
public sealed class ImageServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IImageEditor _backend;
    private readonly ConcurrentDictionary<string, Job> _jobs = new();
    private readonly ConcurrentDictionary<string, string> _idempotency = new();
    private int _openConnections, _totalConnections, _activeRequests, _submissions, _deletes;

    private ImageServiceHost(WebApplication app, IImageEditor backend, string? apiKey)
    {
        _app = app;
        _backend = backend;
        ApiKey = apiKey;
    }

    /// <summary>The service's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When set, requests without this X-Api-Key get 401.</summary>
    public string? ApiKey { get; }

    /// <summary>Faults to inject.</summary>
    public FaultPlan Faults { get; } = new();

    /// <summary>When true, new jobs stay "running" for ever (their work never starts).</summary>
    public bool JobsNeverFinish { get; set; }

    /// <summary>TCP connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>TCP connections accepted so far.</summary>
    public int TotalConnections => Volatile.Read(ref _totalConnections);

    /// <summary>Requests being handled now.</summary>
    public int ActiveRequests => Volatile.Read(ref _activeRequests);

    /// <summary>Distinct jobs created (an idempotent resubmission does not count).</summary>
    public int JobsCreated => _jobs.Count;

    /// <summary>Job submissions received (including retries).</summary>
    public int Submissions => Volatile.Read(ref _submissions);

    /// <summary>DELETE requests received.</summary>
    public int Deletes => Volatile.Read(ref _deletes);

    /// <summary>Starts the service.</summary>
    public static async Task<ImageServiceHost> StartAsync(IImageEditor backend, string? apiKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ImageServiceHost? host = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref host!._openConnections);
                Interlocked.Increment(ref host._totalConnections);
                try { await next(connection); }
                finally { Interlocked.Decrement(ref host._openConnections); }
            }));
        });
        var app = builder.Build();
        host = new ImageServiceHost(app, backend, apiKey);
        host.MapRoutes();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return host;
    }

    /// <summary>Waits until the client side has let go: no request in flight and at most <paramref name="maxOpen"/> connections open.</summary>
    public async Task<bool> WaitForQuietAsync(int maxOpen, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (ActiveRequests == 0 && OpenConnections <= maxOpen) return true;
            await Task.Delay(20);
        }
        return ActiveRequests == 0 && OpenConnections <= maxOpen;
    }

    private void MapRoutes()
    {
        _app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _activeRequests);
            try
            {
                if (ApiKey is not null && context.Request.Headers["X-Api-Key"] != ApiKey)
                {
                    await Error(context, 403, "auth_failed", "Invalid API key.");
                    return;
                }
                await next(context);
            }
            finally { Interlocked.Decrement(ref _activeRequests); }
        });

        _app.MapPost("/" + WireFormat.RemoveBgPath, RemoveBgAsync);
        _app.MapGet("/" + WireFormat.CapabilitiesPath, async context =>
        {
            if (await Faults.ApplyAsync("capabilities", context)) return;
            var operations = _backend.GetMetadata()?.SupportedOperations.Order().ToArray() ?? [];
            await context.Response.WriteAsJsonAsync(new ServiceCapabilities { Operations = operations, MaxUploadBytes = 64 * 1024 * 1024 }, OperationJson.SerializerOptions);
        });
        _app.MapPost("/" + WireFormat.JobsPath, SubmitAsync);
        _app.MapGet("/" + WireFormat.JobsPath + "/{id}", async (HttpContext context, string id) =>
        {
            if (await Faults.ApplyAsync("status", context)) return;
            if (!_jobs.TryGetValue(id, out var job)) { await Error(context, 404, "not_found", $"No job {id}."); return; }
            await context.Response.WriteAsJsonAsync(job.Status(), OperationJson.SerializerOptions);
        });
        _app.MapGet("/" + WireFormat.JobsPath + "/{id}/result", async (HttpContext context, string id) =>
        {
            if (await Faults.ApplyAsync("result", context)) return;
            if (!_jobs.TryGetValue(id, out var job) || job.Work is not { IsCompletedSuccessfully: true } work)
            {
                await Error(context, 404, "not_ready", $"Job {id} has no result.");
                return;
            }
            await WriteImageAsync(context, work.Result);
        });
        _app.MapDelete("/" + WireFormat.JobsPath + "/{id}", (string id) =>
        {
            Interlocked.Increment(ref _deletes);
            if (_jobs.TryRemove(id, out var job)) job.Cancel.Cancel();
            return Results.NoContent();
        });
    }

    private async Task RemoveBgAsync(HttpContext context)
    {
        if (await Faults.ApplyAsync("removebg", context)) return;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var file = form.Files[WireFormat.RemoveBgImageField];
        if (file is null) { await Error(context, 400, "missing_image", "No image_file."); return; }
        var operation = new RemoveBackground
        {
            Output = form["channels"] == "alpha" ? BackgroundOutput.Mask : form.ContainsKey("bg_color") ? BackgroundOutput.SolidColor : BackgroundOutput.Cutout,
            BackgroundColor = form.ContainsKey("bg_color") ? Rgba32.Parse("#" + form["bg_color"]) : Rgba32.White,
        };
        await RunNowAsync(context, file, operation);
    }

    private async Task RunNowAsync(HttpContext context, IFormFile file, ImageOperation operation)
    {
        ImageBuffer image;
        try
        {
            await using var stream = file.OpenReadStream();
            image = await ImageIO.LoadAsync(stream, null, context.RequestAborted);
        }
        catch (InvalidImageException ex) { await Error(context, 400, "invalid_image", ex.Message); return; }
        try
        {
            var result = await _backend.EditAsync(new ImageEditRequest(image, operation), null, context.RequestAborted);
            await WriteImageAsync(context, result);
        }
        catch (OperationNotSupportedException ex) { await Error(context, 400, "unsupported_operation", ex.Message); }
        catch (ArgumentException ex) { await Error(context, 400, "invalid_options", ex.Message); }
    }

    private async Task SubmitAsync(HttpContext context)
    {
        Interlocked.Increment(ref _submissions);
        if (await Faults.ApplyAsync("submit", context)) return;
        var key = context.Request.Headers[WireFormat.IdempotencyKeyHeader].ToString();
        if (key.Length > 0 && _idempotency.TryGetValue(key, out var existingId) && _jobs.TryGetValue(existingId, out var existing))
        {
            context.Response.StatusCode = 202;
            await context.Response.WriteAsJsonAsync(existing.Status(), OperationJson.SerializerOptions);
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        ImageOperation operation;
        try
        {
            operation = OperationJson.Deserialize(form[WireFormat.OperationField].ToString(), form[WireFormat.OptionsField].ToString());
        }
        catch (OperationNotSupportedException ex) { await Error(context, 400, "unsupported_operation", ex.Message); return; }
        catch (ArgumentException ex) { await Error(context, 400, "invalid_options", ex.Message); return; }
        ImageBuffer? image = null;
        if (form.Files[WireFormat.ImageField] is { } file)
        {
            try
            {
                await using var stream = file.OpenReadStream();
                image = await ImageIO.LoadAsync(stream, null, context.RequestAborted);
            }
            catch (InvalidImageException ex) { await Error(context, 400, "invalid_image", ex.Message); return; }
        }
        var job = new Job(Guid.NewGuid().ToString("N"));
        _jobs[job.Id] = job;
        if (key.Length > 0) _idempotency[key] = job.Id;
        if (!JobsNeverFinish)
            job.Work = Task.Run(() => _backend.EditAsync(new ImageEditRequest(image, operation), null, job.Cancel.Token));
        if (context.Items.ContainsKey(FaultPlan.DropAfterHandlingKey))
        {
            context.Abort(); // the job exists, but the client never hears of it
            return;
        }
        context.Response.StatusCode = 202;
        await context.Response.WriteAsJsonAsync(job.Status(), OperationJson.SerializerOptions);
    }

    private static async Task WriteImageAsync(HttpContext context, ImageEditResult result)
    {
        var png = ImageIO.Encode(result.Image, new ImageEncodeOptions { Format = ImageFormat.Png, PngCompressionLevel = 1 });
        context.Response.ContentType = "image/png";
        context.Response.Headers[WireFormat.ExecutionProviderHeader] = result.ExecutionProvider;
        if (result.FallbackReason is { } reason) context.Response.Headers[WireFormat.FallbackReasonHeader] = reason;
        context.Response.ContentLength = png.Length;
        await context.Response.Body.WriteAsync(png, context.RequestAborted);
    }

    private static Task Error(HttpContext context, int status, string code, string title)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ServiceErrorBody { Errors = [new ServiceError { Code = code, Title = title }] }, OperationJson.SerializerOptions);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var job in _jobs.Values) job.Cancel.Cancel();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Job(string id)
    {
        public string Id { get; } = id;
        public CancellationTokenSource Cancel { get; } = new();
        public Task<ImageEditResult>? Work { get; set; }

        public JobStatus Status() => Work switch
        {
            null => new JobStatus { Id = Id, Status = JobState.Running, Progress = 0.1 },
            { IsCompletedSuccessfully: true } => new JobStatus { Id = Id, Status = JobState.Succeeded, Progress = 1 },
            { IsCanceled: true } => new JobStatus { Id = Id, Status = JobState.Cancelled },
            { IsFaulted: true } w => new JobStatus { Id = Id, Status = JobState.Failed, Error = new ServiceError { Code = Code(w.Exception!.InnerException), Title = w.Exception!.InnerException?.Message } },
            _ => new JobStatus { Id = Id, Status = JobState.Running, Progress = 0.5 },
        };

        private static string Code(Exception? ex) => ex switch
        {
            OperationNotSupportedException => "unsupported_operation",
            InvalidImageException => "invalid_image",
            ArgumentException => "invalid_options",
            _ => "internal",
        };
    }
}
