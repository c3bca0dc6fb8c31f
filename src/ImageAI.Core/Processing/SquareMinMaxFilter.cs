using System.Buffers;
using System.Numerics.Tensors;

namespace ImageAI.Processing;

/// <summary>
/// Separable square minimum or maximum filter (grey-scale erosion or dilation) of radius r on a float plane, borders
/// clamped to the edge value; the building block of grey-scale openings and closings (top-hat, black-hat). Each pass
/// takes 2r vectorised min/max operations per row (radii here are a few pixels).
/// </summary>
internal static class SquareMinMaxFilter
{
    /// <summary>dst = min (or max) of src over the (2r+1) x (2r+1) window around each pixel; src and dst hold w x h values and must differ.</summary>
    public static void Apply(float[] src, float[] dst, int w, int h, int r, bool max)
    {
        var pool = ArrayPool<float>.Shared;
        float[] rows = pool.Rent(w * h), padded = pool.Rent(w + 2 * r);
        try
        {
            for (int y = 0; y < h; y++)
            {
                var s = src.AsSpan(y * w, w);
                var p = padded.AsSpan(0, w + 2 * r);
                p[..r].Fill(s[0]);
                s.CopyTo(p[r..]);
                p[(r + w)..].Fill(s[w - 1]);
                var d = rows.AsSpan(y * w, w);
                p[..w].CopyTo(d);
                for (int k = 1; k <= 2 * r; k++)
                {
                    if (max) TensorPrimitives.Max(d, p.Slice(k, w), d);
                    else TensorPrimitives.Min(d, p.Slice(k, w), d);
                }
            }
            for (int y = 0; y < h; y++)
            {
                int y0 = Math.Max(0, y - r), y1 = Math.Min(h - 1, y + r);
                var d = dst.AsSpan(y * w, w);
                rows.AsSpan(y0 * w, w).CopyTo(d);
                for (int k = y0 + 1; k <= y1; k++)
                {
                    if (max) TensorPrimitives.Max(d, rows.AsSpan(k * w, w), d);
                    else TensorPrimitives.Min(d, rows.AsSpan(k * w, w), d);
                }
            }
        }
        finally
        {
            pool.Return(rows);
            pool.Return(padded);
        }
    }
}
