using System.CommandLine;
using ImageAI.Codecs;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Cli.Commands;

/// <summary><c>edit IN "a prompt" -o OUT --strength 0.5 --model DIR</c>: image-to-image ("enhance by prompt").</summary>
internal static class EditCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The image to edit." };
        var prompt = new Argument<string>("prompt") { Description = "What the result should look like, e.g. \"cinematic lighting\"." };
        var strength = new Option<double>("--strength") { Description = "How far the result may move from the input, 0..1.", DefaultValueFactory = _ => 0.5 };
        var options = new DiffusionOptions();
        var command = new Command("edit", "Change an image towards a prompt (image-to-image with a Stable Diffusion ONNX folder).") { input, prompt, strength };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliContext.RunAsync(async () =>
        {
            var operation = options.Apply(new EditWithPrompt { Strength = parse.GetValue(strength) }, parse, parse.GetValue(prompt)!);
            operation.Validate();
            var image = await ImageIO.LoadAsync(parse.GetValue(input)!, CliContext.DecodeOptions(parse), ct);
            using var editor = new OnnxImageEditor(CliContext.EditorOptions(parse));
            var result = await editor.EditAsync(new ImageEditRequest(image, operation), StepProgress.Console(), ct);
            return await DiffusionOptions.WriteAsync(result, parse.GetValue(options.Output)!, ct);
        }));
        return command;
    }
}
