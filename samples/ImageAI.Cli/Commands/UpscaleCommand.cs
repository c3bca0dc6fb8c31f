using System.CommandLine;
using ImageAI.Codecs;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Cli.Commands;

/// <summary><c>upscale IN... -o OUT --scale 4 --model realesr-general-x4v3 [--tile 256]</c>: one model loaded for the whole batch.</summary>
internal static class UpscaleCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Image files or folders.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Output file (one input) or folder (several inputs or a folder).", Required = true };
        var scale = new Option<double>("--scale") { Description = "Enlargement factor, above 0 and at most 8 (the network's own, then a resize).", DefaultValueFactory = _ => 4 };
        var model = new Option<string?>("--model") { Description = "Model id (realesr-general-x4v3, RealESRGAN_x4plus, realesr-animevideov3-x4, 4xLSDIRCompactN3, ...) or a path to an .onnx file." };
        var tile = new Option<int?>("--tile") { Description = "Largest tile side in input pixels (default: the largest that fits --memory-mb, up to 512)." };
        var overlap = new Option<int>("--overlap") { Description = "Overlap between tiles in input pixels.", DefaultValueFactory = _ => 16 };
        var memory = new Option<long>("--memory-mb") { Description = "Memory budget in MiB.", DefaultValueFactory = _ => Upscale.DefaultMemoryBudget >> 20 };
        var format = new Option<string?>("--format") { Description = "Output format for folders: png (default), jpeg or webp." };
        var quality = new Option<int>("--quality") { Description = "JPEG/WebP quality 1-100.", DefaultValueFactory = _ => 90 };

        var command = new Command("upscale", "Enlarge images with a super-resolution network (tiled, any factor up to 8).") { inputs, output, scale, model, tile, overlap, memory, format, quality };
        command.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var operation = new Upscale
            {
                Scale = parse.GetValue(scale),
                ModelId = parse.GetValue(model),
                TileSize = parse.GetValue(tile),
                TileOverlap = parse.GetValue(overlap),
                MemoryBudget = parse.GetValue(memory) << 20,
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
}
