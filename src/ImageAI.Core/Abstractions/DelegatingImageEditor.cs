namespace ImageAI;

/// <summary>
/// An editor that passes every call to an inner editor: the base of decorators (logging, caching, concurrency
/// limits) that wrap any back end. Override <see cref="EditAsync"/> to add behaviour around the call.
/// </summary>
public abstract class DelegatingImageEditor : IImageEditor
{
    private int _disposed;

    /// <summary>Wraps <paramref name="innerEditor"/>; disposing this editor disposes it.</summary>
    protected DelegatingImageEditor(IImageEditor innerEditor) =>
        InnerEditor = innerEditor ?? throw new ArgumentNullException(nameof(innerEditor));

    /// <summary>The editor calls are passed to.</summary>
    protected IImageEditor InnerEditor { get; }

    /// <inheritdoc />
    public virtual Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        InnerEditor.EditAsync(request, progress, cancellationToken);

    /// <summary>Returns this editor when it is of the asked type (and no key is given), else asks the inner editor.</summary>
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerEditor.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the inner editor.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) InnerEditor.Dispose();
    }
}
