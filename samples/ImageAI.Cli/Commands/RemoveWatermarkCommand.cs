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
/// <c>remove-watermark IN -o OUT [--detect text | --template MARK.png | --mask MASK.png | --rect X,Y,W,H ...] [--engine E] [--preview]</c>:
/// removes detected text or a known watermark (inverting its blend) or inpaints a given region. <c>--preview</c> writes the mask instead.
/// </summary>
internal static class RemoveWatermarkCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The watermarked image." };
        var output = new Option<string>("--output", "-o") { Description = "Output file (with --preview: the detected mask).", Required = true };
        var template = new Option<string?>("--template") { Description = "The watermark as an RGBA image (logo or text); its position, size and opacity are found." };
        var detect = new Option<string?>("--detect") { Description = "Find the watermark automatically: 'text' (PP-OCRv4 text detector, stroke mask)." };
        var mask = new Option<string?>("--mask") { Description = "A mask image of the region to remove (white = watermark), the image's size." };
        var rects = new Option<string[]>("--rect") { Description = "A rectangle X,Y,W,H to remove (repeatable).", AllowMultipleArgumentsPerToken = true };
        var engine = new Option<string>("--engine") { Description = "Inpainting engine: patchmatch (default), telea, lama, migan.", DefaultValueFactory = _ => "patchmatch" };
        var model = new Option<string?>("--model") { Description = "Catalog id or .onnx path for the lama/migan engine." };
        var detectorModel = new Option<string?>("--detector") { Description = "Catalog id or .onnx path of the text detector for --detect text (default ppocr-v4-det)." };
        var preview = new Option<bool>("--preview") { Description = "Only locate: write the mask and print the report." };
        var force = new Option<bool>("--force") { Description = "Allow removing more than 15% of the image." };
        var dilate = new Option<int>("--dilate") { Description = "Grow a given mask by N pixels (default 2).", DefaultValueFactory = _ => 2 };
        var feather = new Option<float>("--feather") { Description = "Soft edge width in pixels for mask removal (default 0)." };

        var command = new Command("remove-watermark", "Remove detected text, a known watermark (blend inversion) or a given region.")
            { input, output, detect, template, mask, rects, engine, model, detectorModel, preview, force, dilate, feather };
        command.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var decode = CliContext.DecodeOptions(parse);
            var image = await ImageIO.LoadAsync(parse.GetValue(input)!, decode, ct);
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
                operation = operation with { Locator = WatermarkLocator.Text, TextDetection = new TextDetectionOptions { ModelId = parse.GetValue(detectorModel) } };
            }
            else if (parse.GetValue(template) is { } templatePath)
                operation = operation with { Locator = WatermarkLocator.Template, Template = await ImageIO.LoadAsync(templatePath, decode, ct) };
            else
            {
                GrayImage? given = null;
                if (parse.GetValue(mask) is { } maskPath) given = ToMask(await ImageIO.LoadAsync(maskPath, decode, ct));
                var rectangles = (parse.GetValue(rects) ?? []).Select(ParseRect).ToList();
                if (given is null && rectangles.Count == 0)
                    throw new ArgumentException("Give --detect text, --template, --mask or --rect.");
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
