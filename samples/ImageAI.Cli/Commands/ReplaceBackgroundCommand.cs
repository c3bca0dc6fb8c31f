using System.CommandLine;
using ImageAI.Codecs;
using ImageAI.Compositing;
using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Cli.Commands;

/// <summary>
/// <c>replace-background IN... -o OUT (--color C | --gradient C1,C2[,ANGLE] | --radial C1,C2 | --image BG [--fit M] | --blur N) [--shadow]</c>.
/// </summary>
internal static class ReplaceBackgroundCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image files or folders.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output file (one input) or folder.", Required = true };
        var color = new Option<string?>("--color") { Description = "Solid background colour, e.g. #2050A0 or white." };
        var gradient = new Option<string?>("--gradient") { Description = "Linear gradient: START,END[,ANGLE] (angle in degrees, 90 = top to bottom)." };
        var radial = new Option<string?>("--radial") { Description = "Radial gradient: CENTRE,EDGE colours." };
        var image = new Option<string?>("--image") { Description = "Background image file (any size; see --fit)." };
        var fit = new Option<string>("--fit") { Description = "How --image is placed: fill (cover, default), fit, center or stretch.", DefaultValueFactory = _ => "fill" };
        var blur = new Option<double?>("--blur") { Description = "Blur the original background with this radius in pixels (portrait mode)." };
        var shadow = new Option<bool>("--shadow") { Description = "Add a soft drop shadow under the subject." };
        var linear = new Option<bool>("--linear") { Description = "Blend edges in linear light." };
        var noForeground = new Option<bool>("--no-foreground-estimation") { Description = "Keep the original edge colours (faster; may show a halo)." };
        var refine = BackgroundOptions.Refine("default guided");
        var resolution = BackgroundOptions.Resolution();
        var crop = BackgroundOptions.Crop();
        var margin = BackgroundOptions.Margin();
        var model = new Option<string?>("--model") { Description = "Model id or .onnx path." };
        var format = new Option<string?>("--format") { Description = "Output format for folders: png (default), jpeg or webp." };
        var quality = new Option<int>("--quality") { Description = "JPEG/WebP quality 1-100.", DefaultValueFactory = _ => 90 };

        var command = new Command("replace-background", "Put the subject on a new background: colour, gradient, image or blurred original.")
        {
            inputs, output, color, gradient, radial, image, fit, blur, shadow, linear, noForeground, refine, resolution, crop, margin, model, format, quality,
        };
        command.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var fill = await ParseFillAsync(parse.GetValue(color), parse.GetValue(gradient), parse.GetValue(radial), parse.GetValue(image),
                parse.GetValue(fit)!, parse.GetValue(blur), CliContext.DecodeOptions(parse), ct);
            var operation = new ReplaceBackground
            {
                Background = fill,
                Shadow = parse.GetValue(shadow) ? new DropShadow() : null,
                Blend = parse.GetValue(linear) ? BlendSpace.Linear : BlendSpace.Srgb,
                EstimateForeground = !parse.GetValue(noForeground),
                Refinement = BackgroundOptions.ParseRefinement(parse.GetValue(refine), MaskRefinement.GuidedFilter),
                ModelResolution = parse.GetValue(resolution),
                CropToSubject = parse.GetValue(crop),
                CropMargin = parse.GetValue(margin),
                ModelId = parse.GetValue(model),
            };
            operation.Validate();
            var jobs = BatchPlanner.Plan(parse.GetValue(inputs)!, parse.GetValue(output)!, parse.GetValue(format));
            var encode = new ImageEncodeOptions { Quality = parse.GetValue(quality) };
            encode.Validate();
            using var editor = new OnnxImageEditor(CliContext.EditorOptions(parse));
            return await BatchRunner.RunAsync(editor, jobs, operation, encode, CliContext.DecodeOptions(parse), ct);
        }));
        return command;
    }

    /// <summary>Exactly one background option must be given.</summary>
    internal static async Task<BackgroundFill> ParseFillAsync(string? color, string? gradient, string? radial, string? image, string fit, double? blur,
        ImageDecodeOptions decode, CancellationToken ct)
    {
        int given = (color is null ? 0 : 1) + (gradient is null ? 0 : 1) + (radial is null ? 0 : 1) + (image is null ? 0 : 1) + (blur is null ? 0 : 1);
        if (given != 1) throw new ArgumentException("Give exactly one background: --color, --gradient, --radial, --image or --blur.");
        if (color is not null) return new SolidFill(Rgba32.Parse(color));
        if (gradient is not null)
        {
            var parts = BackgroundOptions.SplitList(gradient, 2, 3, "--gradient");
            return new LinearGradientFill(Rgba32.Parse(parts[0]), Rgba32.Parse(parts[1]), parts.Length > 2 ? BackgroundOptions.ParseNumber(parts[2], "--gradient angle") : 90);
        }
        if (radial is not null)
        {
            var parts = BackgroundOptions.SplitList(radial, 2, 2, "--radial");
            return new RadialGradientFill(Rgba32.Parse(parts[0]), Rgba32.Parse(parts[1]));
        }
        if (blur is not null) return new BlurFill(blur.Value);
        var mode = fit.Trim().ToLowerInvariant() switch
        {
            "fill" or "cover" => BackgroundFit.Fill,
            "fit" or "contain" => BackgroundFit.Fit,
            "center" or "centre" => BackgroundFit.Center,
            "stretch" => BackgroundFit.Stretch,
            _ => throw new ArgumentException($"Unknown --fit '{fit}': use fill, fit, center or stretch."),
        };
        var picture = await ImageIO.LoadAsync(image!, decode, ct);
        return new ImageFill(picture, mode);
    }
}
