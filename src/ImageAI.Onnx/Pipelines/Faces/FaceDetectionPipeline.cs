using ImageAI.Faces;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>The <see cref="DetectFaces"/> operation: boxes, landmarks and scores in the report.</summary>
internal sealed class FaceDetectionPipeline(EditorContext context) : IOperationHandler
{
    public string OperationName => DetectFaces.OperationName;

    public async Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = (DetectFaces)request.Operation;
        var image = request.Image!;
        var timer = new StageTimer();
        var session = await context.LoadAsync(operation.ModelId, FaceDetector.Task, progress, cancellationToken).ConfigureAwait(false);
        timer.Lap("load");
        var faces = FaceDetector.Detect(session, image, operation.ScoreThreshold, operation.NmsThreshold, operation.MaxDetectionSide, cancellationToken);
        timer.Lap("inference");
        var output = operation.DrawFaces ? FaceDrawing.Draw(image, faces) : image;
        return new ImageEditResult
        {
            Image = output,
            ExecutionProvider = session.ExecutionProvider,
            FallbackReason = session.FallbackReason,
            Models = [session.Usage],
            Timings = timer.Timings,
            Details = new FaceDetectionReport(faces, session.Model.Id),
            Warnings = faces.Count == 0 ? ["No faces found."] : [],
        };
    }
}
