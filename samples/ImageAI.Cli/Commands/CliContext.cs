using System.CommandLine;
using ImageAI.Codecs;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Sessions;
using Spectre.Console;

namespace ImageAI.Cli.Commands;

/// <summary>Options every command shares, the editor they create, and how failures are reported.</summary>
internal static class CliContext
{
    public static readonly Option<string?> ModelCache = new("--model-cache")
    {
        Description = "Model cache folder (default: IMAGEAI_MODEL_CACHE or ~/.cache/imageai/models).",
        Recursive = true,
    };

    public static readonly Option<long> MaxPixels = new("--max-pixels")
    {
        Description = "Refuse images with more pixels than this.",
        DefaultValueFactory = _ => 64L * 1024 * 1024,
        Recursive = true,
    };

    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "Threads per model run (0 = one per core).",
        Recursive = true,
    };

    public static IReadOnlyList<Option> GlobalOptions => [ModelCache, MaxPixels, Threads, ProviderOptions.Provider, ProviderOptions.AllowCpuFallback];

    public static OnnxEditorOptions EditorOptions(ParseResult parse)
    {
        var options = new OnnxEditorOptions
        {
            MaxPixels = parse.GetValue(MaxPixels),
            Sessions = ProviderOptions.Apply(new SessionSettings { IntraOpThreads = parse.GetValue(Threads) }, parse),
        };
        if (parse.GetValue(ModelCache) is { } cache) options.Models.CacheDirectory = cache;
        return options;
    }

    public static ImageDecodeOptions DecodeOptions(ParseResult parse) => new() { MaxPixels = parse.GetValue(MaxPixels) };

    /// <summary>Runs a command body; any failure becomes a one-line message on stderr and exit code 1.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("imageai: cancelled");
            return 130;
        }
        catch (Exception ex) when (ex is ImageAIException or IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"imageai: {Describe(ex)}");
            return 1;
        }
    }

    public static string Describe(Exception ex) => ex switch
    {
        FileNotFoundException f => $"file not found: {f.FileName ?? f.Message}",
        _ => ex.Message.ReplaceLineEndings(" "),
    };

    /// <summary>Reports model download progress as a progress bar on the console.</summary>
    public static IProgress<ImageEditProgress> DownloadProgress(ProgressTask? task) => new Progress<ImageEditProgress>(p =>
    {
        if (task is null || p.Stage != "download") return;
        if (p.Total > 0) task.MaxValue = p.Total;
        task.Value = p.Current;
        if (p.Message is not null) task.Description = $"download {Markup.Escape(p.Message)}";
    });
}
