namespace ImageAI.Onnx.Sessions;

/// <summary>How sessions are created: provider, fallback, threads, optimisation.</summary>
public sealed record SessionSettings
{
    /// <summary>The execution provider (default CPU).</summary>
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>When the provider cannot start, use the CPU instead of throwing (logged, and reported on every result).</summary>
    public bool AllowCpuFallback { get; init; }

    /// <summary>Threads inside one operator (0 = ONNX Runtime's default: one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Run the session once on zeros after loading, so the first real call is not slower.</summary>
    public bool WarmUp { get; init; }

    /// <summary>The key under which sessions with these settings are cached.</summary>
    internal string CacheKey => $"{Provider.CacheKey}|fb={AllowCpuFallback}|t={IntraOpThreads}";
}
