using Microsoft.Extensions.Options;

namespace ImageAI.Web.Jobs;

/// <summary>
/// Deletes each finished job's files <see cref="WebOptions.ResultRetention"/> after it finished, and forgets the job
/// (its status then answers 404). At start it also removes folders left by an earlier run.
/// </summary>
public sealed class JobCleanupService(JobStore store, IOptions<WebOptions> options, TimeProvider time, ILogger<JobCleanupService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RemoveLeftovers();
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                RemoveExpired();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>Removes the jobs whose retention has passed; returns how many.</summary>
    public int RemoveExpired()
    {
        var now = time.GetUtcNow();
        int removed = 0;
        foreach (var job in store.Jobs)
        {
            if (job.CompletedAt is not { } done || done + options.Value.ResultRetention > now) continue;
            if (!Delete(job.Directory)) continue; // keep the job so the next pass retries
            store.Remove(job);
            removed++;
        }
        if (removed > 0) logger.LogInformation("Deleted {Count} expired job(s)", removed);
        return removed;
    }

    private void RemoveLeftovers()
    {
        var root = options.Value.StorageDirectory;
        if (!Directory.Exists(root)) return;
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.ResultRetention;
        foreach (var dir in Directory.EnumerateDirectories(root))
            if (Directory.GetLastWriteTimeUtc(dir) < cutoff && store.Find(Path.GetFileName(dir)) is null)
                _ = Delete(dir);
    }

    private bool Delete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not delete {Directory}; will retry", directory);
            return false;
        }
    }
}
