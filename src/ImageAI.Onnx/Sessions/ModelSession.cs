using ImageAI.Onnx.Models;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Onnx.Sessions;

/// <summary>
/// A loaded model: one ONNX Runtime session shared by all callers (ONNX Runtime allows concurrent
/// <c>Run</c> calls on one session). Runs take <see cref="OrtValue"/>s and fetch only the outputs asked for.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private readonly InferenceSession _session;

    internal ModelSession(ResolvedModel model, InferenceSession session, string executionProvider, string? fallbackReason)
    {
        Model = model;
        _session = session;
        ExecutionProvider = executionProvider;
        FallbackReason = fallbackReason;
    }

    /// <summary>The model file this session runs.</summary>
    public ResolvedModel Model { get; }

    /// <summary>The provider that actually runs this session ("CPU", "CUDA", ...).</summary>
    public string ExecutionProvider { get; }

    /// <summary>Why the requested provider was replaced by the CPU, when it was.</summary>
    public string? FallbackReason { get; }

    /// <summary>Input names, shapes and element types, as the model declares them.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata => _session.InputMetadata;

    /// <summary>Output names, shapes and element types.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata => _session.OutputMetadata;

    /// <summary>Input names in declaration order.</summary>
    public IReadOnlyList<string> InputNames => _session.InputNames;

    /// <summary>Output names in declaration order.</summary>
    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>The usage record for results.</summary>
    public ModelUsage Usage => new(Model.Id, Model.Sha256);

    /// <summary>
    /// Runs the model. Cancellation sets ONNX Runtime's terminate flag, so a long run stops part-way; the call then
    /// throws <see cref="OperationCanceledException"/>. The caller disposes the returned values.
    /// </summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs,
        IReadOnlyList<string> outputNames, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, runOptions);
        try
        {
            return _session.Run(runOptions, inputNames, inputs, outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>Runs a model with one input and one output.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(string inputName, OrtValue input, string outputName, CancellationToken cancellationToken = default) =>
        Run([inputName], [input], [outputName], cancellationToken);

    /// <summary>Throws <see cref="ModelContractException"/> unless the model has these inputs and outputs.</summary>
    public void RequireContract(IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        var missingIn = inputs.Where(n => !InputMetadata.ContainsKey(n)).ToList();
        var missingOut = outputs.Where(n => !OutputMetadata.ContainsKey(n)).ToList();
        if (missingIn.Count == 0 && missingOut.Count == 0) return;
        throw new ModelContractException(Model.Id,
            $"Model '{Model.Id}' does not have the expected contract: missing inputs [{string.Join(", ", missingIn)}], missing outputs [{string.Join(", ", missingOut)}]; " +
            $"it has inputs [{string.Join(", ", InputNames)}] and outputs [{string.Join(", ", OutputNames.Take(8))}].");
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
