using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ImageAI.Extensions.DependencyInjection;

/// <summary>
/// Logs every edit: the operation and input size at debug level when it starts, then the provider that actually ran
/// it, any CPU fallback (as a warning) and the time taken; failures and cancellations are logged too.
/// </summary>
public sealed partial class LoggingImageEditor : DelegatingImageEditor
{
    private readonly ILogger _logger;

    /// <summary>Wraps <paramref name="innerEditor"/>.</summary>
    public LoggingImageEditor(IImageEditor innerEditor, ILogger logger) : base(innerEditor) =>
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    /// <inheritdoc />
    public override async Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string size = request.Image is { } image ? $"{image.Width}x{image.Height}" : "no image";
        LogStart(request.Operation.Name, size);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await InnerEditor.EditAsync(request, progress, cancellationToken).ConfigureAwait(false);
            LogDone(request.Operation.Name, size, result.ExecutionProvider, clock.Elapsed.TotalMilliseconds);
            if (result.FallbackReason is { } reason) LogFallback(request.Operation.Name, reason);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(request.Operation.Name, clock.Elapsed.TotalMilliseconds);
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(ex, request.Operation.Name, size, clock.Elapsed.TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "ImageAI {Operation} on {Size} started.")]
    private partial void LogStart(string operation, string size);

    [LoggerMessage(2, LogLevel.Information, "ImageAI {Operation} on {Size} ran on {Provider} in {ElapsedMs:F0} ms.")]
    private partial void LogDone(string operation, string size, string provider, double elapsedMs);

    [LoggerMessage(3, LogLevel.Warning, "ImageAI {Operation} fell back to the CPU: {Reason}")]
    private partial void LogFallback(string operation, string reason);

    [LoggerMessage(4, LogLevel.Information, "ImageAI {Operation} cancelled after {ElapsedMs:F0} ms.")]
    private partial void LogCancelled(string operation, double elapsedMs);

    [LoggerMessage(5, LogLevel.Warning, "ImageAI {Operation} on {Size} failed after {ElapsedMs:F0} ms.")]
    private partial void LogFailed(Exception exception, string operation, string size, double elapsedMs);
}
