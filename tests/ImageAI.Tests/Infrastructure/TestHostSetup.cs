using System.Runtime.CompilerServices;

namespace ImageAI.Tests.Infrastructure;

/// <summary>Settings for the test process itself.</summary>
internal static class TestHostSetup
{
    /// <summary>
    /// Test classes run in parallel and many of them run models synchronously on thread-pool threads. On a 2-core
    /// machine the pool starts with 2 threads and adds about one every half second, so timers and HTTP
    /// continuations in the timing-sensitive tests (timeouts, retries, cancellation) would wait for seconds
    /// behind model runs. A larger minimum keeps their waits what the tests measure.
    /// </summary>
    [ModuleInitializer]
    internal static void RaiseThreadPoolMinimum()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
