using System.Globalization;
using ImageAI.Onnx.Sessions;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Providers.Cuda;

/// <summary>
/// Runs models on an NVIDIA GPU with ONNX Runtime's CUDA provider. Needs the native package
/// <c>Microsoft.ML.OnnxRuntime.Gpu</c> (Linux or Windows x64) with CUDA 12 and cuDNN 9 installed; without it the
/// session fails to start with <see cref="ExecutionProviderUnavailableException"/> (or runs on the CPU when
/// <see cref="SessionSettings.AllowCpuFallback"/> is set, and says so on every result).
/// </summary>
public sealed class CudaExecutionProvider : NativeExecutionProvider
{
    /// <summary>Creates the provider for one GPU.</summary>
    /// <param name="deviceId">The CUDA device ordinal (0 = first GPU).</param>
    public CudaExecutionProvider(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        DeviceId = deviceId;
    }

    /// <summary>The CUDA device ordinal.</summary>
    public int DeviceId { get; }

    /// <summary>Caps the memory ONNX Runtime's arena may take on the GPU, in bytes (0 = no cap).</summary>
    public long GpuMemoryLimitBytes { get; init; }

    /// <summary>Extra CUDA provider options passed to ONNX Runtime as they are (e.g. <c>cudnn_conv_algo_search</c>).</summary>
    public IReadOnlyDictionary<string, string> ExtraOptions { get; init; } = new Dictionary<string, string>();

    /// <inheritdoc />
    public override string Name => "CUDA";

    /// <inheritdoc />
    public override string OrtProviderName => "CUDAExecutionProvider";

    /// <inheritdoc />
    public override string NativePackage => "Microsoft.ML.OnnxRuntime.Gpu";

    /// <inheritdoc />
    public override string CacheKey => $"CUDA:{DeviceId}:{GpuMemoryLimitBytes}:{string.Join(';', ExtraOptions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}";

    /// <summary>The options handed to ONNX Runtime.</summary>
    public Dictionary<string, string> ProviderOptions()
    {
        var options = new Dictionary<string, string>(ExtraOptions, StringComparer.Ordinal)
        {
            ["device_id"] = DeviceId.ToString(CultureInfo.InvariantCulture),
        };
        if (GpuMemoryLimitBytes > 0) options["gpu_mem_limit"] = GpuMemoryLimitBytes.ToString(CultureInfo.InvariantCulture);
        return options;
    }

    /// <inheritdoc />
    protected override void Append(SessionOptions options)
    {
        // The options-object API: on a CPU-only runtime it fails with ONNX Runtime's own message
        // ("CUDA execution provider is not enabled in this build"), where the legacy entry point only gives
        // an EntryPointNotFoundException.
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(ProviderOptions());
        options.AppendExecutionProvider_CUDA(cuda);
    }
}
