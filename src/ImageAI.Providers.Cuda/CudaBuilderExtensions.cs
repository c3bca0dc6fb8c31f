using ImageAI.Providers.Cuda;

namespace ImageAI.Extensions.DependencyInjection;

/// <summary>Selects the CUDA provider for an editor registered with <c>AddImageAI</c>.</summary>
public static class CudaBuilderExtensions
{
    /// <summary>Runs the editor's models on a CUDA GPU.</summary>
    /// <param name="builder">The editor's builder.</param>
    /// <param name="deviceId">The CUDA device ordinal.</param>
    /// <param name="allowCpuFallback">Run on the CPU (logged and reported on each result) when CUDA cannot start, instead of throwing.</param>
    public static ImageAIBuilder UseCuda(this ImageAIBuilder builder, int deviceId = 0, bool allowCpuFallback = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseExecutionProvider(new CudaExecutionProvider(deviceId), allowCpuFallback);
    }
}
