using System.CommandLine;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Cli.Commands;

/// <summary><c>generate "a prompt" -o out.png --model DIR</c>: text-to-image with a latent diffusion model.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var prompt = new Argument<string>("prompt") { Description = "What to draw; (word:1.3) weights a word." };
        var options = new DiffusionOptions();
        var command = new Command("generate", "Generate an image from a prompt (Stable Diffusion ONNX folder).") { prompt };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var operation = options.Apply(new GenerateImage(), parse, parse.GetValue(prompt)!);
            operation.Validate();
            using var editor = new OnnxImageEditor(CliContext.EditorOptions(parse));
            var result = await editor.EditAsync(new ImageEditRequest(null, operation), StepProgress.Console(), ct);
            return await DiffusionOptions.WriteAsync(result, parse.GetValue(options.Output)!, ct);
        }));
        return command;
    }
}
