using ImageAI.Compositing;
using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Sessions;

namespace ImageAI.Onnx.Pipelines.Background;

/// <summary>The subject's matte at full resolution, and optionally its re-estimated colours.</summary>
internal sealed record SubjectMatte(float[] Alpha, float[]? Foreground, ModelSession Session, int ModelSide);

/// <summary>Segment (at the requested model resolution), refine the mask, estimate foreground colours: shared by remove and replace.</summary>
internal static class SubjectMatting
{
    public static async Task<SubjectMatte> RunAsync(EditorContext context, ImageBuffer image, string? modelId, int? resolution,
        MaskRefinement refinement, GrayImage? trimap, bool estimateForeground, StageTimer timer, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        // A trimap of the wrong size fails before any model is loaded or run.
        trimap?.EnsureSameSize(image.Width, image.Height, "trimap");
        var (session, side) = await SegmenterSessions.LoadAsync(context, modelId, resolution, progress, ct).ConfigureAwait(false);
        timer.Lap("load");

        progress?.Report(new ImageEditProgress("inference", 0, 1, session.Model.Id));
        var lowRes = SalientObjectSegmenter.PredictLowResolution(session, image, out side, ct, side);
        timer.Lap("inference");
        progress?.Report(new ImageEditProgress("inference", 1, 1, session.Model.Id));

        ct.ThrowIfCancellationRequested();
        progress?.Report(new ImageEditProgress("refine", 0, 1, refinement.ToString()));
        var alpha = MaskRefiner.Refine(image, lowRes, side, side, refinement, trimap, ct);
        timer.Lap("refine");

        float[]? foreground = null;
        if (estimateForeground)
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(new ImageEditProgress("foreground", 0, 1, "estimating foreground colours"));
            foreground = ForegroundEstimator.Estimate(image, alpha, ct);
            timer.Lap("foreground");
        }
        return new SubjectMatte(alpha, foreground, session, side);
    }

    /// <summary>
    /// The result of a background operation: optionally cropped to the subject (image and mask alike), with the
    /// session's provider, model and the stage timings.
    /// </summary>
    public static ImageEditResult Finish(SubjectMatte matte, ImageBuffer output, GrayImage mask, bool cropToSubject, int cropMargin, StageTimer timer, string stage)
    {
        if (cropToSubject)
        {
            var rect = SubjectBounds.Find(mask, cropMargin);
            output = SubjectBounds.Crop(output, rect);
            mask = SubjectBounds.Crop(mask, rect);
        }
        timer.Lap(stage);
        return new ImageEditResult
        {
            Image = output,
            Mask = mask,
            ExecutionProvider = matte.Session.ExecutionProvider,
            FallbackReason = matte.Session.FallbackReason,
            Models = [matte.Session.Usage],
            Timings = timer.Timings,
        };
    }
}
