using System.Numerics.Tensors;

namespace ImageAI.Processing;

/// <summary>Separable convolution on float planes.</summary>
public static class Filters
{
    /// <summary>A normalised 1-D Gaussian of length 2*radius+1.</summary>
    public static float[] GaussianKernel(double sigma, int radius)
    {
        if (sigma <= 0) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Sigma must be positive.");
        if (radius < 0) throw new ArgumentOutOfRangeException(nameof(radius), radius, "Radius must not be negative.");
        var k = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += k[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.Length; i++) k[i] = (float)(k[i] / sum);
        return k;
    }

    /// <summary>Convolves with <paramref name="kernel"/> along both axes keeping only fully covered outputs.</summary>
    public static float[] SeparableValid(ReadOnlySpan<float> plane, int width, int height, float[] kernel, out int outWidth, out int outHeight)
    {
        int r = kernel.Length / 2;
        outWidth = width - 2 * r;
        outHeight = height - 2 * r;
        if (outWidth <= 0 || outHeight <= 0) return [];
        var tmp = new float[height * outWidth];
        for (int y = 0; y < height; y++)
        {
            var src = plane.Slice(y * width, width);
            for (int x = 0; x < outWidth; x++) tmp[y * outWidth + x] = TensorPrimitives.Dot(src.Slice(x, kernel.Length), kernel);
        }
        var result = new float[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++)
        {
            var dst = result.AsSpan(y * outWidth, outWidth);
            for (int k = 0; k < kernel.Length; k++)
                TensorPrimitives.MultiplyAdd(tmp.AsSpan((y + k) * outWidth, outWidth), kernel[k], dst, dst);
        }
        return result;
    }

    /// <summary>
    /// Convolves with <paramref name="kernelX"/> along rows and <paramref name="kernelY"/> along columns, edges
    /// replicated, output the size of the input. Kernels are applied as correlation (not flipped).
    /// </summary>
    public static float[] SeparableSame(ReadOnlySpan<float> plane, int width, int height, float[] kernelX, float[] kernelY)
    {
        int rx = kernelX.Length / 2, ry = kernelY.Length / 2;
        var padded = new float[width + 2 * rx];
        var tmp = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            var row = plane.Slice(y * width, width);
            row.CopyTo(padded.AsSpan(rx));
            padded.AsSpan(0, rx).Fill(row[0]);
            padded.AsSpan(rx + width, rx).Fill(row[width - 1]);
            var dst = tmp.AsSpan(y * width, width);
            for (int x = 0; x < width; x++) dst[x] = TensorPrimitives.Dot(padded.AsSpan(x, kernelX.Length), kernelX);
        }
        var result = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            var dst = result.AsSpan(y * width, width);
            for (int k = 0; k < kernelY.Length; k++)
            {
                int sy = Math.Clamp(y + k - ry, 0, height - 1);
                TensorPrimitives.MultiplyAdd(tmp.AsSpan(sy * width, width), kernelY[k], dst, dst);
            }
        }
        return result;
    }
}
