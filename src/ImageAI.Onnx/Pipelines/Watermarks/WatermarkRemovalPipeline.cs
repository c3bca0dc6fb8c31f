using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Morphology;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Pipelines.Inpainting;
using ImageAI.Operations;
using ImageAI.Watermarks;

namespace ImageAI.Onnx.Pipelines.Watermarks;

/// <summary>
/// <see cref="RemoveWatermark"/>: locate (known template or caller's mask), guard the area, then invert the blend
/// where the watermark is known and inpaint the rest with the chosen engine.
/// </summary>
internal sealed class WatermarkRemovalPipeline(EditorContext context) : IOperationHandler
{
    public string OperationName => RemoveWatermark.OperationName;

    public Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var operation = (RemoveWatermark)request.Operation;
        if (operation.Locator == WatermarkLocator.Text) return TextWatermarkFlow.RunAsync(context, request.Image!, operation, progress, cancellationToken);
        return operation.Locator == WatermarkLocator.Template
            ? TemplateAsync(request.Image!, operation, progress, cancellationToken)
            : MaskAsync(request.Image!, operation, progress, cancellationToken);
    }

    private async Task<ImageEditResult> MaskAsync(ImageBuffer image, RemoveWatermark operation, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        var timer = new StageTimer();
        var mask = operation.Mask is { } given ? MaskOps.Binarize(given) : new GrayImage(image.Width, image.Height);
        mask.EnsureSameSize(image.Width, image.Height);
        if (operation.Rectangles is { Count: > 0 } rects) mask = MaskOps.Union(mask, MaskOps.FromRectangles(image.Width, image.Height, rects));
        mask = MaskOps.Dilate(mask, operation.DilateRadius);
        long count = MaskOps.Count(mask);
        var regions = MaskOps.Bounds(mask) is { } b ? new[] { b } : [];
        if (count == 0)
            return new ImageEditResult
            {
                Image = image.Clone(),
                Mask = mask,
                Details = new WatermarkReport { Locator = "mask", Changed = false },
                Warnings = ["The watermark mask is empty: nothing to remove, the image is returned unchanged."],
            };
        MaskAreaExceededException.ThrowIfOver(count, image.PixelCount, operation.MaxAreaFraction, operation.Force);
        var report = new WatermarkReport { Locator = "mask", Regions = regions, ChangedFraction = (double)count / image.PixelCount };
        if (operation.DetectOnly)
            return new ImageEditResult { Image = image.Clone(), Mask = mask, Details = report };
        // A feathered edge needs filled pixels beyond the mask to blend with: inpaint a wider region.
        var engineMask = operation.FeatherRadius > 0 ? MaskOps.Dilate(mask, (int)MathF.Ceiling(operation.FeatherRadius)) : mask;
        var (filled, model, provider, fallback) = await InpaintEngines.RunAsync(context, image, engineMask, operation.Engine, operation.InpaintModelId, operation.Seed, progress, ct).ConfigureAwait(false);
        timer.Lap("inpaint");
        filled = Feather(image, filled, mask, operation.FeatherRadius);
        return new ImageEditResult
        {
            Image = filled,
            Mask = mask,
            ExecutionProvider = provider,
            FallbackReason = fallback,
            Models = model is null ? [] : [model],
            Timings = timer.Timings,
            Details = report with { InpaintedPixels = count, Engine = operation.Engine, Changed = true },
        };
    }

    private async Task<ImageEditResult> TemplateAsync(ImageBuffer image, RemoveWatermark operation, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        var timer = new StageTimer();
        progress?.Report(new ImageEditProgress("locate", 0, 1, "template"));
        var template = operation.Template!;
        var match = await Task.Run(() => TemplateLocator.Locate(image, template, null, ct), ct).ConfigureAwait(false);
        timer.Lap("locate");
        progress?.Report(new ImageEditProgress("locate", 1, 1, "template"));
        var layer = WatermarkLayer.FromTemplate(template, match.X, match.Y, match.Width, match.Height, match.Opacity);
        var support = layer.ToMask(image.Width, image.Height);
        long supportCount = MaskOps.Count(support);
        MaskAreaExceededException.ThrowIfOver(supportCount, image.PixelCount, operation.MaxAreaFraction, operation.Force);
        var report = new WatermarkReport
        {
            Locator = "template",
            Match = match,
            Regions = [new PixelRect(match.X, match.Y, match.Width, match.Height)],
            ChangedFraction = (double)supportCount / image.PixelCount,
        };
        if (operation.DetectOnly)
            return new ImageEditResult { Image = image.Clone(), Mask = support, Details = report, Timings = timer.Timings };

        var options = new KnownWatermarkOptions { MaxInvertibleOpacity = operation.MaxInvertibleOpacity, Engine = operation.Engine };
        // Inversion first; the opaque remainder goes to the chosen engine (classical or ONNX).
        var removed = KnownWatermarkRemover.RemoveLayer(image, layer, match, options with { Engine = ClassicalInpainter.IsClassical(operation.Engine) ? operation.Engine : InpaintEngine.Telea }, ct);
        var output = removed.Image;
        ModelUsage? model = null;
        string provider = "none";
        string? fallback = null;
        long inpainted = removed.InpaintMask is { } m ? MaskOps.Count(m) : 0;
        if (inpainted > 0 && !ClassicalInpainter.IsClassical(operation.Engine))
        {
            var inverted = layer.Invert(image, operation.MaxInvertibleOpacity).Image;
            (output, model, provider, fallback) = await InpaintEngines.RunAsync(context, inverted, removed.InpaintMask!, operation.Engine, operation.InpaintModelId, operation.Seed, progress, ct).ConfigureAwait(false);
        }
        timer.Lap("remove");
        return new ImageEditResult
        {
            Image = output,
            Mask = support,
            ExecutionProvider = provider,
            FallbackReason = fallback,
            Models = model is null ? [] : [model],
            Timings = timer.Timings,
            Details = report with { InvertedPixels = removed.InvertedPixels, InpaintedPixels = inpainted, Engine = inpainted > 0 ? operation.Engine : null, Changed = true },
            Warnings = match.Score < 0.1 ? [$"Weak template match (score {match.Score:F2}): check the preview (DetectOnly)."] : [],
        };
    }

    /// <summary>With a feather radius, blends the filled image over the original with a soft edge outside the mask.</summary>
    private static ImageBuffer Feather(ImageBuffer original, ImageBuffer filled, GrayImage mask, float radius)
    {
        if (radius <= 0) return filled;
        var soft = MaskOps.Feather(mask, radius);
        var result = filled.Clone();
        var r = result.Pixels;
        ReadOnlySpan<byte> o = original.Pixels, s = soft.Pixels;
        for (int i = 0; i < s.Length; i++)
        {
            int a = s[i];
            if (a == 255) continue;
            for (int c = 0; c < 3; c++) r[i * 4 + c] = (byte)((r[i * 4 + c] * a + o[i * 4 + c] * (255 - a) + 127) / 255);
        }
        return result;
    }
}
