using ImageAI.Compositing;
using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Onnx.Pipelines.Background;

/// <summary>Background replacement: matte the subject, draw the new background (and shadow), composite the subject over it.</summary>
internal sealed class BackgroundReplacementPipeline(EditorContext context) : IOperationHandler
{
    public string OperationName => ReplaceBackground.OperationName;

    public async Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = (ReplaceBackground)request.Operation;
        var image = request.Image!;
        var timer = new StageTimer();
        var matte = await SubjectMatting.RunAsync(context, image, operation.ModelId, operation.ModelResolution, operation.Refinement, operation.Trimap,
            operation.EstimateForeground, timer, progress, cancellationToken).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new ImageEditProgress("compose", 0, 1, operation.Background.GetType().Name));
        var output = BackgroundRenderer.Render(operation.Background, image, matte.Alpha);
        if (operation.Shadow is { } shadow) ShadowRenderer.Apply(output, matte.Alpha, shadow);
        Compositor.Over(SubjectLayer.Build(image, matte.Alpha, matte.Foreground).Pixels, output.Pixels, operation.Blend);
        var mask = MaskRefiner.ToMask(matte.Alpha, image.Width, image.Height);
        return SubjectMatting.Finish(matte, output, mask, operation.CropToSubject, operation.CropMargin, timer, "compose");
    }
}
