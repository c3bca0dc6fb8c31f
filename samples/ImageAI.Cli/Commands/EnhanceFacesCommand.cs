using System.CommandLine;
using System.Globalization;
using ImageAI.Codecs;
using ImageAI.Faces;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Cli.Commands;

/// <summary><c>enhance-faces IN -o OUT [--upscale 2] [--blend feather|seamless]</c>: restore every face, optionally upscale the rest.</summary>
internal static class EnhanceFacesCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Image file." };
        var output = new Option<string>("--output", "-o") { Description = "Output image file.", Required = true };
        var upscale = new Option<double>("--upscale") { Description = "Output scale 1..8 (default 1: same size).", DefaultValueFactory = _ => 1 };
        var blend = new Option<string>("--blend") { Description = "Paste-back: feather (default) or seamless (Poisson).", DefaultValueFactory = _ => "feather" };
        blend.AcceptOnlyFromAmong("feather", "seamless");
        var model = new Option<string?>("--model") { Description = "Restoration model id or .onnx path (default realesr-general-x4v3; GFPGAN/CodeFormer/GPEN exports accepted)." };
        var detector = new Option<string?>("--detector") { Description = "Face detector id or path (default yunet; or retinaface-mbnet0.25)." };
        var onlyLargest = new Option<bool>("--only-largest") { Description = "Restore only the largest face." };
        var faces = new Option<string?>("--faces") { Description = "Comma-separated face indices to restore (largest first, as detect-faces lists them)." };
        var minSize = new Option<int>("--min-size") { Description = "Ignore faces smaller than this many pixels.", DefaultValueFactory = _ => 16 };
        var fidelity = new Option<float>("--fidelity") { Description = "CodeFormer fidelity w 0..1.", DefaultValueFactory = _ => 0.5f };

        var command = new Command("enhance-faces", "Detect, align, restore and paste back every face.") { input, output, upscale, blend, model, detector, onlyLargest, faces, minSize, fidelity };
        command.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var operation = new EnhanceFaces
            {
                Scale = parse.GetValue(upscale),
                Blend = parse.GetValue(blend) == "seamless" ? FaceBlendMode.Seamless : FaceBlendMode.Feather,
                ModelId = parse.GetValue(model),
                DetectorModelId = parse.GetValue(detector),
                OnlyLargest = parse.GetValue(onlyLargest),
                FaceIndices = parse.GetValue(faces) is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : null,
                MinFaceSize = parse.GetValue(minSize),
                Fidelity = parse.GetValue(fidelity),
            };
            operation.Validate();
            var outPath = parse.GetValue(output)!;
            using var editor = new OnnxImageEditor(CliContext.EditorOptions(parse));
            var image = await ImageIO.LoadAsync(parse.GetValue(input)!, CliContext.DecodeOptions(parse), ct);
            var result = await editor.EditAsync(new ImageEditRequest(image, operation), null, ct);
            await ImageIO.SaveAsync(result.Image, outPath, new ImageEncodeOptions { Format = ImageFormats.FromPath(outPath) }, ct);
            var report = result.GetDetails<FaceEnhancementReport>()!;
            foreach (var warning in result.Warnings) Console.Error.WriteLine($"imageai: {warning}");
            Console.WriteLine($"enhance-faces: {report.EnhancedCount}/{report.Faces.Count} face(s) restored with {report.Restorer} " +
                              $"({result.Timings.Values.Sum(t => t.TotalSeconds):F1} s) -> {outPath} ({result.Image.Width}x{result.Image.Height})");
            return 0;
        }));
        return command;
    }
}
