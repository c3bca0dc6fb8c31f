using System.Buffers;
using System.Numerics.Tensors;

namespace ImageAI.Matting;

/// <summary>
/// Mean over a (2r+1)x(2r+1) window clipped to the image, in O(N) whatever the radius: a running sum along each
/// row, then a running sum of whole rows (vectorised). Near the border the mean is over the pixels that exist.
/// </summary>
public static class BoxFilter
{
    /// <summary>Writes the box mean of <paramref name="source"/> into <paramref name="destination"/> (may not alias).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The radius is negative or the sizes do not match.</exception>
    public static void Mean(ReadOnlySpan<float> source, Span<float> destination, int width, int height, int radius)
    {
        if (radius < 0) throw new ArgumentOutOfRangeException(nameof(radius), radius, "The box radius must not be negative.");
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "The plane must not be empty.");
        long n = (long)width * height;
        if (source.Length < n || destination.Length < n) throw new ArgumentException($"The planes must hold {n} values.");
        var rows = ArrayPool<float>.Shared.Rent((int)n);
        var acc = ArrayPool<float>.Shared.Rent(width);
        try
        {
            var horizontal = rows.AsSpan(0, (int)n);
            for (int y = 0; y < height; y++) RowMean(source.Slice(y * width, width), horizontal.Slice(y * width, width), radius);
            ColumnMean(horizontal, destination, width, height, radius, acc.AsSpan(0, width));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<float>.Shared.Return(acc);
        }
    }

    /// <summary>A new plane holding the box mean.</summary>
    public static float[] Mean(ReadOnlySpan<float> source, int width, int height, int radius)
    {
        var result = new float[width * height];
        Mean(source, result, width, height, radius);
        return result;
    }

    private static void RowMean(ReadOnlySpan<float> row, Span<float> output, int radius)
    {
        int w = row.Length;
        int r = Math.Min(radius, w - 1);
        double sum = 0; // double keeps the running sum exact enough over long rows
        for (int x = 0; x <= r; x++) sum += row[x];
        for (int x = 0; x < w; x++)
        {
            int lo = Math.Max(0, x - r), hi = Math.Min(w - 1, x + r);
            output[x] = (float)(sum / (hi - lo + 1));
            int add = x + r + 1, remove = x - r;
            if (add < w) sum += row[add];
            if (remove >= 0) sum -= row[remove];
        }
    }

    private static void ColumnMean(ReadOnlySpan<float> horizontal, Span<float> output, int width, int height, int radius, Span<float> acc)
    {
        int r = Math.Min(radius, height - 1);
        acc.Clear();
        for (int y = 0; y <= r; y++) TensorPrimitives.Add(acc, horizontal.Slice(y * width, width), acc);
        for (int y = 0; y < height; y++)
        {
            int lo = Math.Max(0, y - r), hi = Math.Min(height - 1, y + r);
            TensorPrimitives.Multiply(acc, 1f / (hi - lo + 1), output.Slice(y * width, width));
            int add = y + r + 1, remove = y - r;
            if (add < height) TensorPrimitives.Add(acc, horizontal.Slice(add * width, width), acc);
            if (remove >= 0) TensorPrimitives.Subtract(acc, horizontal.Slice(remove * width, width), acc);
        }
    }
}
