namespace ImageAI.Decorators;

/// <summary>
/// Lets at most N edits run at once through the inner editor; the others wait (cancellably) in arrival order.
/// Models are memory- and core-hungry: on a server, a limit keeps a burst of requests from thrashing.
/// </summary>
public sealed class ConcurrencyLimitingImageEditor : DelegatingImageEditor
{
    private readonly SemaphoreSlim _gate;

    /// <summary>Wraps <paramref name="innerEditor"/> with a limit of <paramref name="maxConcurrency"/> edits at once.</summary>
    public ConcurrencyLimitingImageEditor(IImageEditor innerEditor, int maxConcurrency) : base(innerEditor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        MaxConcurrency = maxConcurrency;
        _gate = new SemaphoreSlim(maxConcurrency, maxConcurrency);
    }

    /// <summary>The limit.</summary>
    public int MaxConcurrency { get; }

    /// <summary>Edits running now.</summary>
    public int Running => MaxConcurrency - _gate.CurrentCount;

    /// <inheritdoc />
    public override async Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await InnerEditor.EditAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // The semaphore is not disposed: a caller still waiting on it would otherwise get ObjectDisposedException
        // instead of the inner editor's own disposed error.
    }
}
