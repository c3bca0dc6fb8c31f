using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Onnx.Sessions;

/// <summary>
/// Base of the providers that need a native ONNX Runtime build other than the CPU one (CUDA, TensorRT, DirectML).
/// Appending such a provider to a runtime built without it fails inside ONNX Runtime (for example "CUDA execution
/// provider is not enabled in this build"); this class turns every such failure into an
/// <see cref="ExecutionProviderUnavailableException"/> that names the provider, quotes ONNX Runtime and says which
/// package to add, so a GPU is never silently not used.
/// </summary>
public abstract class NativeExecutionProvider : ExecutionProvider
{
    /// <summary>ONNX Runtime's name for the provider, e.g. <c>CUDAExecutionProvider</c>.</summary>
    public abstract string OrtProviderName { get; }

    /// <summary>The NuGet package that carries the native runtime with this provider, e.g. <c>Microsoft.ML.OnnxRuntime.Gpu</c>.</summary>
    public abstract string NativePackage { get; }

    /// <inheritdoc />
    public override string InstallHint =>
        $"add the native package {NativePackage} to the application (remove Microsoft.ML.OnnxRuntime, which carries the CPU-only runtime), " +
        "check the device and driver, or set SessionSettings.AllowCpuFallback to run on the CPU instead";

    /// <summary>Appends the provider through the ONNX Runtime API; exceptions are translated by <see cref="Configure"/>.</summary>
    protected abstract void Append(SessionOptions options);

    /// <inheritdoc />
    public sealed override void Configure(SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            Append(options);
        }
        catch (ExecutionProviderUnavailableException)
        {
            throw;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException or ArgumentException or InvalidOperationException)
        {
            // EntryPointNotFound/DllNotFound: the loaded native library lacks the provider's entry points entirely.
            throw new ExecutionProviderUnavailableException(Name, $"ONNX Runtime: {ex.Message.Trim()} ({DescribeRuntime()})", InstallHint, ex);
        }
    }

    /// <summary>Whether the loaded ONNX Runtime build contains this provider (it may still fail for lack of a device or driver).</summary>
    public bool IsInRuntimeBuild() => AvailableProviders().Contains(OrtProviderName, StringComparer.Ordinal);

    /// <summary>The providers compiled into the loaded ONNX Runtime native library.</summary>
    public static IReadOnlyList<string> AvailableProviders()
    {
        try
        {
            return OrtEnv.Instance().GetAvailableProviders();
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or TypeInitializationException)
        {
            return [];
        }
    }

    /// <summary>A phrase naming the providers in the loaded runtime, for error messages.</summary>
    protected static string DescribeRuntime()
    {
        var available = AvailableProviders();
        return available.Count == 0
            ? "the ONNX Runtime native library could not be queried"
            : $"the loaded ONNX Runtime build has: {string.Join(", ", available)}";
    }
}
