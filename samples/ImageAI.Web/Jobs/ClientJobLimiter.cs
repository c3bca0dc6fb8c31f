using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ImageAI.Web.Jobs;

/// <summary>
/// Unfinished jobs per client, with the framework's <see cref="PartitionedRateLimiter"/>: one concurrency limiter
/// per client. The permit is taken at upload and held by the job until it finishes, so it bounds jobs, not requests.
/// </summary>
public sealed class ClientJobLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Creates the limiter with <see cref="WebOptions.MaxActiveJobsPerClient"/> permits per client.</summary>
    public ClientJobLimiter(IOptions<WebOptions> options)
    {
        int permits = options.Value.MaxActiveJobsPerClient;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetConcurrencyLimiter(client,
            _ => new ConcurrencyLimiterOptions { PermitLimit = permits, QueueLimit = 0 }));
    }

    /// <summary>A permit for one more job, or null when the client is at its limit.</summary>
    public RateLimitLease? TryAcquire(string clientId)
    {
        var lease = _limiter.AttemptAcquire(clientId);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        return null;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
