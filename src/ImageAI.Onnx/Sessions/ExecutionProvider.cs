using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Onnx.Sessions;

/// <summary>
/// An ONNX Runtime execution provider: how to append it to session options. Provider packages (CUDA, TensorRT,
/// DirectML) subclass this; <see cref="Cpu"/> is built in.
/// </summary>
public abstract class ExecutionProvider
{
    /// <summary>The CPU provider (always available with the Microsoft.ML.OnnxRuntime native package).</summary>
    public static ExecutionProvider Cpu { get; } = new CpuExecutionProvider();

    /// <summary>The provider's display name, e.g. "CPU" or "CUDA".</summary>
    public abstract string Name { get; }

    /// <summary>A key that distinguishes configurations of the same provider in the session cache.</summary>
    public virtual string CacheKey => Name;

    /// <summary>What a user must do when the provider cannot start (e.g. which native package to add).</summary>
    public virtual string InstallHint => "Add the ONNX Runtime native package for this provider.";

    /// <summary>Appends the provider to the session options. Throws when the native library or device is missing.</summary>
    public abstract void Configure(SessionOptions options);

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class CpuExecutionProvider : ExecutionProvider
    {
        public override string Name => "CPU";
        public override string InstallHint => "Add the Microsoft.ML.OnnxRuntime package (it carries the native CPU runtime).";
        public override void Configure(SessionOptions options) { /* ONNX Runtime always ends with the CPU provider. */ }
    }
}
