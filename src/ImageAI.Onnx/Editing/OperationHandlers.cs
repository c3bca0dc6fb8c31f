using ImageAI.Onnx.Pipelines.Background;
using ImageAI.Onnx.Pipelines.Faces;
using ImageAI.Onnx.Pipelines.Diffusion;
using ImageAI.Onnx.Pipelines.Upscaling;
using ImageAI.Onnx.Pipelines.Inpainting;
using ImageAI.Onnx.Pipelines.Watermarks;

namespace ImageAI.Onnx.Editing;

/// <summary>The pipelines of the local editor, one per operation.</summary>
internal static class OperationHandlers
{
    public static IEnumerable<IOperationHandler> Create(EditorContext context)
    {
        yield return new BackgroundRemovalPipeline(context);
        yield return new FaceDetectionPipeline(context);
        yield return new FaceEnhancementPipeline(context);
        foreach (var handler in DiffusionPipeline.Handlers(context)) yield return handler;
        yield return new UpscalingPipeline(context);
        yield return new BackgroundReplacementPipeline(context);
        yield return new InpaintPipeline(context);
        yield return new WatermarkRemovalPipeline(context);
    }
}
