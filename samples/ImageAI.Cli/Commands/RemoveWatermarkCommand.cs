using System.CommandLine;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Morphology;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Watermarks;
using Spectre.Console;

namespace ImageAI.Cli.Commands;

/// <summary>
/// <c>remove-watermark IN -o OUT [--detect text [--no-read-veto] [--no-read-along] | --template MARK.png | --mask MASK.png | --rect X,Y,W,H ...] [--engine E] [--preview]</c>:
/// removes detected text or a known watermark (inverting its blend) or inpaints a given region. <c>--preview</c> writes the mask instead.
/// <c>remove-watermark --batch DIR_OR_FILES... -o OUTDIR</c>: estimates the watermark the photos share (no logo
/// needed) and removes it from each.
/// </summary>
internal static class RemoveWatermarkCommand
{
    public static Command Create()
    {
        var input = new Argument<string[]>("input") { Description = "The watermarked image (with --batch: the photos, files or folders).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output file (with --preview: the detected mask).", Required = true };
        var template = new Option<string?>("--template") { Description = "The watermark as an RGBA image (logo or text); its position, size and opacity are found." };
        var detect = new Option<string?>("--detect") { Description = "Find the watermark automatically: 'text' (PP-OCRv4 text detector, stroke mask)." };
        var mask = new Option<string?>("--mask") { Description = "A mask image of the region to remove (white = watermark), the image's size." };
        var rects = new Option<string[]>("--rect") { Description = "A rectangle X,Y,W,H to remove (repeatable).", AllowMultipleArgumentsPerToken = true };
        var engine = new Option<string>("--engine") { Description = "Inpainting engine: patchmatch (default), telea, lama, migan.", DefaultValueFactory = _ => "patchmatch" };
        var model = new Option<string?>("--model") { Description = "Catalog id or .onnx path for the lama/migan engine." };
        var detectorModel = new Option<string?>("--detector") { Description = "Catalog id or .onnx path of the text detector for --detect text (default ppocr-v4-det)." };
        var noReadAlong = new Option<bool>("--no-read-along") { Description = "With --detect text: do not read found lines past their ends with the PP-OCRv4 recogniser (no second model, a little faster, less of a partly detected line found)." };
        var noReadVeto = new Option<bool>("--no-read-veto") { Description = "With --detect text: keep the text regions the PP-OCRv4 recogniser cannot read (by default they are dropped as false detections)." };
        var preview = new Option<bool>("--preview") { Description = "Only locate: write the mask and print the report." };
        var force = new Option<bool>("--force") { Description = "Allow removing more than 15% of the image." };
        var dilate = new Option<int>("--dilate") { Description = "Grow a given mask by N pixels (default 2).", DefaultValueFactory = _ => 2 };
        var feather = new Option<float>("--feather") { Description = "Soft edge width in pixels for mask removal (default 0)." };
        var batch = new Option<bool>("--batch") { Description = "The inputs are photos sharing one watermark at one position: estimate it from them (no logo needed, 12+ photos recommended) and remove it from each; -o is a folder." };

        var command = new Command("remove-watermark", "Remove detected text, a known watermark (blend inversion), a watermark shared by a batch, or a given region.")
            { input, output, detect, template, mask, rects, engine, model, detectorModel, noReadVeto, noReadAlong, preview, force, dilate, feather, batch };
        command.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var decode = CliContext.DecodeOptions(parse);
            var inputs = parse.GetValue(input)!;
            if (parse.GetValue(batch))
                return await RunBatchAsync(inputs, parse.GetValue(output)!, ParseEngine(parse.GetValue(engine)!), parse.GetValue(force), parse.GetValue(preview), decode, ct);
            if (inputs.Length != 1) throw new ArgumentException($"Give one input image ({inputs.Length} given); for photos sharing one watermark use --batch.");
            var image = await ImageIO.LoadAsync(inputs[0], decode, ct);
            var operation = new RemoveWatermark
            {
                Engine = ParseEngine(parse.GetValue(engine)!),
                InpaintModelId = parse.GetValue(model),
                DetectOnly = parse.GetValue(preview),
                Force = parse.GetValue(force),
                DilateRadius = parse.GetValue(dilate),
                FeatherRadius = parse.GetValue(feather),
            };
            if (parse.GetValue(detect) is { } detectKind)
            {
                if (!string.Equals(detectKind, "text", StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"Unknown --detect '{detectKind}': use 'text'.");
                operation = operation with { Locator = WatermarkLocator.Text, TextDetection = new TextDetectionOptions { ModelId = parse.GetValue(detectorModel), ReadingVeto = !parse.GetValue(noReadVeto), ReadAlong = !parse.GetValue(noReadAlong) } };
            }
            else if (parse.GetValue(template) is { } templatePath)
                operation = operation with { Locator = WatermarkLocator.Template, Template = await ImageIO.LoadAsync(templatePath, decode, ct) };
            else
            {
                GrayImage? given = null;
                if (parse.GetValue(mask) is { } maskPath) given = ToMask(await ImageIO.LoadAsync(maskPath, decode, ct));
                var rectangles = (parse.GetValue(rects) ?? []).Select(ParseRect).ToList();
                if (given is null && rectangles.Count == 0)
                    throw new ArgumentException("Give --detect text, --template, --mask or --rect, or --batch for photos sharing one watermark.");
                operation = operation with { Locator = WatermarkLocator.Mask, Mask = given, Rectangles = rectangles };
            }
            using var editor = new OnnxImageEditor(CliContext.EditorOptions(parse));
            var result = await editor.EditAsync(image, operation, null, ct);
            var outputPath = parse.GetValue(output)!;
            var written = operation.DetectOnly && result.Mask is { } m ? m.ToImage() : result.Image;
            await ImageIO.SaveAsync(written, outputPath, null, ct);
            Report(result);
            AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {outputPath}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Batch mode: all photos are loaded, the shared watermark is estimated from them, then each is cleaned by
    /// inversion (the nearly opaque part inpainted with a classical engine) and written to the output folder.
    /// </summary>
    private static async Task<int> RunBatchAsync(string[] inputs, string outputFolder, InpaintEngine engine, bool force, bool preview, ImageDecodeOptions decode, CancellationToken ct)
    {
        var jobs = BatchPlanner.Plan(inputs, Path.Combine(outputFolder, "x.png"), "png");
        if (jobs.Count < WatermarkEstimator.MinimumImages)
            throw new ArgumentException($"--batch needs at least {WatermarkEstimator.MinimumImages} photos sharing the watermark (12 or more recommended); got {jobs.Count}.");
        if (!ClassicalInpainter.IsClassical(engine)) throw new ArgumentException("--batch inpaints the opaque remainder with patchmatch or telea.");
        var images = new List<ImageBuffer>(jobs.Count);
        foreach (var job in jobs) images.Add(await ImageIO.LoadAsync(job.Input, decode, ct));
        var layer = await Task.Run(() => WatermarkEstimator.Estimate(images, ct), ct);
        var support = layer.ToMask(images[0].Width, images[0].Height);
        long supportPixels = MaskOps.Count(support);
        MaskAreaExceededException.ThrowIfOver(supportPixels, images[0].PixelCount, RemoveWatermark.DefaultMaxAreaFraction, force);
        double fraction = (double)supportPixels / images[0].PixelCount;
        AnsiConsole.MarkupLineInterpolated($"estimated watermark at {layer.X},{layer.Y} size {layer.Width}x{layer.Height} ({fraction:P2} of each photo) from {images.Count} photos");
        Directory.CreateDirectory(outputFolder);
        var match = new TemplateMatch(layer.X, layer.Y, layer.Width, layer.Height, 1, 1, 0);
        for (int i = 0; i < jobs.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var path = Path.Combine(outputFolder, Path.GetFileName(jobs[i].Output));
            if (preview) { await ImageIO.SaveAsync(support.ToImage(), path, null, ct); continue; }
            var removed = KnownWatermarkRemover.RemoveLayer(images[i], layer, match, new KnownWatermarkOptions { Engine = engine }, ct);
            await ImageIO.SaveAsync(removed.Image, path, null, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {path} ({removed.InvertedPixels} px inverted, {MaskOps.Count(removed.InpaintMask)} inpainted)");
        }
        return 0;
    }

    private static InpaintEngine ParseEngine(string text) => text.ToLowerInvariant() switch
    {
        "patchmatch" => InpaintEngine.PatchMatch,
        "telea" => InpaintEngine.Telea,
        "lama" => InpaintEngine.Lama,
        "migan" or "mi-gan" => InpaintEngine.MiGan,
        _ => throw new ArgumentException($"Unknown engine '{text}': use patchmatch, telea, lama or migan."),
    };

    private static PixelRect ParseRect(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 4 || !parts.All(p => int.TryParse(p, out _)))
            throw new ArgumentException($"--rect expects X,Y,W,H in pixels, got '{text}'.");
        var v = parts.Select(int.Parse).ToArray();
        return new PixelRect(v[0], v[1], v[2], v[3]);
    }

    /// <summary>A mask from an image file: its grey level (or alpha for transparent masks).</summary>
    private static GrayImage ToMask(ImageBuffer image)
    {
        var mask = new GrayImage(image.Width, image.Height);
        ReadOnlySpan<byte> p = image.Pixels;
        var m = mask.Pixels;
        bool useAlpha = !image.IsOpaque();
        for (int i = 0; i < m.Length; i++)
            m[i] = useAlpha ? p[i * 4 + 3] : (byte)((p[i * 4] * 77 + p[i * 4 + 1] * 150 + p[i * 4 + 2] * 29) >> 8);
        return mask;
    }

    private static void Report(ImageEditResult result)
    {
        if (result.GetDetails<WatermarkReport>() is not { } r) return;
        var table = new Table().AddColumns("locator", "regions", "inverted px", "inpainted px", "changed", "engine");
        table.AddRow(r.Locator, string.Join(" ", r.Regions.Select(b => $"{b.X},{b.Y},{b.Width}x{b.Height}")), r.InvertedPixels.ToString(),
            r.InpaintedPixels.ToString(), $"{r.ChangedFraction:P2}", r.Engine?.ToString() ?? "-");
        AnsiConsole.Write(table);
        if (r.Match is { } match)
            AnsiConsole.MarkupLineInterpolated($"template at {match.X},{match.Y} size {match.Width}x{match.Height} (scale {match.Scale:F3}), opacity {match.Opacity:F3}, score {match.Score:F2}");
        foreach (var t in r.TextRegions) AnsiConsole.MarkupLineInterpolated($"{t}");
        foreach (var b in r.TextBlends)
            AnsiConsole.MarkupLineInterpolated($"  ({b.Region.CenterX:F0},{b.Region.CenterY:F0}): opacity {b.Opacity:F2}, colour {b.Colour}, {b.Pixels} px, {(b.Inverted ? "inverted" : "inpainted")}");
        foreach (var w in result.Warnings) AnsiConsole.MarkupLineInterpolated($"[yellow]{w}[/]");
    }
}
