using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Onnx.Pipelines.Inpainting;

/// <summary>
/// MI-GAN pipeline v2: <c>image</c> u8 [1,3,H,W] RGB and <c>mask</c> u8 [1,1,H,W] with <b>255 = keep, 0 = hole</b>
/// (the opposite of LaMa), giving <c>result</c> u8 [1,3,H,W]. Any size: the hole's neighbourhood is cropped
/// (and reduced to at most 1024 px a side), inpainted, and only the hole is pasted back.
/// </summary>
internal static class MiGanInpainter
{
    public const int MaxSide = 1024;

    public static ImageBuffer Run(ModelSession session, ImageBuffer image, GrayImage mask, CancellationToken ct)
    {
        session.RequireContract(["image", "mask"], ["result"]);
        var bounds = MaskOps.Bounds(mask);
        if (bounds is null) return image.Clone();
        var region = HoleCrop.Around(bounds.Value, image.Width, image.Height);
        var crop = HoleCrop.Crop(image, region);
        var cropMask = HoleCrop.Crop(mask, region);
        double f = Math.Min(1.0, (double)MaxSide / Math.Max(region.Width, region.Height));
        int w = Math.Max(1, (int)Math.Round(region.Width * f)), h = Math.Max(1, (int)Math.Round(region.Height * f));
        var input = f < 1 ? Resampler.Resize(crop, w, h, ResizeMode.Area) : crop;
        var inputMask = HoleCrop.ResizeConservative(cropMask, w, h);

        int plane = w * h;
        var imageTensor = new byte[3 * plane];
        ReadOnlySpan<byte> px = input.Pixels;
        for (int i = 0; i < plane; i++)
        {
            imageTensor[i] = px[i * 4];
            imageTensor[plane + i] = px[i * 4 + 1];
            imageTensor[2 * plane + i] = px[i * 4 + 2];
        }
        var maskTensor = new byte[plane];
        var mp = inputMask.Pixels;
        for (int i = 0; i < plane; i++) maskTensor[i] = mp[i] >= MaskOps.Threshold ? (byte)0 : (byte)255;
        using var imageValue = OrtValue.CreateTensorValueFromMemory(imageTensor, [1, 3, h, w]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(maskTensor, [1, 1, h, w]);
        using var outputs = session.Run(["image", "mask"], [imageValue, maskValue], ["result"], ct);
        var output = outputs[0].GetTensorDataAsSpan<byte>();
        if (output.Length != 3 * plane)
            throw new ModelContractException(session.Model.Id, $"Model '{session.Model.Id}' returned {output.Length} values, expected 3x{h}x{w}.");
        var filled = new ImageBuffer(w, h);
        var fp = filled.Pixels;
        for (int i = 0; i < plane; i++)
        {
            fp[i * 4] = output[i];
            fp[i * 4 + 1] = output[plane + i];
            fp[i * 4 + 2] = output[2 * plane + i];
            fp[i * 4 + 3] = 255;
        }
        var back = f < 1 ? Resampler.Resize(filled, region.Width, region.Height, ResizeMode.Bicubic) : filled;
        return HoleCrop.PasteHole(image, mask, back, region);
    }
}
