using ImageAI.Providers.DirectML;

namespace ImageAI.Extensions.DependencyInjection;

/// <summary>Selects the DirectML provider for an editor registered with <c>AddImageAI</c>.</summary>
public static class DirectMLBuilderExtensions
{
    /// <summary>Runs the editor's models on a DirectX 12 GPU (Windows).</summary>
    /// <param name="builder">The editor's builder.</param>
    /// <param name="deviceId">The DXGI adapter index.</param>
    /// <param name="allowCpuFallback">Run on the CPU (logged and reported on each result) when DirectML cannot start, instead of throwing.</param>
    public static ImageAIBuilder UseDirectML(this ImageAIBuilder builder, int deviceId = 0, bool allowCpuFallback = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseExecutionProvider(new DirectMLExecutionProvider(deviceId), allowCpuFallback);
    }
}
