using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Onnx.Pipelines.Inpainting;

/// <summary>
/// LaMa (Carve/LaMa-ONNX contract): <c>image</c> f32 [1,3,512,512] RGB 0..1 and <c>mask</c> f32 [1,1,512,512]
/// with 1 = hole, giving <c>output</c> f32 [1,3,512,512] in 0..255. The hole's neighbourhood is cropped, resized
/// to 512, inpainted, resized back, and only the hole is pasted.
/// </summary>
internal static class LamaInpainter
{
    public const int Side = 512;

    public static ImageBuffer Run(ModelSession session, ImageBuffer image, GrayImage mask, CancellationToken ct)
    {
        session.RequireContract(["image", "mask"], ["output"]);
        var bounds = MaskOps.Bounds(mask);
        if (bounds is null) return image.Clone();
        var region = HoleCrop.Around(bounds.Value, image.Width, image.Height);
        var crop = HoleCrop.Crop(image, region);
        var cropMask = HoleCrop.Crop(mask, region);
        var input = Resampler.Resize(crop, Side, Side, ResizeMode.Bicubic);
        var inputMask = HoleCrop.ResizeConservative(cropMask, Side, Side);

        var imageTensor = TensorConversion.ToTensor(input, new TensorSpec { Mean = [0f, 0f, 0f], Std = [255f, 255f, 255f] });
        var maskTensor = new float[Side * Side];
        var mp = inputMask.Pixels;
        for (int i = 0; i < maskTensor.Length; i++) maskTensor[i] = mp[i] >= MaskOps.Threshold ? 1f : 0f;
        using var imageValue = OrtValue.CreateTensorValueFromMemory(imageTensor, [1, 3, Side, Side]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(maskTensor, [1, 1, Side, Side]);
        using var outputs = session.Run(["image", "mask"], [imageValue, maskValue], ["output"], ct);
        var output = outputs[0].GetTensorDataAsSpan<float>();
        if (output.Length != 3 * Side * Side)
            throw new ModelContractException(session.Model.Id, $"Model '{session.Model.Id}' returned {output.Length} values, expected 3x{Side}x{Side}.");
        // LaMa's output is already 0..255 (not 0..1).
        var filled = TensorConversion.FromTensor(output, Side, Side, new TensorSpec { Mean = [0f, 0f, 0f], Std = [1f, 1f, 1f] });
        var back = Resampler.Resize(filled, region.Width, region.Height, ResizeMode.Bicubic);
        return HoleCrop.PasteHole(image, mask, back, region);
    }
}
