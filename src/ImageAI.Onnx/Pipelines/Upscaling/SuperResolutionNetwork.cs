using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using ImageAI.Tiling;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageAI.Onnx.Pipelines.Upscaling;

/// <summary>The two input/output contracts of super-resolution networks.</summary>
internal enum SuperResolutionContract
{
    /// <summary>Real-ESRGAN style: [N,3,H,W] RGB 0..1 in, [N,3,sH,sW] out (clamped to 0..1).</summary>
    Rgb,
    /// <summary>Sub-pixel CNN style: [N,1,H,W] luma (full-range YCbCr) in, luma out; chroma is upscaled bicubically.</summary>
    YChannel,
}

/// <summary>
/// A super-resolution model as an <see cref="ITileUpscaler"/>. The contract (RGB or Y) comes from the input
/// shape; the scale comes from a probe run on a small tile, checked against the catalog's <c>scale</c> parameter,
/// so a model that is not an image-to-image upscaler is refused with <see cref="ModelContractException"/>
/// before any real work. The probe result is cached per session; the session itself is safe to share.
/// </summary>
internal sealed class SuperResolutionNetwork : ITileUpscaler
{
    /// <summary>Activation memory per input pixel when the catalog does not say (about what the compact models need).</summary>
    public const long DefaultBytesPerPixel = 4096;

    private const int ProbeSide = 12;
    private static readonly ConditionalWeakTable<ModelSession, Probe> Probes = new();

    private readonly ModelSession _session;
    private readonly string _inputName, _outputName;

    private SuperResolutionNetwork(ModelSession session, Probe probe)
    {
        _session = session;
        _inputName = probe.InputName;
        _outputName = probe.OutputName;
        Contract = probe.Contract;
        Scale = probe.Scale;
        var parameters = session.Model.Entry?.Parameters;
        BytesPerPixel = parameters is not null && parameters.TryGetValue("workingBytesPerPixel", out var b) && long.TryParse(b, CultureInfo.InvariantCulture, out var v)
            ? v : DefaultBytesPerPixel;
    }

    /// <inheritdoc />
    public int Scale { get; }

    /// <inheritdoc />
    public int Channels => 3;

    /// <summary>RGB or Y contract.</summary>
    public SuperResolutionContract Contract { get; }

    /// <summary>Activation memory per input pixel of a tile (catalog <c>workingBytesPerPixel</c>).</summary>
    public long BytesPerPixel { get; }

    /// <summary>The session's model id.</summary>
    public string ModelId => _session.Model.Id;

    /// <summary>Checks the contract (once per session) and wraps the session.</summary>
    public static SuperResolutionNetwork Create(ModelSession session, CancellationToken cancellationToken)
    {
        var probe = Probes.GetValue(session, s => Examine(s, cancellationToken));
        return new SuperResolutionNetwork(session, probe);
    }

    /// <inheritdoc />
    public void Upscale(ReadOnlySpan<float> input, int width, int height, Span<float> output, CancellationToken cancellationToken)
    {
        int plane = width * height, outPlane = plane * Scale * Scale;
        if (Contract == SuperResolutionContract.Rgb)
        {
            RunNetwork(input[..(3 * plane)], 3, width, height, output[..(3 * outPlane)], cancellationToken);
            return;
        }
        // Y contract: luma through the network, chroma bicubic, back to RGB.
        var ycc = new float[3 * plane];
        YCbCr.FromRgb(input, ycc, plane);
        var y = output[..outPlane];
        RunNetwork(ycc.AsSpan(0, plane), 1, width, height, y, cancellationToken);
        var cb = Resampler.ResizePlane(ycc.AsSpan(plane, plane), width, height, width * Scale, height * Scale, ResizeMode.Bicubic);
        var cr = Resampler.ResizePlane(ycc.AsSpan(2 * plane, plane), width, height, width * Scale, height * Scale, ResizeMode.Bicubic);
        YCbCr.ToRgb(y, cb, cr, output, outPlane);
        Clamp01(output[..(3 * outPlane)]);
    }

    private void RunNetwork(ReadOnlySpan<float> planes, int channels, int width, int height, Span<float> output, CancellationToken cancellationToken)
    {
        var buffer = planes.ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(buffer, [1, channels, height, width]);
        using var results = _session.Run(_inputName, value, _outputName, cancellationToken);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        if (shape.Length != 4 || shape[1] != channels || shape[2] != height * Scale || shape[3] != width * Scale)
            throw new ModelContractException(ModelId, $"Model '{ModelId}' returned shape [{string.Join(",", shape)}] for a {width}x{height} tile, expected [1,{channels},{height * Scale},{width * Scale}].");
        results[0].GetTensorDataAsSpan<float>().CopyTo(output);
        Clamp01(output);
    }

    private static void Clamp01(Span<float> values)
    {
        TensorPrimitives.Max(values, 0f, values);
        TensorPrimitives.Min(values, 1f, values);
    }

    private sealed record Probe(string InputName, string OutputName, SuperResolutionContract Contract, int Scale);

    private static Probe Examine(ModelSession session, CancellationToken cancellationToken)
    {
        string id = session.Model.Id;
        if (session.InputNames.Count != 1)
            throw new ModelContractException(id, $"Model '{id}' is not a super-resolution model: it has {session.InputNames.Count} inputs ({string.Join(", ", session.InputNames)}), expected one image input.");
        string inputName = session.InputNames[0];
        var meta = session.InputMetadata[inputName];
        var dims = meta.Dimensions;
        if (meta.ElementDataType != TensorElementType.Float || dims.Length != 4 || (dims[1] != 1 && dims[1] != 3))
            throw new ModelContractException(id, $"Model '{id}' is not a super-resolution model: its input '{inputName}' is {meta.ElementDataType} [{string.Join(",", dims)}], expected float [N,3,H,W] (RGB) or [N,1,H,W] (Y).");
        if (dims[2] > 0 || dims[3] > 0)
            throw new ModelContractException(id, $"Model '{id}' has a fixed input size [{string.Join(",", dims)}]; tiled upscaling needs dynamic height and width.");
        int channels = dims[1];
        string outputName = session.OutputMetadata.ContainsKey("output") ? "output" : session.OutputNames[0];

        var zeros = new float[channels * ProbeSide * ProbeSide];
        long[] shape;
        using (var value = OrtValue.CreateTensorValueFromMemory(zeros, [1, channels, ProbeSide, ProbeSide]))
        {
            try
            {
                using var results = session.Run(inputName, value, outputName, cancellationToken);
                shape = results[0].GetTensorTypeAndShape().Shape;
            }
            catch (OnnxRuntimeException e)
            {
                throw new ModelContractException(id, $"Model '{id}' failed on a {ProbeSide}x{ProbeSide} probe tile: {e.Message}");
            }
        }
        bool imageOut = shape.Length == 4 && shape[1] == channels && shape[2] % ProbeSide == 0 && shape[2] == shape[3];
        int scale = imageOut ? (int)(shape[2] / ProbeSide) : 0;
        if (scale < 1 || scale > 8)
            throw new ModelContractException(id, $"Model '{id}' is not a super-resolution model: a [1,{channels},{ProbeSide},{ProbeSide}] input gave [{string.Join(",", shape)}], expected [1,{channels},{ProbeSide}s,{ProbeSide}s] with s from 1 to 8.");
        if (session.Model.Entry?.Parameters.TryGetValue("scale", out var declared) == true && declared != scale.ToString(CultureInfo.InvariantCulture))
            throw new ModelContractException(id, $"Model '{id}' upscales by {scale}, but the catalog says {declared}.");
        return new Probe(inputName, outputName, channels == 1 ? SuperResolutionContract.YChannel : SuperResolutionContract.Rgb, scale);
    }
}
