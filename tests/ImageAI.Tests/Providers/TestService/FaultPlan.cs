using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace ImageAI.Tests.Providers.TestService;

/// <summary>One injected misbehaviour of the test service, applied to the next request on a route.</summary>
public abstract record Fault
{
    /// <summary>Answers with this status (and Retry-After seconds, when given) and a JSON error body.</summary>
    public static Fault Status(int code, int? retryAfterSeconds = null) => new StatusFault(code, retryAfterSeconds);

    /// <summary>Closes the connection without an answer.</summary>
    public static Fault Drop() => new DropFault();

    /// <summary>Handles the request (a job is created) but closes the connection instead of answering.</summary>
    public static Fault DropAfterHandling() => new DropAfterHandlingFault();

    /// <summary>Waits this long (or until the client gives up) before answering normally.</summary>
    public static Fault Delay(TimeSpan delay) => new DelayFault(delay);

    /// <summary>Answers 200 with a body that is not JSON.</summary>
    public static Fault MalformedJson() => new MalformedJsonFault();

    /// <summary>Answers 200 image/png with this many bytes, streamed without a Content-Length, paced at most ~32 MB/s.</summary>
    public static Fault Oversized(long bytes) => new OversizedFault(bytes);
}

internal sealed record StatusFault(int Code, int? RetryAfterSeconds) : Fault;
internal sealed record DropFault : Fault;
internal sealed record DropAfterHandlingFault : Fault;
internal sealed record DelayFault(TimeSpan Duration) : Fault;
internal sealed record MalformedJsonFault : Fault;
internal sealed record OversizedFault(long Bytes) : Fault;

/// <summary>Faults queued per route ("removebg", "capabilities", "submit", "status", "result"); each is used once.</summary>
public sealed class FaultPlan
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _queues = new();

    /// <summary>Queues faults for the next requests on a route, in order.</summary>
    public void Enqueue(string route, params Fault[] faults)
    {
        var queue = _queues.GetOrAdd(route, _ => new ConcurrentQueue<Fault>());
        foreach (var fault in faults) queue.Enqueue(fault);
    }

    /// <summary>Set in HttpContext.Items when the handler must drop the connection instead of answering.</summary>
    internal const string DropAfterHandlingKey = "drop-after-handling";

    /// <summary>Bytes the oversized fault managed to send before the client hung up.</summary>
    public long OversizedBytesSent => Interlocked.Read(ref _oversizedSent);
    private long _oversizedSent;

    /// <summary>Faults still queued on a route.</summary>
    public int Pending(string route) => _queues.TryGetValue(route, out var q) ? q.Count : 0;

    /// <summary>Applies the next fault for the route; true when the request has been answered (or dropped).</summary>
    internal async Task<bool> ApplyAsync(string route, HttpContext context)
    {
        if (!_queues.TryGetValue(route, out var queue) || !queue.TryDequeue(out var fault)) return false;
        var ct = context.RequestAborted;
        switch (fault)
        {
            case StatusFault s:
                context.Response.StatusCode = s.Code;
                if (s.RetryAfterSeconds is int seconds) context.Response.Headers.RetryAfter = seconds.ToString();
                await context.Response.WriteAsJsonAsync(new { errors = new[] { new { title = $"injected {s.Code}", code = "injected" } } }, ct);
                return true;
            case DropFault:
                context.Abort();
                return true;
            case DropAfterHandlingFault:
                context.Items[DropAfterHandlingKey] = true;
                return false;
            case DelayFault d:
                try { await Task.Delay(d.Duration, ct); }
                catch (OperationCanceledException) { return true; }
                return false;
            case MalformedJsonFault:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\": \"abc\", \"status\": ", ct);
                return true;
            case OversizedFault o:
                context.Response.ContentType = "image/png";
                var chunk = new byte[64 * 1024];
                try
                {
                    for (long sent = 0; sent < o.Bytes; sent += chunk.Length)
                    {
                        await context.Response.Body.WriteAsync(chunk, ct);
                        await context.Response.Body.FlushAsync(ct);
                        Interlocked.Add(ref _oversizedSent, chunk.Length);
                        // Paced (at most ~32 MB/s), so a client that read it all would take seconds, not milliseconds.
                        await Task.Delay(2, ct);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException) { }
                return true;
            default:
                return false;
        }
    }
}
