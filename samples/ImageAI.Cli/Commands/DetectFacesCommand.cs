using System.CommandLine;
using ImageAI.Codecs;
using ImageAI.Faces;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using Spectre.Console;

namespace ImageAI.Cli.Commands;

/// <summary><c>detect-faces IN [-o boxes.png]</c>: list faces (box, landmarks, score); optionally draw them.</summary>
internal static class DetectFacesCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Image file." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the image with boxes and landmarks drawn." };
        var detector = new Option<string?>("--detector") { Description = "Detector id or path (default yunet; or retinaface-mbnet0.25)." };
        var threshold = new Option<float>("--threshold") { Description = "Minimum score 0..1.", DefaultValueFactory = _ => 0.6f };

        var command = new Command("detect-faces", "Find faces: boxes, five landmarks, scores.") { input, output, detector, threshold };
        command.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var outPath = parse.GetValue(output);
            var operation = new DetectFaces { ModelId = parse.GetValue(detector), ScoreThreshold = parse.GetValue(threshold), DrawFaces = outPath is not null };
            using var editor = new OnnxImageEditor(CliContext.EditorOptions(parse));
            var image = await ImageIO.LoadAsync(parse.GetValue(input)!, CliContext.DecodeOptions(parse), ct);
            var result = await editor.EditAsync(new ImageEditRequest(image, operation), null, ct);
            var report = result.GetDetails<FaceDetectionReport>()!;
            var table = new Table().AddColumns("#", "box (x, y, w, h)", "score", "landmarks (eye, eye, nose, mouth, mouth)");
            for (int i = 0; i < report.Faces.Count; i++)
            {
                var f = report.Faces[i];
                table.AddRow(i.ToString(), $"{f.Box.X:0}, {f.Box.Y:0}, {f.Box.Width:0}, {f.Box.Height:0}", $"{f.Score:0.000}", string.Join(" ", f.Landmarks));
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"detect-faces: {report.Faces.Count} face(s) with {report.Detector}");
            if (outPath is not null)
                await ImageIO.SaveAsync(result.Image, outPath, new ImageEncodeOptions { Format = ImageFormats.FromPath(outPath) }, ct);
            return 0;
        }));
        return command;
    }
}
