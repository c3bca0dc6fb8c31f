using ImageAI.Compositing;
using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Onnx.Pipelines.Background;

/// <summary>Background removal: segment the subject, refine its edges, then return a cutout, the mask, or the subject on a colour.</summary>
internal sealed class BackgroundRemovalPipeline(EditorContext context) : IOperationHandler
{
    public const string Task = "background-removal";

    public string OperationName => RemoveBackground.OperationName;

    public async Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = (RemoveBackground)request.Operation;
        var image = request.Image!;
        var timer = new StageTimer();
        var matte = await SubjectMatting.RunAsync(context, image, operation.ModelId, operation.ModelResolution, operation.Refinement, operation.Trimap,
            operation.EstimateForeground && operation.Output != BackgroundOutput.Mask, timer, progress, cancellationToken).ConfigureAwait(false);

        var mask = MaskRefiner.ToMask(matte.Alpha, image.Width, image.Height);
        var output = Compose(image, matte, mask, operation);
        return SubjectMatting.Finish(matte, output, mask, operation.CropToSubject, operation.CropMargin, timer, "postprocess");
    }

    private static ImageBuffer Compose(ImageBuffer image, SubjectMatte matte, GrayImage mask, RemoveBackground operation)
    {
        switch (operation.Output)
        {
            case BackgroundOutput.Mask:
                return mask.ToImage();
            case BackgroundOutput.SolidColor:
                var background = ImageBuffer.Filled(image.Width, image.Height, operation.BackgroundColor);
                Compositor.Over(SubjectLayer.Build(image, matte.Alpha, matte.Foreground).Pixels, background.Pixels);
                return background;
            default:
                return SubjectLayer.Build(image, matte.Alpha, matte.Foreground);
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
