using ImageAI.Onnx.Pipelines.Background;

namespace ImageAI.Onnx.Editing;

/// <summary>The pipelines of the local editor, one per operation.</summary>
internal static class OperationHandlers
{
    public static IEnumerable<IOperationHandler> Create(EditorContext context)
    {
        yield return new BackgroundRemovalPipeline(context);
        yield return new BackgroundReplacementPipeline(context);
    }
}
