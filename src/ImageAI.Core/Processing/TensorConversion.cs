using System.Numerics.Tensors;
using ImageAI.Imaging;

namespace ImageAI.Processing;

/// <summary>Converts between RGBA images and normalised float tensors, and pads to a multiple.</summary>
public static class TensorConversion
{
    /// <summary>
    /// Writes an RGBA image into a 3-channel float tensor of exactly width*height*3 values (one batch item).
    /// Alpha is ignored. The per-channel affine map is applied with vectorised primitives.
    /// </summary>
    public static void ToTensor(ImageBuffer image, Span<float> tensor, TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(spec);
        int plane = image.Width * image.Height;
        if (tensor.Length < plane * 3) throw new ArgumentException($"Tensor needs {plane * 3} values, has {tensor.Length}.", nameof(tensor));
        ReadOnlySpan<byte> px = image.Pixels;
        bool bgr = spec.Order == ChannelOrder.Bgr;
        int c0 = bgr ? 2 : 0, c2 = bgr ? 0 : 2;

        if (spec.Layout == TensorLayout.Nchw)
        {
            var t0 = tensor[..plane];
            var t1 = tensor.Slice(plane, plane);
            var t2 = tensor.Slice(2 * plane, plane);
            for (int i = 0, j = 0; i < plane; i++, j += 4)
            {
                t0[i] = px[j + c0];
                t1[i] = px[j + 1];
                t2[i] = px[j + c2];
            }
            for (int c = 0; c < 3; c++)
            {
                var (a, b) = Affine(spec, c);
                var t = tensor.Slice(c * plane, plane);
                TensorPrimitives.Multiply(t, a, t);
                TensorPrimitives.Add(t, b, t);
            }
        }
        else
        {
            var (a0, b0) = Affine(spec, 0);
            var (a1, b1) = Affine(spec, 1);
            var (a2, b2) = Affine(spec, 2);
            for (int i = 0, j = 0, k = 0; i < plane; i++, j += 4, k += 3)
            {
                tensor[k] = px[j + c0] * a0 + b0;
                tensor[k + 1] = px[j + 1] * a1 + b1;
                tensor[k + 2] = px[j + c2] * a2 + b2;
            }
        }
    }

    /// <summary>Allocates and fills an NCHW/NHWC tensor for one image.</summary>
    public static float[] ToTensor(ImageBuffer image, TensorSpec spec)
    {
        var tensor = new float[image.Width * image.Height * 3];
        ToTensor(image, tensor, spec);
        return tensor;
    }

    /// <summary>
    /// Reads a 3-channel float tensor back into RGBA (alpha 255), inverting the spec's affine map, rounding and
    /// clamping to 0..255.
    /// </summary>
    public static ImageBuffer FromTensor(ReadOnlySpan<float> tensor, int width, int height, TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int plane = width * height;
        if (tensor.Length < plane * 3) throw new ArgumentException("Tensor too short for the image size.", nameof(tensor));
        var image = new ImageBuffer(width, height);
        var px = image.Pixels;
        bool bgr = spec.Order == ChannelOrder.Bgr;
        Span<float> inv = stackalloc float[6];
        for (int c = 0; c < 3; c++)
        {
            var (a, b) = Affine(spec, c);
            inv[c * 2] = 1f / a;            // pixel = (value - b) / a
            inv[c * 2 + 1] = -b / a;
        }
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                float v = spec.Layout == TensorLayout.Nchw ? tensor[c * plane + i] : tensor[i * 3 + c];
                float p = v * inv[c * 2] + inv[c * 2 + 1] + 0.5f;
                int dc = bgr ? 2 - c : c;
                px[i * 4 + dc] = p <= 0 ? (byte)0 : p >= 255 ? (byte)255 : (byte)p;
            }
            px[i * 4 + 3] = 255;
        }
        return image;
    }

    /// <summary>The size after padding each side up to a multiple.</summary>
    public static (int Width, int Height) PaddedSize(int width, int height, int multiple)
    {
        if (multiple <= 0) throw new ArgumentOutOfRangeException(nameof(multiple));
        return ((width + multiple - 1) / multiple * multiple, (height + multiple - 1) / multiple * multiple);
    }

    /// <summary>
    /// Pads an image on the right and bottom to a multiple of <paramref name="multiple"/>, replicating the edge
    /// pixels (or with <paramref name="fill"/> when given). Returns the same instance when no padding is needed.
    /// </summary>
    public static ImageBuffer PadToMultiple(ImageBuffer image, int multiple, Rgba32? fill = null)
    {
        var (w, h) = PaddedSize(image.Width, image.Height, multiple);
        if (w == image.Width && h == image.Height) return image;
        var padded = fill is { } f ? ImageBuffer.Filled(w, h, f) : new ImageBuffer(w, h);
        for (int y = 0; y < image.Height; y++)
        {
            var dst = padded.GetRow(y);
            image.GetRow(y).CopyTo(dst);
            if (fill is null)
            {
                var last = dst.Slice((image.Width - 1) * 4, 4);
                for (int x = image.Width; x < w; x++) last.CopyTo(dst.Slice(x * 4, 4));
            }
        }
        if (fill is null)
            for (int y = image.Height; y < h; y++) padded.GetRow(image.Height - 1).CopyTo(padded.GetRow(y));
        return padded;
    }

    private static (float A, float B) Affine(TensorSpec spec, int c) =>
        (spec.Scale / spec.Std[c], -spec.Mean[c] / spec.Std[c]);
}
