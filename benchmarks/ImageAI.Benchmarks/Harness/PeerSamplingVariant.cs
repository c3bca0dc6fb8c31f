using ImageAI.Imaging;
using ImageAI.Onnx.Pipelines.Background;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Diagnostic: the peer's sampling reproduced (top-left aligned bilinear without antialiasing, rounding to bytes,
/// probabilities truncated to bytes before resizing back), to tell how much of the mask disagreement comes from
/// resampling rather than from the runtimes.
/// </summary>
internal static class PeerSamplingVariant
{
    public static GrayImage Mask(ModelSession session, ImageBuffer image)
    {
        const int side = 1024;
        var resized = Bilinear(image.Pixels, image.Width, image.Height, 4, side, side);
        var tensor = TensorConversion.ToTensor(new ImageBuffer(side, side, resized), SalientObjectSegmenter.Spec);
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, side, side]);
        using var outputs = session.Run("input", input, "output");
        var p = outputs[0].GetTensorDataAsSpan<float>();
        var bytes = new byte[side * side];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(int)Math.Clamp(p[i] * 255f, 0f, 255f);
        return new GrayImage(image.Width, image.Height, Bilinear(bytes, side, side, 1, image.Width, image.Height));
    }

    private static byte[] Bilinear(ReadOnlySpan<byte> src, int sw, int sh, int channels, int dw, int dh)
    {
        var dst = new byte[dw * dh * channels];
        double sx = (double)sw / dw, sy = (double)sh / dh;
        for (int y = 0; y < dh; y++)
        {
            double fy = y * sy;
            int y1 = (int)Math.Floor(fy), y2 = Math.Min((int)Math.Ceiling(fy), sh - 1);
            double dy = fy - y1;
            for (int x = 0; x < dw; x++)
            {
                double fx = x * sx;
                int x1 = (int)Math.Floor(fx), x2 = Math.Min((int)Math.Ceiling(fx), sw - 1);
                double dx = fx - x1;
                for (int c = 0; c < channels; c++)
                {
                    double v = (1 - dx) * (1 - dy) * src[(y1 * sw + x1) * channels + c] + dx * (1 - dy) * src[(y1 * sw + x2) * channels + c]
                             + (1 - dx) * dy * src[(y2 * sw + x1) * channels + c] + dx * dy * src[(y2 * sw + x2) * channels + c];
                    dst[(y * dw + x) * channels + c] = (byte)Math.Round(v, MidpointRounding.AwayFromZero);
                }
            }
        }
        return dst;
    }
}
