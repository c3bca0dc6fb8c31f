using ImageAI.Providers.TensorRT;

namespace ImageAI.Extensions.DependencyInjection;

/// <summary>Selects the TensorRT provider for an editor registered with <c>AddImageAI</c>.</summary>
public static class TensorRTBuilderExtensions
{
    /// <summary>Runs the editor's models with TensorRT.</summary>
    /// <param name="builder">The editor's builder.</param>
    /// <param name="engineCacheFolder">Where to keep built engines (strongly advised: building takes minutes).</param>
    /// <param name="fp16">Allow half precision.</param>
    /// <param name="deviceId">The CUDA device ordinal.</param>
    /// <param name="allowCpuFallback">Run on the CPU (logged and reported on each result) when TensorRT cannot start, instead of throwing.</param>
    public static ImageAIBuilder UseTensorRT(this ImageAIBuilder builder, string? engineCacheFolder = null, bool fp16 = false, int deviceId = 0, bool allowCpuFallback = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseExecutionProvider(new TensorRTExecutionProvider(deviceId) { EngineCacheFolder = engineCacheFolder, Fp16 = fp16 }, allowCpuFallback);
    }
}
