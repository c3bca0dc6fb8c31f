using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Onnx.Pipelines.Upscaling;

/// <summary>The <see cref="Upscale"/> operation: a thin handler over <see cref="ImageUpscaler"/>.</summary>
internal sealed class UpscalingPipeline(EditorContext context) : IOperationHandler
{
    private readonly ImageUpscaler _upscaler = new(context);

    public string OperationName => Upscale.OperationName;

    public async Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = (Upscale)request.Operation;
        var timer = new StageTimer();
        var outcome = await _upscaler.UpscaleAsync(request.Image!, operation, progress, cancellationToken).ConfigureAwait(false);
        timer.Lap("upscale");
        return new ImageEditResult
        {
            Image = outcome.Image,
            ExecutionProvider = outcome.Session.ExecutionProvider,
            FallbackReason = outcome.Session.FallbackReason,
            Models = [outcome.Session.Usage],
            Timings = timer.Timings,
            Details = outcome.Report,
        };
    }
}
