using ImageAI.Morphology;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Watermarks;

namespace ImageAI.Onnx.Pipelines.Inpainting;

/// <summary>The <see cref="Inpaint"/> operation: validate the mask, optionally dilate it, fill it with the chosen engine.</summary>
internal sealed class InpaintPipeline(EditorContext context) : IOperationHandler
{
    public string OperationName => Inpaint.OperationName;

    public async Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = (Inpaint)request.Operation;
        var image = request.Image!;
        operation.Mask.EnsureSameSize(image.Width, image.Height);
        var timer = new StageTimer();
        var mask = MaskOps.Dilate(operation.Mask, operation.DilateRadius);
        long count = MaskOps.Count(mask);
        if (count == 0)
        {
            return new ImageEditResult
            {
                Image = image.Clone(),
                Mask = mask,
                Details = new WatermarkReport { Locator = "mask", Changed = false },
                Warnings = ["The mask is empty: nothing to inpaint, the image is returned unchanged."],
            };
        }
        var (filled, model, provider, fallback) = await InpaintEngines.RunAsync(context, image, mask, operation.Engine, operation.ModelId, operation.Seed, progress, cancellationToken).ConfigureAwait(false);
        timer.Lap("inpaint");
        return new ImageEditResult
        {
            Image = filled,
            Mask = mask,
            ExecutionProvider = provider,
            FallbackReason = fallback,
            Models = model is null ? [] : [model],
            Timings = timer.Timings,
            Details = new WatermarkReport
            {
                Locator = "mask",
                Regions = MaskOps.Bounds(mask) is { } b ? [b] : [],
                InpaintedPixels = count,
                ChangedFraction = (double)count / image.PixelCount,
                Engine = operation.Engine,
                Changed = true,
            },
        };
    }
}
