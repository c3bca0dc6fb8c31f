using System.CommandLine;
using ImageAI.Codecs;
using ImageAI.Diffusion;
using ImageAI.Diffusion.Schedulers;
using ImageAI.Imaging;
using ImageAI.Operations;

namespace ImageAI.Cli.Commands;

/// <summary>The options <c>generate</c> and <c>edit</c> share, and writing their outputs.</summary>
internal sealed class DiffusionOptions
{
    public Option<string> Output { get; } = new("--output", "-o") { Description = "Output image (with --batch N: NAME-1.png, NAME-2.png, ...).", Required = true };
    public Option<string> Model { get; } = new("--model") { Description = "Diffusion model folder (diffusers/optimum ONNX layout) or catalog id.", Required = true };
    public Option<int> Steps { get; } = new("--steps") { Description = "Inference steps.", DefaultValueFactory = _ => 20 };
    public Option<string?> Scheduler { get; } = new("--scheduler") { Description = $"Scheduler: {string.Join(", ", SchedulerFactory.Names)} (default: the model's own)." };
    public Option<long?> Seed { get; } = new("--seed") { Description = "Seed for reproducible output (default: random, printed)." };
    public Option<int?> Width { get; } = new("--width") { Description = "Width in pixels, a multiple of 8 (generate: 512; edit: the input's)." };
    public Option<int?> Height { get; } = new("--height") { Description = "Height in pixels, a multiple of 8." };
    public Option<double> Guidance { get; } = new("--guidance") { Description = "Classifier-free guidance scale.", DefaultValueFactory = _ => 7.5 };
    public Option<string?> Negative { get; } = new("--negative") { Description = "Negative prompt." };
    public Option<int> Batch { get; } = new("--batch") { Description = "Number of images (seeds seed, seed+1, ...).", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Output, Model, Steps, Scheduler, Seed, Width, Height, Guidance, Negative, Batch })
            command.Options.Add(option);
    }

    public T Apply<T>(T operation, ParseResult parse, string prompt) where T : PromptDiffusionOperation => operation with
    {
        ModelId = parse.GetValue(Model),
        Prompt = prompt,
        NegativePrompt = parse.GetValue(Negative),
        Steps = parse.GetValue(Steps),
        Scheduler = parse.GetValue(Scheduler),
        Seed = parse.GetValue(Seed),
        Width = parse.GetValue(Width),
        Height = parse.GetValue(Height),
        GuidanceScale = parse.GetValue(Guidance),
        BatchCount = parse.GetValue(Batch),
    };

    /// <summary>Writes each image (atomically) and prints what was done.</summary>
    public static async Task<int> WriteAsync(ImageEditResult result, string output, CancellationToken ct)
    {
        for (int i = 0; i < result.Images.Count; i++)
        {
            string path = result.Images.Count == 1 ? output
                : Path.Combine(Path.GetDirectoryName(output) ?? "", $"{Path.GetFileNameWithoutExtension(output)}-{i + 1}{Path.GetExtension(output)}");
            await ImageIO.SaveAsync(result.Images[i], path, null, ct);
            Console.WriteLine(path);
        }
        if (result.GetDetails<DiffusionReport>() is { } r)
            Console.Error.WriteLine($"{r.Scheduler}, {r.StepsRun} steps, {r.Width}x{r.Height}, seed {string.Join(",", r.Seeds)}, " +
                $"{r.UnetCalls} UNet calls on {result.ExecutionProvider}, {result.Timings.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b).TotalSeconds:F1} s");
        return 0;
    }
}
