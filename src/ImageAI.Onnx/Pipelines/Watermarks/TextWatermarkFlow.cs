using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Morphology;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Pipelines.Inpainting;
using ImageAI.Operations;
using ImageAI.Watermarks;

namespace ImageAI.Onnx.Pipelines.Watermarks;

/// <summary>
/// <see cref="RemoveWatermark"/> with <see cref="WatermarkLocator.Text"/>: detect text (DB detector), build the stroke
/// mask, guard its area, then invert the blend per region where the text is semi-transparent and inpaint the rest.
/// </summary>
internal static class TextWatermarkFlow
{
    public static async Task<ImageEditResult> RunAsync(EditorContext context, ImageBuffer image, RemoveWatermark operation, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        var options = operation.TextDetection ?? new TextDetectionOptions();
        var timer = new StageTimer();
        var session = await context.LoadAsync(options.ModelId, TextDetector.Task, progress, ct).ConfigureAwait(false);
        TextLineReader? reader = null;
        if (options.ReadingVeto || options.ReadAlong)
        {
            var recogniser = await context.LoadAsync(options.RecognitionModelId ?? TextDetectionOptions.DefaultRecognitionModelId, TextLineReader.Task, progress, ct).ConfigureAwait(false);
            var dictionary = await context.Store.ResolveAsync(options.RecognitionDictionaryId ?? TextDetectionOptions.DefaultRecognitionDictionaryId, progress, ct).ConfigureAwait(false);
            reader = new TextLineReader(recogniser, TextLineReader.LoadDictionary(dictionary.Path));
        }
        timer.Lap("load");
        progress?.Report(new ImageEditProgress("detect", 0, 1, "text"));
        var location = await Task.Run(() => TextWatermarkLocator.Locate(session, image, options, ct, reader), ct).ConfigureAwait(false);
        var (mask, regions) = location;
        timer.Lap("detect");
        progress?.Report(new ImageEditProgress("detect", 1, 1, $"{regions.Count} text regions"));
        long count = MaskOps.Count(mask);
        var report = new WatermarkReport
        {
            Locator = "text",
            Regions = regions.Select(r => r.Bounds.Inflate(0, image.Width, image.Height)).ToList(),
            TextRegions = regions,
            ChangedFraction = (double)count / image.PixelCount,
        };
        ModelUsage[] models = reader is null ? [session.Usage] : [session.Usage, reader.Usage];
        if (count == 0)
            return new ImageEditResult
            {
                Image = image.Clone(), Mask = mask, Details = report, Models = models, Timings = timer.Timings,
                ExecutionProvider = session.ExecutionProvider, FallbackReason = session.FallbackReason,
                Warnings = ["No text found: the image is returned unchanged."],
            };
        MaskAreaExceededException.ThrowIfOver(count, image.PixelCount, operation.MaxAreaFraction, operation.Force);
        if (operation.DetectOnly)
            return new ImageEditResult
            {
                Image = image.Clone(), Mask = mask, Details = report, Models = models, Timings = timer.Timings,
                ExecutionProvider = session.ExecutionProvider, FallbackReason = session.FallbackReason,
            };

        bool classical = ClassicalInpainter.IsClassical(operation.Engine);
        var removed = await Task.Run(() => TextWatermarkRemover.Remove(image, mask, regions, options.MaxInvertibleOpacity,
            classical ? operation.Engine : InpaintEngine.Telea, operation.Seed, ct, location.BlendOf), ct).ConfigureAwait(false);
        var output = removed.Image;
        ModelUsage? inpaintModel = null;
        string? fallback = session.FallbackReason;
        if (removed.InpaintedPixels > 0 && !classical)
        {
            (output, inpaintModel, _, var f) = await InpaintEngines.RunAsync(context, removed.Inverted, removed.InpaintMask, operation.Engine, operation.InpaintModelId, operation.Seed, progress, ct).ConfigureAwait(false);
            fallback ??= f;
        }
        timer.Lap("remove");
        return new ImageEditResult
        {
            Image = output,
            Mask = mask,
            ExecutionProvider = session.ExecutionProvider,
            FallbackReason = fallback,
            Models = inpaintModel is null ? models : [.. models, inpaintModel],
            Timings = timer.Timings,
            Details = report with
            {
                InvertedPixels = removed.InvertedPixels,
                InpaintedPixels = removed.InpaintedPixels,
                Engine = removed.InpaintedPixels > 0 ? operation.Engine : null,
                TextBlends = removed.Estimates,
                Changed = true,
            },
        };
    }
}
