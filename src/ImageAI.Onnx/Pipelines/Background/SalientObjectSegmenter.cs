using System.Buffers;
using System.Numerics.Tensors;
using ImageAI.Imaging;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Onnx.Pipelines.Background;

/// <summary>
/// Runs an ISNet-style salient-object model: the image is resized to the model's square input without keeping
/// the aspect ratio, normalised as <c>(pixel - 128) / 256</c>, and the first output is a foreground
/// probability map, with its tails clipped (see <see cref="ClipTails"/>), resized back.
/// </summary>
/// <remarks>
/// The probabilities are used as they are (no min-max stretch, unlike the DIS reference script): stretching
/// turns a uniformly low-confidence map, such as a crop with no clear subject, into a confident wrong mask, and
/// the most used JavaScript remover (same model) uses the raw map too, so results agree with it.
/// </remarks>
internal static class SalientObjectSegmenter
{
    /// <summary>ISNet's normalisation: (pixel - 128) / 256 per channel, RGB, NCHW.</summary>
    public static readonly TensorSpec Spec = new() { Mean = [128f, 128f, 128f], Std = [256f, 256f, 256f] };

    /// <summary>The square input side the model declares (1024 for ISNet), or 1024 when it is dynamic.</summary>
    public static int InputSide(ModelSession session)
    {
        var meta = session.InputMetadata[session.InputNames[0]];
        if (meta.Dimensions.Length != 4 || (meta.Dimensions[1] != 3 && meta.Dimensions[1] > 0))
            throw new ModelContractException(session.Model.Id, $"Model '{session.Model.Id}' is not an image segmenter: its input has shape [{string.Join(",", meta.Dimensions)}], expected [1,3,H,W].");
        return meta.Dimensions[2] > 0 ? meta.Dimensions[2] : 1024;
    }

    /// <summary>The model's output name for the final mask ("output" for ISNet; else the first output).</summary>
    public static string OutputName(ModelSession session) =>
        session.OutputMetadata.ContainsKey("output") ? "output" : session.OutputNames[0];

    /// <summary>
    /// Runs the model and returns the normalised probability map at the model's resolution (side x side);
    /// <paramref name="requestedSide"/> overrides the side for models whose input size is dynamic.
    /// </summary>
    public static float[] PredictLowResolution(ModelSession session, ImageBuffer image, out int side, CancellationToken cancellationToken, int? requestedSide = null)
    {
        side = requestedSide ?? InputSide(session);
        var resized = Resampler.Resize(image, side, side, ResizeMode.Bilinear);
        int count = 3 * side * side;
        var input = ArrayPool<float>.Shared.Rent(count);
        try
        {
            TensorConversion.ToTensor(resized, input.AsSpan(0, count), Spec);
            using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count), [1, 3, side, side]);
            using var outputs = session.Run(session.InputNames[0], inputValue, OutputName(session), cancellationToken);
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            if (probabilities.Length != side * side)
                throw new ModelContractException(session.Model.Id, $"Model '{session.Model.Id}' returned {probabilities.Length} values, expected a {side}x{side} mask.");
            var result = probabilities.ToArray();
            ClipTails(result);
            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>Resizes a low-resolution probability map (0..1) to an 8-bit mask of the given size.</summary>
    public static GrayImage ToMask(float[] lowResolution, int side, int width, int height)
    {
        var full = side == width && side == height ? lowResolution : Resampler.ResizePlane(lowResolution, side, side, width, height, ResizeMode.Bilinear);
        var mask = new GrayImage(width, height);
        PixelConversions.FloatsToBytes(full, mask.Pixels, 255f);
        return mask;
    }

    /// <summary>
    /// Maps [1/255, 254/255] linearly onto [0, 1] and clamps. The model's background is rarely exactly 0 and its
    /// subject rarely exactly 1; without this, a cutout keeps a faint veil (alpha 1-2) over the whole background
    /// and a subject that is never fully opaque. The middle of the range moves by less than one grey level.
    /// </summary>
    private static void ClipTails(Span<float> probabilities)
    {
        const float floor = 1f / 255f;
        TensorPrimitives.Subtract(probabilities, floor, probabilities);
        TensorPrimitives.Multiply(probabilities, 1f / (1f - 2f * floor), probabilities);
        TensorPrimitives.Max(probabilities, 0f, probabilities);
        TensorPrimitives.Min(probabilities, 1f, probabilities);
    }
}
