using System.Buffers;
using System.Numerics.Tensors;
using ImageAI.Imaging;

namespace ImageAI.Processing;

/// <summary>
/// Separable image resampling (bilinear, bicubic, area, nearest) on interleaved float data, with byte-image
/// wrappers. Horizontal pass per row, then a vertical pass that is a weighted sum of whole rows (vectorised).
/// </summary>
public static class Resampler
{
    /// <summary>
    /// Resizes interleaved float pixels with <paramref name="channels"/> channels.
    /// </summary>
    /// <param name="source">Source pixels, row-major, <paramref name="channels"/> values per pixel.</param>
    /// <param name="sourceWidth">Source width in pixels.</param>
    /// <param name="sourceHeight">Source height in pixels.</param>
    /// <param name="destination">Receives the resized pixels (at least destinationWidth*destinationHeight*channels values).</param>
    /// <param name="destinationWidth">Output width in pixels.</param>
    /// <param name="destinationHeight">Output height in pixels.</param>
    /// <param name="channels">Values per pixel (1 for planes, 4 for RGBA).</param>
    /// <param name="mode">The resampling filter.</param>
    /// <param name="antialias">Widen the kernel when shrinking so every source pixel counts (default true).</param>
    public static void Resize(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight,
        Span<float> destination, int destinationWidth, int destinationHeight, int channels, ResizeMode mode, bool antialias = true)
    {
        ImageGuard.CheckDimensions(sourceWidth, sourceHeight);
        ImageGuard.CheckDimensions(destinationWidth, destinationHeight);
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels));
        if (source.Length < (long)sourceWidth * sourceHeight * channels) throw new ArgumentException("Source too short.", nameof(source));
        if (destination.Length < (long)destinationWidth * destinationHeight * channels) throw new ArgumentException("Destination too short.", nameof(destination));

        var wx = ResampleWeights.Create(sourceWidth, destinationWidth, mode, antialias);
        var wy = ResampleWeights.Create(sourceHeight, destinationHeight, mode, antialias);
        int srcRow = sourceWidth * channels, midRow = destinationWidth * channels;

        // Only source rows that some output row reads need the horizontal pass.
        int rowLo = wy.Start[0], rowHi = 0;
        for (int i = 0; i < destinationHeight; i++) rowHi = Math.Max(rowHi, wy.Start[i] + wy.Count[i]);
        int rows = rowHi - rowLo;
        var midArray = ArrayPool<float>.Shared.Rent(rows * midRow);
        try
        {
            var mid = midArray.AsSpan(0, rows * midRow);
            for (int y = 0; y < rows; y++)
                HorizontalPass(source.Slice((rowLo + y) * srcRow, srcRow), mid.Slice(y * midRow, midRow), wx, channels);

            for (int y = 0; y < destinationHeight; y++)
            {
                var dst = destination.Slice(y * midRow, midRow);
                var w = wy.WeightsFor(y);
                int s = wy.Start[y] - rowLo;
                TensorPrimitives.Multiply(mid.Slice(s * midRow, midRow), w[0], dst);
                for (int k = 1; k < w.Length; k++)
                    TensorPrimitives.MultiplyAdd(mid.Slice((s + k) * midRow, midRow), w[k], dst, dst);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(midArray);
        }
    }

    private static void HorizontalPass(ReadOnlySpan<float> src, Span<float> dst, ResampleWeights wx, int channels)
    {
        int n = wx.Start.Length;
        if (channels == 1)
        {
            for (int x = 0; x < n; x++)
                dst[x] = TensorPrimitives.Dot(src.Slice(wx.Start[x], wx.Count[x]), wx.WeightsFor(x));
            return;
        }
        if (channels == 4)
        {
            for (int x = 0; x < n; x++)
            {
                var w = wx.WeightsFor(x);
                int s = wx.Start[x] * 4;
                float r = 0, g = 0, b = 0, a = 0;
                for (int k = 0; k < w.Length; k++, s += 4)
                {
                    float wk = w[k];
                    r += src[s] * wk; g += src[s + 1] * wk; b += src[s + 2] * wk; a += src[s + 3] * wk;
                }
                int d = x * 4;
                dst[d] = r; dst[d + 1] = g; dst[d + 2] = b; dst[d + 3] = a;
            }
            return;
        }
        for (int x = 0; x < n; x++)
        {
            var w = wx.WeightsFor(x);
            for (int c = 0; c < channels; c++)
            {
                float acc = 0;
                for (int k = 0, s = wx.Start[x] * channels + c; k < w.Length; k++, s += channels) acc += src[s] * w[k];
                dst[x * channels + c] = acc;
            }
        }
    }

    /// <summary>Resizes a float plane (one channel) and returns a new array.</summary>
    public static float[] ResizePlane(ReadOnlySpan<float> plane, int width, int height, int newWidth, int newHeight, ResizeMode mode, bool antialias = true)
    {
        var result = new float[newWidth * newHeight];
        Resize(plane, width, height, result, newWidth, newHeight, 1, mode, antialias);
        return result;
    }

    /// <summary>
    /// Resizes an RGBA image. Colour is weighted by alpha (premultiplied while filtering) so transparent pixels
    /// do not bleed their hidden colour into visible ones.
    /// </summary>
    public static ImageBuffer Resize(ImageBuffer image, int width, int height, ResizeMode mode = ResizeMode.Bicubic, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width == width && image.Height == height) return image.Clone();
        bool opaque = image.IsOpaque();
        int srcCount = image.Width * image.Height * 4, dstCount = width * height * 4;
        var src = ArrayPool<float>.Shared.Rent(srcCount);
        var dst = ArrayPool<float>.Shared.Rent(dstCount);
        try
        {
            PixelConversions.BytesToFloats(image.Pixels, src.AsSpan(0, srcCount));
            if (!opaque) Premultiply(src.AsSpan(0, srcCount));
            Resize(src.AsSpan(0, srcCount), image.Width, image.Height, dst.AsSpan(0, dstCount), width, height, 4, mode, antialias);
            if (!opaque) Unpremultiply(dst.AsSpan(0, dstCount));
            var result = new ImageBuffer(width, height);
            PixelConversions.FloatsToBytes(dst.AsSpan(0, dstCount), result.Pixels);
            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(src);
            ArrayPool<float>.Shared.Return(dst);
        }
    }

    /// <summary>Resizes a grey image.</summary>
    public static GrayImage Resize(GrayImage image, int width, int height, ResizeMode mode = ResizeMode.Bilinear, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        int n = image.Width * image.Height;
        var src = ArrayPool<float>.Shared.Rent(n);
        try
        {
            PixelConversions.BytesToFloats(image.Pixels, src.AsSpan(0, n));
            var dst = ResizePlane(src.AsSpan(0, n), image.Width, image.Height, width, height, mode, antialias);
            var result = new GrayImage(width, height);
            PixelConversions.FloatsToBytes(dst, result.Pixels);
            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(src);
        }
    }

    private static void Premultiply(Span<float> rgba)
    {
        for (int i = 0; i < rgba.Length; i += 4)
        {
            float a = rgba[i + 3] * (1f / 255f);
            rgba[i] *= a; rgba[i + 1] *= a; rgba[i + 2] *= a;
        }
    }

    private static void Unpremultiply(Span<float> rgba)
    {
        for (int i = 0; i < rgba.Length; i += 4)
        {
            float a = rgba[i + 3];
            if (a <= 0.5f) { rgba[i] = rgba[i + 1] = rgba[i + 2] = 0; continue; }
            float inv = 255f / a;
            rgba[i] *= inv; rgba[i + 1] *= inv; rgba[i + 2] *= inv;
        }
    }
}
