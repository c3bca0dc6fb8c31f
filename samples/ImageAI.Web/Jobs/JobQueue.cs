using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ImageAI.Web.Jobs;

/// <summary>The bounded queue between uploads and workers, with counters the tests and logs read.</summary>
public sealed class JobQueue
{
    private readonly Channel<Job> _channel;
    private int _running;
    private int _peakRunning;

    /// <summary>Creates the queue with <see cref="WebOptions.QueueCapacity"/> slots.</summary>
    public JobQueue(IOptions<WebOptions> options) =>
        _channel = Channel.CreateBounded<Job>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the upload gets 503 instead of waiting.
            SingleReader = false,
            SingleWriter = false,
        });

    /// <summary>Adds a job; false when the queue is full.</summary>
    public bool TryEnqueue(Job job) => _channel.Writer.TryWrite(job);

    /// <summary>The workers' side.</summary>
    public ChannelReader<Job> Reader => _channel.Reader;

    /// <summary>Jobs running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>The most jobs that ever ran at once (shows the worker limit holds).</summary>
    public int PeakRunning => Volatile.Read(ref _peakRunning);

    internal void Started()
    {
        int now = Interlocked.Increment(ref _running);
        int peak;
        while (now > (peak = Volatile.Read(ref _peakRunning)) && Interlocked.CompareExchange(ref _peakRunning, now, peak) != peak) { }
    }

    internal void Stopped() => Interlocked.Decrement(ref _running);
}
