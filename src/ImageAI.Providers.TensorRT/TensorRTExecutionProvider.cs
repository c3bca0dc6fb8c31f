using System.Globalization;
using ImageAI.Onnx.Sessions;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Providers.TensorRT;

/// <summary>
/// Runs models with NVIDIA TensorRT through ONNX Runtime, with CUDA behind it for the nodes TensorRT does not take.
/// Building a TensorRT engine takes minutes for large models, so engines are cached in
/// <see cref="EngineCacheFolder"/>; <see cref="Fp16"/> trades a little accuracy for speed. Needs the native package
/// <c>Microsoft.ML.OnnxRuntime.Gpu</c> plus the TensorRT 10 libraries on the library path.
/// </summary>
public sealed class TensorRTExecutionProvider : NativeExecutionProvider
{
    /// <summary>Creates the provider.</summary>
    /// <param name="deviceId">The CUDA device ordinal.</param>
    public TensorRTExecutionProvider(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        DeviceId = deviceId;
    }

    /// <summary>The CUDA device ordinal.</summary>
    public int DeviceId { get; }

    /// <summary>Where built engines are kept between runs (null = no cache: every start rebuilds them).</summary>
    public string? EngineCacheFolder { get; init; }

    /// <summary>Let TensorRT use half precision where it is faster.</summary>
    public bool Fp16 { get; init; }

    /// <summary>Also append the CUDA provider, so nodes TensorRT rejects run on the GPU rather than the CPU (default true).</summary>
    public bool WithCudaForUnsupportedNodes { get; init; } = true;

    /// <inheritdoc />
    public override string Name => "TensorRT";

    /// <inheritdoc />
    public override string OrtProviderName => "TensorrtExecutionProvider";

    /// <inheritdoc />
    public override string NativePackage => "Microsoft.ML.OnnxRuntime.Gpu (with the TensorRT 10 libraries installed)";

    /// <inheritdoc />
    public override string CacheKey => $"TensorRT:{DeviceId}:fp16={Fp16}:cache={EngineCacheFolder}:cuda={WithCudaForUnsupportedNodes}";

    /// <summary>The options handed to ONNX Runtime.</summary>
    public Dictionary<string, string> ProviderOptions()
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = DeviceId.ToString(CultureInfo.InvariantCulture),
            ["trt_fp16_enable"] = Fp16 ? "1" : "0",
        };
        if (!string.IsNullOrEmpty(EngineCacheFolder))
        {
            options["trt_engine_cache_enable"] = "1";
            options["trt_engine_cache_path"] = Path.GetFullPath(EngineCacheFolder);
            // Timing caches make rebuilding after a model change much faster; keep them beside the engines.
            options["trt_timing_cache_enable"] = "1";
            options["trt_timing_cache_path"] = Path.GetFullPath(EngineCacheFolder);
        }
        return options;
    }

    /// <inheritdoc />
    protected override void Append(SessionOptions options)
    {
        if (!string.IsNullOrEmpty(EngineCacheFolder)) Directory.CreateDirectory(EngineCacheFolder);
        using var trt = new OrtTensorRTProviderOptions();
        trt.UpdateOptions(ProviderOptions());
        options.AppendExecutionProvider_Tensorrt(trt);
        if (!WithCudaForUnsupportedNodes) return;
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(new Dictionary<string, string> { ["device_id"] = DeviceId.ToString(CultureInfo.InvariantCulture) });
        options.AppendExecutionProvider_CUDA(cuda);
    }
}
