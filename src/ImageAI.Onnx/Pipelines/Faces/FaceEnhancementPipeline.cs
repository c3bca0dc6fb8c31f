using ImageAI.Faces;
using ImageAI.Geometry;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Processing;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>
/// The <see cref="EnhanceFaces"/> operation: detect, pick faces, align each to the five-point template, restore,
/// paste back through the inverse transform onto the (optionally upscaled) image.
/// </summary>
internal sealed class FaceEnhancementPipeline(EditorContext context) : IOperationHandler
{
    /// <summary>The restoration model used when none is named.</summary>
    public const string DefaultRestorer = "realesr-general-x4v3";

    public string OperationName => EnhanceFaces.OperationName;

    public async Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = (EnhanceFaces)request.Operation;
        var image = request.Image!;
        var timer = new StageTimer();
        int outWidth = (int)Math.Round(image.Width * operation.Scale), outHeight = (int)Math.Round(image.Height * operation.Scale);
        ImageGuard.CheckPixelLimit(outWidth, outHeight, context.Options.MaxPixels);

        var detector = await context.LoadAsync(operation.DetectorModelId, FaceDetector.Task, progress, cancellationToken).ConfigureAwait(false);
        // Load (and check) the restorer before any work, so a model with the wrong contract fails fast.
        var restorerModel = await context.Store.ResolveAsync(operation.ModelId ?? DefaultRestorer, progress, cancellationToken).ConfigureAwait(false);
        var restorer = FaceRestorer.Create(await context.Sessions.GetAsync(restorerModel, cancellationToken).ConfigureAwait(false));
        timer.Lap("load");

        progress?.Report(new ImageEditProgress("detect", 0, 1, detector.Model.Id));
        var faces = FaceDetector.Detect(detector, image, operation.ScoreThreshold, 0.3f, 1280, cancellationToken);
        timer.Lap("detect");
        var selected = Select(faces, operation);

        var output = await UpscaleRestAsync(image, outWidth, outHeight, operation.Scale, progress, cancellationToken).ConfigureAwait(false);
        timer.Lap("upscale");

        var report = new List<EnhancedFace>();
        var warnings = new List<string>();
        if (faces.Count == 0) warnings.Add("No faces found; the image was returned without face enhancement.");
        else if (selected.Count == 0) warnings.Add($"{faces.Count} face(s) found but none matched the selection (minimum size, indices).");
        double scale = operation.Scale;
        int done = 0;
        for (int i = 0; i < faces.Count; i++)
        {
            if (!selected.Contains(i)) { report.Add(new EnhancedFace(i, faces[i], false)); continue; }
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ImageEditProgress("restore", done, selected.Count, $"face {i}"));
            var toTemplate = FaceTemplate.ImageToCrop(faces[i].Landmarks, FaceTemplate.Side);
            int cropSide = restorer.CropSide(FaceTemplate.Side / toTemplate.Scale * scale);
            var inputToCrop = toTemplate.ThenScale(cropSide / (double)FaceTemplate.Side);
            var crop = AffineWarp.Warp(image, inputToCrop.Invert(), cropSide, cropSide);
            timer.Lap("align");
            var restored = restorer.Restore(crop, operation.Fidelity, cancellationToken);
            timer.Lap("restore");
            var outputToInput = new AffineTransform(1 / scale, 0, 0, 0, 1 / scale, 0);
            var outputToRestored = inputToCrop.ThenScale(restored.Width / (double)cropSide).After(outputToInput);
            FacePaster.Paste(output, restored, outputToRestored, operation.Blend, cancellationToken);
            timer.Lap("paste");
            report.Add(new EnhancedFace(i, faces[i], true, toTemplate.After(outputToInput)));
            done++;
        }
        progress?.Report(new ImageEditProgress("restore", done, selected.Count, null));

        return new ImageEditResult
        {
            Image = output,
            ExecutionProvider = restorer.Session.ExecutionProvider,
            FallbackReason = restorer.Session.FallbackReason ?? detector.FallbackReason,
            Models = [detector.Usage, restorer.Session.Usage],
            Timings = timer.Timings,
            Details = new FaceEnhancementReport(report, detector.Model.Id, restorer.Session.Model.Id, scale),
            Warnings = warnings,
        };
    }

    /// <summary>Indices of the faces to restore: minimum size, then only the largest or the chosen indices.</summary>
    internal static HashSet<int> Select(IReadOnlyList<DetectedFace> faces, EnhanceFaces operation)
    {
        var chosen = new HashSet<int>();
        for (int i = 0; i < faces.Count; i++)
        {
            if (faces[i].Size < operation.MinFaceSize) continue;
            if (operation.FaceIndices is { } indices && !indices.Contains(i)) continue;
            chosen.Add(i);
            if (operation.OnlyLargest) break; // faces are sorted largest first
        }
        return chosen;
    }

    /// <summary>
    /// The image the faces are pasted onto, at output size. The design calls for the general super-resolution model
    /// here (the <c>Upscale</c> operation, run through <see cref="EditorContext.EditAsync"/>); until that operation is
    /// on this branch, a bicubic resize stands in. This is the one place to change when wiring it.
    /// </summary>
    /// <summary>
    /// The canvas the faces are pasted onto: the image upscaled by the general super-resolution model (through the
    /// editor's Upscale operation, tiled) when enlarging, else resized.
    /// </summary>
    private async Task<ImageBuffer> UpscaleRestAsync(ImageBuffer image, int width, int height, double scale,
        IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        if (width == image.Width && height == image.Height) return image.Clone();
        if (scale <= 1) return Resampler.Resize(image, width, height, ResizeMode.Bicubic);
        var upscaled = (await context.EditAsync(new ImageEditRequest(image, new Upscale { Scale = scale }), progress, cancellationToken).ConfigureAwait(false)).Image;
        return upscaled.Width == width && upscaled.Height == height ? upscaled : Resampler.Resize(upscaled, width, height, ResizeMode.Bicubic);
    }
}
