using ImageAI.Compositing;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Onnx.Pipelines.Background;

/// <summary>Background removal: segment the subject, then return a cutout, the mask, or the subject on a colour.</summary>
internal sealed class BackgroundRemovalPipeline(EditorContext context) : IOperationHandler
{
    public const string Task = "background-removal";

    public string OperationName => RemoveBackground.OperationName;

    public async Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = (RemoveBackground)request.Operation;
        var image = request.Image!;
        var timer = new StageTimer();
        var session = await context.LoadAsync(operation.ModelId, Task, progress, cancellationToken).ConfigureAwait(false);
        timer.Lap("load");

        progress?.Report(new ImageEditProgress("inference", 0, 1, session.Model.Id));
        var lowRes = SalientObjectSegmenter.PredictLowResolution(session, image, out int side, cancellationToken);
        timer.Lap("inference");
        progress?.Report(new ImageEditProgress("inference", 1, 1, session.Model.Id));

        var mask = SalientObjectSegmenter.ToMask(lowRes, side, image.Width, image.Height);
        var output = Compose(image, mask, operation);
        timer.Lap("postprocess");

        return new ImageEditResult
        {
            Image = output,
            Mask = mask,
            ExecutionProvider = session.ExecutionProvider,
            FallbackReason = session.FallbackReason,
            Models = [session.Usage],
            Timings = timer.Timings,
        };
    }

    internal static ImageBuffer Compose(ImageBuffer image, GrayImage mask, RemoveBackground operation)
    {
        switch (operation.Output)
        {
            case BackgroundOutput.Mask:
                return mask.ToImage();
            case BackgroundOutput.SolidColor:
                var background = ImageBuffer.Filled(image.Width, image.Height, operation.BackgroundColor);
                AlphaBlend.Over(Cutout(image, mask).Pixels, background.Pixels);
                return background;
            default:
                return Cutout(image, mask);
        }
    }

    /// <summary>The image with alpha = its own alpha x mask (an already transparent input stays transparent).</summary>
    internal static ImageBuffer Cutout(ImageBuffer image, GrayImage mask)
    {
        mask.EnsureSameSize(image.Width, image.Height);
        var cutout = image.Clone();
        var px = cutout.Pixels;
        ReadOnlySpan<byte> m = mask.Pixels;
        for (int i = 0, j = 3; i < m.Length; i++, j += 4)
            px[j] = (byte)((px[j] * m[i] + 127) / 255);
        return cutout;
    }
}
