using ImageAI.Imaging;
using ImageAI.Operations;

namespace ImageAI.Tests.Providers.TestService;

/// <summary>
/// A fast, deterministic stand-in for a model-backed editor: remove-background keeps pixels whose red channel is
/// at least 128 (everything else becomes transparent). Counts its runs; can be slowed down to exercise cancellation.
/// </summary>
public sealed class StandInEditor : IImageEditor
{
    private int _runs, _running, _maxRunning;

    /// <summary>The most runs seen at the same time.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    /// <summary>Completed and started runs.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>How long each run takes (cancellable).</summary>
    public TimeSpan Delay { get; set; }

    /// <inheritdoc />
    public async Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        if (request.Operation is not RemoveBackground op)
            throw new OperationNotSupportedException(request.Operation.Name, $"The stand-in does not support '{request.Operation.Name}'.");
        Interlocked.Increment(ref _runs);
        int running = Interlocked.Increment(ref _running);
        for (int seen = _maxRunning; running > seen && Interlocked.CompareExchange(ref _maxRunning, running, seen) != seen; seen = _maxRunning) { }
        try
        {
            progress?.Report(new ImageEditProgress("inference", 0, 1));
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
        var image = request.Image!;
        var mask = new GrayImage(image.Width, image.Height);
        var px = image.Pixels;
        var m = mask.Pixels;
        for (int i = 0; i < m.Length; i++) m[i] = px[i * 4] >= 128 ? (byte)255 : (byte)0;
        ImageBuffer output = op.Output switch
        {
            BackgroundOutput.Mask => mask.ToImage(),
            BackgroundOutput.SolidColor => SolidColour(image, m, op.BackgroundColor),
            _ => Cutout(image, m),
        };
        progress?.Report(new ImageEditProgress("inference", 1, 1));
        return new ImageEditResult { Image = output, Mask = mask, ExecutionProvider = "CPU" };
    }

    private static ImageBuffer Cutout(ImageBuffer image, ReadOnlySpan<byte> mask)
    {
        var output = image.Clone();
        var px = output.Pixels;
        for (int i = 0; i < mask.Length; i++) px[i * 4 + 3] = (byte)(px[i * 4 + 3] * mask[i] / 255);
        return output;
    }

    private static ImageBuffer SolidColour(ImageBuffer image, ReadOnlySpan<byte> mask, Rgba32 colour)
    {
        var output = ImageBuffer.Filled(image.Width, image.Height, colour);
        var src = image.Pixels;
        var dst = output.Pixels;
        for (int i = 0; i < mask.Length; i++)
            if (mask[i] == 255) { dst[i * 4] = src[i * 4]; dst[i * 4 + 1] = src[i * 4 + 1]; dst[i * 4 + 2] = src[i * 4 + 2]; dst[i * 4 + 3] = 255; }
        return output;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ImageEditorMetadata)
            ? new ImageEditorMetadata("stand-in", new HashSet<string> { RemoveBackground.OperationName }, "CPU")
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose() { }
}

/// <summary>Counts the calls that reach the editor it wraps (to show a cache answered without running the model).</summary>
public sealed class CountingEditor(IImageEditor inner) : DelegatingImageEditor(inner)
{
    private int _calls;

    /// <summary>Calls passed through.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <inheritdoc />
    public override Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return base.EditAsync(request, progress, cancellationToken);
    }
}
