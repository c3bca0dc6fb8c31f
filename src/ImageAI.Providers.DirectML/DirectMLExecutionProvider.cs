using System.Globalization;
using ImageAI.Onnx.Sessions;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Providers.DirectML;

/// <summary>
/// Runs models on any DirectX 12 GPU (NVIDIA, AMD, Intel) on Windows 10 1903 or later, with ONNX Runtime's DirectML
/// provider. Needs the native package <c>Microsoft.ML.OnnxRuntime.DirectML</c>; elsewhere the session fails with
/// <see cref="ExecutionProviderUnavailableException"/> (or falls back to the CPU when the caller allowed it).
/// </summary>
public sealed class DirectMLExecutionProvider : NativeExecutionProvider
{
    /// <summary>Creates the provider.</summary>
    /// <param name="deviceId">The adapter index as DXGI enumerates it (0 = default adapter).</param>
    public DirectMLExecutionProvider(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        DeviceId = deviceId;
    }

    /// <summary>The DXGI adapter index.</summary>
    public int DeviceId { get; }

    /// <inheritdoc />
    public override string Name => "DirectML";

    /// <inheritdoc />
    public override string OrtProviderName => "DmlExecutionProvider";

    /// <inheritdoc />
    public override string NativePackage => "Microsoft.ML.OnnxRuntime.DirectML (Windows only)";

    /// <inheritdoc />
    public override string CacheKey => $"DirectML:{DeviceId}";

    /// <inheritdoc />
    protected override void Append(SessionOptions options)
    {
        // DirectML does not support memory patterns or parallel execution (ONNX Runtime documents both).
        options.EnableMemoryPattern = false;
        options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        try
        {
            options.AppendExecutionProvider("DML", new Dictionary<string, string> { ["device_id"] = DeviceId.ToString(CultureInfo.InvariantCulture) });
        }
        catch (OnnxRuntimeException ex) when (!OperatingSystem.IsWindows())
        {
            throw new ExecutionProviderUnavailableException(Name,
                $"ONNX Runtime: {ex.Message.Trim()} ({DescribeRuntime()}); DirectML exists only on Windows and this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
                "use CUDA or TensorRT on Linux, or run on Windows with the Microsoft.ML.OnnxRuntime.DirectML package; or set SessionSettings.AllowCpuFallback", ex);
        }
    }
}
