using ImageAI.Onnx.Pipelines.Background;
using ImageAI.Onnx.Pipelines.Inpainting;
using ImageAI.Onnx.Pipelines.Watermarks;

namespace ImageAI.Onnx.Editing;

/// <summary>The pipelines of the local editor, one per operation.</summary>
internal static class OperationHandlers
{
    public static IEnumerable<IOperationHandler> Create(EditorContext context)
    {
        yield return new BackgroundRemovalPipeline(context);
        yield return new InpaintPipeline(context);
        yield return new WatermarkRemovalPipeline(context);
    }
}
