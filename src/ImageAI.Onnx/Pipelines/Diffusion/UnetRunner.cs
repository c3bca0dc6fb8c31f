using ImageAI.Onnx.Sessions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageAI.Onnx.Pipelines.Diffusion;

/// <summary>
/// Runs the denoising UNet. Input names, element types (float32/float16 tensors, float or int64 timestep) and the
/// timestep's shape come from the session metadata.
/// </summary>
internal sealed class UnetRunner
{
    private readonly string _sample, _timestep, _hidden, _output;
    private readonly TensorElementType _sampleType, _timestepType, _hiddenType;
    private readonly int[] _timestepDims;

    public UnetRunner(ModelSession session)
    {
        Session = session;
        var inputs = session.InputMetadata;
        string Find(string preferred, Func<NodeMetadata, bool> fallback, string what) =>
            inputs.ContainsKey(preferred) ? preferred
            : inputs.FirstOrDefault(kv => fallback(kv.Value)).Key
              ?? throw new ModelContractException(session.Model.Id, $"The UNet has no {what} input (inputs: {string.Join(", ", session.InputNames)}).");
        _sample = Find("sample", m => m.Dimensions.Length == 4, "latent 'sample'");
        _hidden = Find("encoder_hidden_states", m => m.Dimensions.Length == 3, "'encoder_hidden_states'");
        _timestep = Find("timestep", m => m.Dimensions.Length <= 1, "'timestep'");
        var extra = session.InputNames.Except([_sample, _hidden, _timestep]).ToList();
        if (extra.Count > 0)
            throw new ModelContractException(session.Model.Id,
                $"The UNet needs inputs this pipeline does not provide ({string.Join(", ", extra)}): only Stable Diffusion 1.x/2.x-style UNets are supported.");
        _output = session.OutputNames.Contains("out_sample") ? "out_sample" : session.OutputNames[0];
        _sampleType = inputs[_sample].ElementDataType;
        _hiddenType = inputs[_hidden].ElementDataType;
        _timestepType = inputs[_timestep].ElementDataType;
        _timestepDims = inputs[_timestep].Dimensions;
        var s = inputs[_sample].Dimensions;
        InChannels = s[1] > 0 ? s[1] : 4;
        FixedBatch = s[0] > 0 ? s[0] : 0;
        FixedLatentHeight = s[2] > 0 ? s[2] : 0;
        FixedLatentWidth = s[3] > 0 ? s[3] : 0;
        var h = inputs[_hidden].Dimensions;
        HiddenSize = h[2] > 0 ? h[2] : -1;
        if (InChannels is not (4 or 9))
            throw new ModelContractException(session.Model.Id, $"The UNet takes {InChannels} latent channels; 4 (text/image-to-image) or 9 (inpainting) are supported.");
    }

    public ModelSession Session { get; }
    /// <summary>4 for ordinary UNets, 9 for inpainting UNets (latent + mask + masked-image latent).</summary>
    public int InChannels { get; }
    /// <summary>A batch size the export fixed (0 = dynamic).</summary>
    public int FixedBatch { get; }
    public int FixedLatentHeight { get; }
    public int FixedLatentWidth { get; }
    public int HiddenSize { get; }
    /// <summary>The timestep input's element type, for reports and tests.</summary>
    public TensorElementType TimestepType => _timestepType;
    /// <summary>The latent input's element type (Float or Float16).</summary>
    public TensorElementType SampleType => _sampleType;

    /// <summary>Whether conditional and unconditional passes can share one call (batch 2).</summary>
    public bool CanBatch(int batch) => FixedBatch == 0 || FixedBatch == batch;

    /// <summary>
    /// The hidden states [batch, seq, dim] as a tensor of the model's type, created once per generation and reused by
    /// every step (for SD 1.x with guidance that saves converting 2 x 77 x 768 floats per step).
    /// </summary>
    public OrtValue PrepareHidden(ReadOnlySpan<float> hidden, int batch, int sequence) =>
        OrtTensors.Float(hidden, [batch, sequence, hidden.Length / (batch * sequence)], _hiddenType);

    /// <summary>
    /// Runs the UNet on <paramref name="batch"/> latents [batch, C, h, w] with prepared hidden states.
    /// <paramref name="sessionTime"/> is the time inside ONNX Runtime alone (the rest is the library's overhead).
    /// </summary>
    public float[] Run(ReadOnlySpan<float> latents, int batch, int height, int width, double timestep,
        OrtValue states, out TimeSpan sessionTime, CancellationToken ct)
    {
        using var sample = OrtTensors.Float(latents, [batch, InChannels, height, width], _sampleType);
        long count = _timestepDims.Length == 0 ? 1 : _timestepDims[0] > 0 ? _timestepDims[0] : batch;
        var t = new double[count];
        Array.Fill(t, timestep);
        using var time = OrtTensors.Numbers(t, _timestepDims.Length == 0 ? [] : [count], _timestepType);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            outputs = Session.Run([_sample, _timestep, _hidden], [sample, time, states], [_output], ct);
            sessionTime = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelContractException(Session.Model.Id,
                $"The UNet failed on a {width * 8}x{height * 8} image ({width}x{height} latent): {ex.Message}. " +
                "Stable Diffusion UNets usually need width and height that are multiples of 64.");
        }
        using var _ = outputs;
        var result = OrtTensors.ReadFloat(outputs[0], out var shape);
        if (result.Length != batch * 4 * height * width)
            throw new ModelContractException(Session.Model.Id, $"The UNet returned shape [{string.Join(", ", shape)}], expected [{batch}, 4, {height}, {width}].");
        return result;
    }
}
