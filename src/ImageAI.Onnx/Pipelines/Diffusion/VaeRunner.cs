using System.Numerics.Tensors;
using ImageAI.Diffusion;
using ImageAI.Imaging;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;

namespace ImageAI.Onnx.Pipelines.Diffusion;

/// <summary>
/// The VAE: image (RGB in -1..1, planar) to scaled latents and back. Two decoder contracts are recognised from
/// the metadata: diffusers' single output in -1..1 (x 127.5 + 127.5), and multi-scale decoders such as VAElight
/// whose outputs are summed after resizing to the largest (x 127 + 127). Encoders that return the latent
/// distribution's parameters (8 channels) are reduced to its mean, so encoding is deterministic.
/// </summary>
internal sealed class VaeRunner
{
    private readonly string _decIn, _encIn = "", _encOut = "";
    private readonly string[] _decOut;
    private readonly bool _multiScale;

    public VaeRunner(ModelSession? encoder, ModelSession decoder, float scalingFactor)
    {
        Encoder = encoder;
        Decoder = decoder;
        ScalingFactor = scalingFactor;
        _decIn = decoder.InputNames[0];
        _decOut = [.. decoder.OutputNames];
        _multiScale = _decOut.Length > 1;
        if (encoder is not null)
        {
            _encIn = encoder.InputNames[0];
            _encOut = encoder.OutputNames[0];
        }
    }

    public ModelSession? Encoder { get; }
    public ModelSession Decoder { get; }
    /// <summary>Latent scale between the VAE and the UNet (0.18215 for SD 1.x).</summary>
    public float ScalingFactor { get; }

    /// <summary>Encodes an image whose sides are multiples of 8 into UNet-scaled latents [4, H/8, W/8].</summary>
    public float[] Encode(ImageBuffer image, CancellationToken ct)
    {
        if (Encoder is null)
            throw new ModelContractException(Decoder.Model.Id, "This model has no vae_encoder: image-to-image and inpainting need one.");
        var pixels = new float[3 * image.Width * image.Height];
        LatentOps.ImageToTensor(image, pixels);
        using var input = OrtTensors.Float(pixels, [1, 3, image.Height, image.Width], Encoder.InputMetadata[_encIn].ElementDataType);
        using var outputs = Encoder.Run([_encIn], [input], [_encOut], ct);
        var latent = OrtTensors.ReadFloat(outputs[0], out var shape);
        if (shape.Length != 4 || shape[1] is not (4 or 8) || shape[2] != image.Height / 8 || shape[3] != image.Width / 8)
            throw new ModelContractException(Encoder.Model.Id, $"The VAE encoder returned shape [{string.Join(", ", shape)}], expected [1, 4, {image.Height / 8}, {image.Width / 8}].");
        int n = 4 * (int)(shape[2] * shape[3]);
        var result = latent.AsSpan(0, n).ToArray();   // 8 channels: mean then log-variance; keep the mean
        TensorPrimitives.Multiply(result, ScalingFactor, result);
        return result;
    }

    /// <summary>Decodes UNet-scaled latents [4, h, w] into an opaque image of 8h x 8w.</summary>
    public ImageBuffer Decode(ReadOnlySpan<float> latents, int height, int width, CancellationToken ct)
    {
        var unscaled = new float[4 * height * width];
        TensorPrimitives.Multiply(latents[..unscaled.Length], 1f / ScalingFactor, unscaled);
        using var input = OrtTensors.Float(unscaled, [1, 4, height, width], Decoder.InputMetadata[_decIn].ElementDataType);
        using var outputs = Decoder.Run([_decIn], [input], _decOut, ct);
        int outH = height * 8, outW = width * 8, plane = outH * outW;
        var sum = new float[3 * plane];
        for (int k = 0; k < outputs.Count; k++)
        {
            var data = OrtTensors.ReadFloat(outputs[k], out var shape);
            if (shape.Length != 4 || shape[1] != 3)
                throw new ModelContractException(Decoder.Model.Id, $"VAE decoder output '{_decOut[k]}' has shape [{string.Join(", ", shape)}], expected [1, 3, H, W].");
            int h = (int)shape[2], w = (int)shape[3];
            if (!_multiScale && (h != outH || w != outW))
                throw new ModelContractException(Decoder.Model.Id, $"The VAE decoder returned {w}x{h} for a {width}x{height} latent; expected {outW}x{outH}.");
            for (int c = 0; c < 3; c++)
            {
                var src = data.AsSpan(c * h * w, h * w);
                var dst = sum.AsSpan(c * plane, plane);
                if (h == outH && w == outW) TensorPrimitives.Add(dst, src, dst);
                else TensorPrimitives.Add(dst, Resampler.ResizePlane(src, w, h, outW, outH, ResizeMode.Bilinear, antialias: false), dst);
            }
        }
        return _multiScale ? LatentOps.TensorToImage(sum, outW, outH, 127f, 127f) : LatentOps.TensorToImage(sum, outW, outH);
    }
}
