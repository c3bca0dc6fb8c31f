using ImageAI.Codecs;
using Microsoft.Extensions.Options;

namespace ImageAI.Web.Jobs;

/// <summary>
/// Runs queued jobs on <see cref="WebOptions.Workers"/> loops sharing the one <see cref="IImageEditor"/> (so loaded
/// model sessions are reused). A failed job gets a readable error; the server keeps going.
/// </summary>
public sealed class JobWorkers(JobQueue queue, JobStore store, IImageEditor editor, IOptions<WebOptions> options,
    TimeProvider time, ILogger<JobWorkers> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
                await RunAsync(job, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task RunAsync(Job job, CancellationToken stoppingToken)
    {
        queue.Started();
        // The queue hears that the worker is free before the job shows as finished: a client that sees its job done
        // must never find it still counted as running.
        bool stopped = false;
        void Stop()
        {
            if (stopped) return;
            stopped = true;
            queue.Stopped();
        }
        job.MarkRunning();
        try
        {
            var bytes = await File.ReadAllBytesAsync(job.InputPath, stoppingToken);
            var image = ImageIO.Decode(bytes, new ImageDecodeOptions { MaxPixels = options.Value.MaxPixels });
            var result = await editor.EditAsync(new ImageEditRequest(image, job.Operation), new JobProgress(job), stoppingToken);
            var output = result.Image ?? throw new InvalidOperationException("The editor returned no image.");
            await ImageIO.SaveAsync(output, job.ResultPath, new ImageEncodeOptions { Format = ImageFormat.Png }, stoppingToken);
            Stop();
            job.Succeed(time.GetUtcNow());
            logger.LogInformation("Job {Id} ({Operation}, {Width}x{Height}) succeeded", job.Id, job.Operation.Name, job.Width, job.Height);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Job {Id} failed", job.Id);
            store.Forget(job);
            Stop();
            job.Fail(Describe(e), time.GetUtcNow());
        }
        catch (OperationCanceledException)
        {
            Stop();
            job.Fail("The server is shutting down.", time.GetUtcNow());
        }
        finally
        {
            Stop();
        }
    }

    /// <summary>The message the page shows: the library's own exceptions carry readable text; others stay generic.</summary>
    private static string Describe(Exception e) => e switch
    {
        InvalidImageException or UnsupportedImageFormatException or ImageTooLargeException or ArgumentException
            or ModelNotFoundException or ModelHashMismatchException or OperationNotSupportedException => e.Message,
        _ => "The edit failed on the server; see the server log.",
    };

    /// <summary>Reports synchronously (not <see cref="Progress{T}"/>, which posts out of order).</summary>
    private sealed class JobProgress(Job job) : IProgress<ImageEditProgress>
    {
        public void Report(ImageEditProgress value) => job.ReportProgress(value);
    }
}
