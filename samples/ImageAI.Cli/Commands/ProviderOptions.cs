using System.CommandLine;
using ImageAI.Onnx.Sessions;
using ImageAI.Providers.Cuda;
using ImageAI.Providers.DirectML;
using ImageAI.Providers.TensorRT;

namespace ImageAI.Cli.Commands;

/// <summary><c>--provider</c> and <c>--allow-cpu-fallback</c>, shared by every command.</summary>
internal static class ProviderOptions
{
    public static readonly Option<string> Provider = new("--provider")
    {
        Description = "Execution provider: cpu (default), cuda, tensorrt or directml. A GPU provider that cannot start is an error unless --allow-cpu-fallback.",
        DefaultValueFactory = _ => "cpu",
        Recursive = true,
    };

    public static readonly Option<bool> AllowCpuFallback = new("--allow-cpu-fallback")
    {
        Description = "When the provider cannot start, run on the CPU instead (the reason is printed).",
        Recursive = true,
    };

    static ProviderOptions() => Provider.AcceptOnlyFromAmong("cpu", "cuda", "tensorrt", "directml");

    /// <summary>Session settings for the chosen provider.</summary>
    public static SessionSettings Apply(SessionSettings settings, ParseResult parse) => settings with
    {
        Provider = Create(parse.GetValue(Provider) ?? "cpu"),
        AllowCpuFallback = parse.GetValue(AllowCpuFallback),
    };

    private static ExecutionProvider Create(string name) => name.ToLowerInvariant() switch
    {
        "cpu" => ExecutionProvider.Cpu,
        "cuda" => new CudaExecutionProvider(),
        // Engines take minutes to build: keep them beside the model cache so the next run reuses them.
        "tensorrt" => new TensorRTExecutionProvider
        {
            EngineCacheFolder = Environment.GetEnvironmentVariable("IMAGEAI_TENSORRT_CACHE")
                                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "imageai", "tensorrt"),
            Fp16 = true,
        },
        "directml" => new DirectMLExecutionProvider(),
        _ => throw new ArgumentException($"Unknown provider '{name}': use cpu, cuda, tensorrt or directml."),
    };
}
