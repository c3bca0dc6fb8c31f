using System.Buffers;
using ImageAI.Imaging;
using ImageAI.Onnx.Models;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>
/// Restores an aligned face crop with either contract: a super-resolution network (Real-ESRGAN: RGB 0..1, any size,
/// output k times larger) or a face-restoration network (GFPGAN / CodeFormer / GPEN: 512x512, RGB -1..1, optional
/// fidelity input <c>w</c>). The contract is checked when the restorer is created and again on every output.
/// </summary>
internal sealed class FaceRestorer
{
    public const string SuperResolutionTask = "super-resolution";
    public const string FaceRestorationTask = "face-restoration";

    private readonly ModelSession _session;
    private readonly string _imageInput;
    private readonly string? _fidelityInput;
    private readonly TensorElementType _fidelityType;
    private readonly string _output;

    private FaceRestorer(ModelSession session, bool faceNetwork, string imageInput, string? fidelityInput, TensorElementType fidelityType, string output, int factor)
    {
        _session = session;
        IsFaceNetwork = faceNetwork;
        _imageInput = imageInput;
        _fidelityInput = fidelityInput;
        _fidelityType = fidelityType;
        _output = output;
        Factor = factor;
    }

    /// <summary>True for the 512x512 face-restoration contract, false for super-resolution.</summary>
    public bool IsFaceNetwork { get; }

    /// <summary>Output side / input side (1 for face networks).</summary>
    public int Factor { get; private set; }

    public ModelSession Session => _session;

    /// <summary>Checks the session against the contract its catalog entry names (or, for a file, its input shape suggests).</summary>
    public static FaceRestorer Create(ModelSession session)
    {
        var id = session.Model.Id;
        var entry = session.Model.Entry;
        if (entry is not null && entry.Task is not (SuperResolutionTask or FaceRestorationTask))
            throw new ModelContractException(id, $"Model '{id}' is a {entry.Task} model, not a super-resolution or face-restoration model.");

        var imageInputs = session.InputMetadata.Where(kv => kv.Value.Dimensions.Length == 4).Select(kv => kv.Key).ToList();
        if (imageInputs.Count != 1)
            throw new ModelContractException(id, $"Model '{id}' must have exactly one 4-D image input [N,3,H,W]; it has inputs [{string.Join(", ", session.InputNames)}].");
        string imageInput = imageInputs[0];
        var dims = session.InputMetadata[imageInput].Dimensions;
        if (session.InputMetadata[imageInput].ElementDataType != TensorElementType.Float || dims[1] is not (3 or -1))
            throw new ModelContractException(id, $"Model '{id}' image input '{imageInput}' is [{string.Join(",", dims)}] of {session.InputMetadata[imageInput].ElementDataType}; expected float [N,3,H,W].");

        string? fidelity = null;
        var fidelityType = TensorElementType.Float;
        foreach (var name in session.InputNames)
        {
            if (name == imageInput) continue;
            var meta = session.InputMetadata[name];
            if (name == "w" && meta.ElementDataType is TensorElementType.Float or TensorElementType.Double && meta.Dimensions.Length <= 1)
            {
                fidelity = name;
                fidelityType = meta.ElementDataType;
                continue;
            }
            throw new ModelContractException(id, $"Model '{id}' has an input '{name}' this library cannot feed (only the image and CodeFormer's fidelity 'w' are supported).");
        }

        var outputs = session.OutputMetadata.Where(kv => kv.Value.Dimensions.Length == 4).Select(kv => kv.Key).ToList();
        if (outputs.Count == 0)
            throw new ModelContractException(id, $"Model '{id}' has no 4-D image output; outputs are [{string.Join(", ", session.OutputNames)}].");

        bool faceNetwork = entry is not null
            ? entry.Task == FaceRestorationTask
            : fidelity is not null || (dims[2] == FaceTemplate.Side && dims[3] == FaceTemplate.Side);
        if (faceNetwork && ((dims[2] > 0 && dims[2] != FaceTemplate.Side) || (dims[3] > 0 && dims[3] != FaceTemplate.Side)))
            throw new ModelContractException(id, $"Model '{id}' is used as a face-restoration network but its input is [{string.Join(",", dims)}], not [1,3,512,512].");
        int factor = faceNetwork ? 1 : entry?.Parameters.TryGetValue("scale", out var s) == true && int.TryParse(s, out int f) ? f : 0;
        return new FaceRestorer(session, faceNetwork, imageInput, fidelity, fidelityType, outputs[0], factor);
    }

    /// <summary>The aligned crop side to feed for a face whose 512-template maps onto <paramref name="outputSidePerTemplate"/> output pixels.</summary>
    public int CropSide(double outputSidePerTemplate)
    {
        if (IsFaceNetwork) return FaceTemplate.Side;
        // Aim for a restored face about as large as it will appear in the output, within what is worth computing.
        int factor = Factor > 0 ? Factor : 4;
        double wanted = Math.Clamp(outputSidePerTemplate, 256, 1024) / factor;
        return Math.Max(16, (int)Math.Round(wanted / 8) * 8);
    }

    /// <summary>Runs the model on one aligned crop and returns the restored face (side = crop side x factor).</summary>
    public ImageBuffer Restore(ImageBuffer crop, float fidelity, CancellationToken cancellationToken)
    {
        var id = _session.Model.Id;
        var spec = IsFaceNetwork ? TensorSpec.SignedUnitRange : TensorSpec.UnitRange;
        int side = crop.Width, count = 3 * side * side;
        var tensor = ArrayPool<float>.Shared.Rent(count);
        try
        {
            TensorConversion.ToTensor(crop, tensor.AsSpan(0, count), spec);
            using var image = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensor.AsMemory(0, count), [1, 3, side, side]);
            var names = new List<string> { _imageInput };
            var values = new List<OrtValue> { image };
            OrtValue? w = null;
            try
            {
                if (_fidelityInput is not null)
                {
                    var shape = _session.InputMetadata[_fidelityInput].Dimensions.Length == 0 ? Array.Empty<long>() : [1L];
                    w = _fidelityType == TensorElementType.Double
                        ? OrtValue.CreateTensorValueFromMemory(new[] { (double)fidelity }, shape)
                        : OrtValue.CreateTensorValueFromMemory(new[] { fidelity }, shape);
                    names.Add(_fidelityInput);
                    values.Add(w);
                }
                using var outputs = _session.Run(names, values, [_output], cancellationToken);
                var shapeOut = outputs[0].GetTensorTypeAndShape().Shape;
                if (shapeOut.Length != 4 || shapeOut[1] != 3 || shapeOut[2] != shapeOut[3] || shapeOut[2] % side != 0)
                    throw new ModelContractException(id, $"Model '{id}' returned shape [{string.Join(",", shapeOut)}] for a [1,3,{side},{side}] input; expected [1,3,k*{side},k*{side}].");
                int outSide = (int)shapeOut[2];
                if (IsFaceNetwork && outSide != side)
                    throw new ModelContractException(id, $"Model '{id}' returned {outSide}x{outSide} for a {side}x{side} face; a face-restoration network must return the same size.");
                if (!IsFaceNetwork)
                {
                    if (Factor > 0 && outSide != side * Factor)
                        throw new ModelContractException(id, $"Model '{id}' returned {outSide}x{outSide}, expected x{Factor} of {side}.");
                    Factor = outSide / side;
                }
                return TensorConversion.FromTensor(outputs[0].GetTensorDataAsSpan<float>(), outSide, outSide, spec);
            }
            finally
            {
                w?.Dispose();
            }
        }
        catch (OnnxRuntimeException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelContractException(id, $"Model '{id}' failed on a {side}x{side} face crop: {ex.Message}");
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tensor);
        }
    }
}
