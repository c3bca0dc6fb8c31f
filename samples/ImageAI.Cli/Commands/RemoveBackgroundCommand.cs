using System.CommandLine;
using System.Diagnostics;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using Spectre.Console;

namespace ImageAI.Cli.Commands;

/// <summary><c>remove-background IN... -o OUT</c>: one model loaded for the whole batch.</summary>
internal static class RemoveBackgroundCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image files or folders.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output file (one input) or folder (several inputs or a folder).", Required = true };
        var maskOnly = new Option<bool>("--mask-only") { Description = "Write the mask alone (white = subject)." };
        var background = new Option<string?>("--background") { Description = "Put the subject on this colour (#RRGGBB) instead of transparency." };
        var model = new Option<string?>("--model") { Description = "Model id from 'imageai models list', or a path to an .onnx file." };
        var format = new Option<string?>("--format") { Description = "Output format for folders: png (default), jpeg or webp." };
        var quality = new Option<int>("--quality") { Description = "JPEG/WebP quality 1-100.", DefaultValueFactory = _ => 90 };

        var refine = BackgroundOptions.Refine("default none");
        var resolution = BackgroundOptions.Resolution();
        var foreground = new Option<bool>("--estimate-foreground") { Description = "Re-estimate edge colours so no fringe of the old background remains (on by default with --refine)." };
        var crop = BackgroundOptions.Crop();
        var margin = BackgroundOptions.Margin();
        var trimap = BackgroundOptions.Trimap();

        var command = new Command("remove-background", "Remove the background of one or more images.") { inputs, output, maskOnly, background, model, format, quality, refine, resolution, foreground, crop, margin, trimap };
        command.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var trimapMask = await BackgroundOptions.LoadTrimapAsync(parse.GetValue(trimap), ct);
            var operation = new RemoveBackground
            {
                ModelId = parse.GetValue(model),
                Output = parse.GetValue(maskOnly) ? BackgroundOutput.Mask : parse.GetValue(background) is null ? BackgroundOutput.Cutout : BackgroundOutput.SolidColor,
                BackgroundColor = parse.GetValue(background) is { } colour ? Rgba32.Parse(colour) : Rgba32.White,
                Refinement = BackgroundOptions.ParseRefinement(parse.GetValue(refine), trimapMask is null ? Matting.MaskRefinement.None : Matting.MaskRefinement.Matting),
                Trimap = trimapMask,
                ModelResolution = parse.GetValue(resolution),
                EstimateForeground = parse.GetValue(foreground) || parse.GetValue(refine) is not null || trimapMask is not null,
                CropToSubject = parse.GetValue(crop),
                CropMargin = parse.GetValue(margin),
            };
            operation.Validate();
            var jobs = BatchPlanner.Plan(parse.GetValue(inputs)!, parse.GetValue(output)!, parse.GetValue(format));
            if (trimapMask is not null && jobs.Count > 1) throw new ArgumentException("--trimap belongs to one image: give a single input.");
            var encode = new ImageEncodeOptions { Quality = parse.GetValue(quality) };
            encode.Validate();
            using var editor = new OnnxImageEditor(CliContext.EditorOptions(parse));
            return await BatchRunner.RunAsync(editor, jobs, operation, encode, CliContext.DecodeOptions(parse), ct);
        }));
        return command;
    }
}
