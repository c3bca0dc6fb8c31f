using System.Buffers;
using ImageAI.Faces;
using ImageAI.Imaging;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>
/// Runs a face detector session (YuNet or RetinaFace, recognised from its output names) on an image and returns
/// the faces after NMS, largest first, in input-image pixels.
/// </summary>
internal static class FaceDetector
{
    public const string Task = "face-detection";

    private static readonly TensorSpec YuNetSpec = new() { Order = ChannelOrder.Bgr };
    private static readonly TensorSpec RetinaFaceSpec = new() { Order = ChannelOrder.Bgr, Mean = [104f, 117f, 123f] };

    public static IReadOnlyList<DetectedFace> Detect(ModelSession session, ImageBuffer image, float scoreThreshold, float nmsThreshold,
        int maxSide, CancellationToken cancellationToken)
    {
        bool yunet = session.OutputMetadata.ContainsKey("cls_8");
        bool retina = session.OutputMetadata.ContainsKey("loc") && session.OutputMetadata.ContainsKey("conf");
        if (!yunet && !retina)
            throw new ModelContractException(session.Model.Id,
                $"Model '{session.Model.Id}' is not a face detector this library knows: expected YuNet outputs (cls_8, obj_8, bbox_8, kps_8, ...) or RetinaFace outputs (loc, conf, landmarks); it has [{string.Join(", ", session.OutputNames)}].");
        var inputMeta = session.InputMetadata[session.InputNames[0]];
        if (inputMeta.Dimensions.Length != 4 || inputMeta.Dimensions[1] is not (3 or -1))
            throw new ModelContractException(session.Model.Id, $"Model '{session.Model.Id}' input has shape [{string.Join(",", inputMeta.Dimensions)}], expected [1,3,H,W].");

        // Fixed-size models get the image letterboxed into their input; dynamic ones get it padded to a multiple of 32.
        int fixedH = inputMeta.Dimensions[2], fixedW = inputMeta.Dimensions[3];
        float scale;
        ImageBuffer input;
        if (fixedH > 0 && fixedW > 0)
        {
            scale = Math.Max(image.Width / (float)fixedW, image.Height / (float)fixedH);
            var resized = Resize(image, scale);
            input = ImageBuffer.Filled(fixedW, fixedH, new Rgba32(0, 0, 0));
            for (int y = 0; y < resized.Height; y++) resized.GetRow(y).CopyTo(input.GetRow(y));
        }
        else
        {
            scale = Math.Max(1f, Math.Max(image.Width, image.Height) / (float)maxSide);
            input = TensorConversion.PadToMultiple(Resize(image, scale), 32, new Rgba32(0, 0, 0));
        }

        var faces = new List<DetectedFace>();
        int count = 3 * input.Width * input.Height;
        var tensor = ArrayPool<float>.Shared.Rent(count);
        try
        {
            TensorConversion.ToTensor(input, tensor.AsSpan(0, count), yunet ? YuNetSpec : RetinaFaceSpec);
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensor.AsMemory(0, count), [1, 3, input.Height, input.Width]);
            if (yunet)
            {
                var names = YuNetDecoder.OutputNames().ToArray();
                session.RequireContract([session.InputNames[0]], names);
                using var outputs = session.Run([session.InputNames[0]], [value], names, cancellationToken);
                for (int k = 0; k < YuNetDecoder.Strides.Length; k++)
                    YuNetDecoder.Decode(YuNetDecoder.Strides[k], input.Width, input.Height,
                        outputs[4 * k].GetTensorDataAsSpan<float>(), outputs[4 * k + 1].GetTensorDataAsSpan<float>(),
                        outputs[4 * k + 2].GetTensorDataAsSpan<float>(), outputs[4 * k + 3].GetTensorDataAsSpan<float>(),
                        scoreThreshold, scale, faces);
            }
            else
            {
                // The third output holds the landmarks (its name varies between exports, e.g. "iou" or "landms").
                var third = session.OutputNames.First(n => n is not ("loc" or "conf"));
                using var outputs = session.Run([session.InputNames[0]], [value], ["loc", "conf", third], cancellationToken);
                RetinaFaceDecoder.Decode(RetinaFaceDecoder.Priors(input.Width, input.Height), outputs[0].GetTensorDataAsSpan<float>(),
                    outputs[1].GetTensorDataAsSpan<float>(), outputs[2].GetTensorDataAsSpan<float>(), scoreThreshold, scale, faces);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ModelContractException(session.Model.Id, $"Model '{session.Model.Id}': {ex.Message}");
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tensor);
        }

        var kept = NonMaxSuppression.Apply(faces, nmsThreshold);
        kept.Sort((a, b) => b.Box.Area.CompareTo(a.Box.Area));
        return kept;
    }

    private static ImageBuffer Resize(ImageBuffer image, float scale)
    {
        if (scale <= 1.0001f && scale >= 0.9999f) return image;
        int w = Math.Max(1, (int)MathF.Round(image.Width / scale)), h = Math.Max(1, (int)MathF.Round(image.Height / scale));
        return Resampler.Resize(image, w, h, ResizeMode.Area);
    }
}
