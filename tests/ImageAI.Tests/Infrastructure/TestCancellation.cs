namespace ImageAI.Tests.Infrastructure;

/// <summary>Cancels a token after a delay from a dedicated thread.</summary>
/// <remarks>
/// Not <c>CancelAfter</c>: its timer callback runs on the thread pool, which a loaded machine (parallel test
/// classes, ONNX Runtime's own threads) can starve until the whole edit has finished, leaving nothing to cancel.
/// </remarks>
public static class TestCancellation
{
    public static CancellationTokenSource CancelSoon(TimeSpan delay)
    {
        var cts = new CancellationTokenSource();
        CancelSoon(cts, delay);
        return cts;
    }

    /// <summary>Cancels <paramref name="cts"/> after <paramref name="delay"/> (from a progress callback: the countdown starts with the work).</summary>
    public static void CancelSoon(CancellationTokenSource cts, TimeSpan delay)
    {
        new Thread(() =>
        {
            Thread.Sleep(delay);
            // A test that failed (or finished) early has disposed the source already: nothing left to cancel.
            try { cts.Cancel(); }
            catch (ObjectDisposedException) { }
        }) { IsBackground = true }.Start();
    }
}
