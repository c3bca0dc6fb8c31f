using System.Buffers;
using System.Runtime.Intrinsics;
using ImageAI.Imaging;

namespace ImageAI.Blending;

/// <summary>Which gradients guide a seamless clone.</summary>
public enum SeamlessCloneMode
{
    /// <summary>The source's gradients everywhere in the mask (the pasted content keeps its texture; its colour adapts to the boundary).</summary>
    Normal,
    /// <summary>At each pixel the stronger of the source's and destination's gradients (keeps destination texture showing through, e.g. for transparent overlays).</summary>
    MixedGradients,
}

/// <summary>
/// Poisson image editing: replaces the destination inside a mask with the function whose Laplacian matches the
/// guidance field (the source's gradients, or the stronger of both images' gradients) and which equals the
/// destination on the mask's boundary. The result has no seam and takes its colour from the surroundings.
/// </summary>
public static class SeamlessClone
{
    /// <summary>
    /// Clones <paramref name="source"/> into <paramref name="destination"/> in place where <paramref name="mask"/> is
    /// above 127. Both images and the mask have the same size (place the source first, e.g. with an affine warp).
    /// Alpha of the destination is kept. Pixels on the image's outermost ring are never changed.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes differ.</exception>
    public static PoissonSolveReport Clone(ImageBuffer source, ImageBuffer destination, GrayImage mask,
        SeamlessCloneMode mode = SeamlessCloneMode.Normal, PoissonSolverOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(mask);
        if (source.Width != destination.Width || source.Height != destination.Height)
            throw new ArgumentException($"Source {source.Width}x{source.Height} and destination {destination.Width}x{destination.Height} differ in size.", nameof(source));
        mask.EnsureSameSize(destination.Width, destination.Height);

        // The working grid is the mask's bounding box plus one pixel of fixed boundary all round.
        if (!Bounds(mask, out int x0, out int y0, out int x1, out int y1))
            return new PoissonSolveReport(0, 0, 0, 0, 0);
        int gx = x0 - 1, gy = y0 - 1, gw = x1 - x0 + 3, gh = y1 - y0 + 3;
        var gridMask = new byte[gw * gh];
        for (int y = y0; y <= y1; y++)
        {
            var row = mask.GetRow(y);
            for (int x = x0; x <= x1; x++) gridMask[(y - gy) * gw + (x - gx)] = row[x] > 127 ? (byte)1 : (byte)0;
        }

        // Source and destination over the grid as one Vector128 (r, g, b, 0) per pixel, converted once.
        int n = gw * gh;
        var pool = ArrayPool<Vector128<float>>.Shared;
        var values = pool.Rent(n);
        var srcGrid = pool.Rent(n);
        var dstGrid = pool.Rent(n);
        var rhs = pool.Rent(n);
        try
        {
        Array.Clear(rhs, 0, n);
        ReadOnlySpan<byte> src = source.Pixels, dst = destination.Pixels;
        for (int y = 0; y < gh; y++)
        {
            int p = ((y + gy) * destination.Width + gx) * 4;
            for (int x = 0, i = y * gw; x < gw; x++, i++, p += 4)
            {
                srcGrid[i] = Load(src, p);
                dstGrid[i] = Load(dst, p);
                values[i] = gridMask[i] != 0 ? srcGrid[i] : dstGrid[i];
            }
        }
        // Start from the source shifted by its mean offset to the destination along the boundary: the answer is the
        // source plus a smooth membrane that meets those offsets, so this removes the membrane's mean before the
        // first cycle and saves iterations.
        var offset = BoundaryOffset(gridMask, srcGrid, dstGrid, gw, gh);
        for (int i = 0; i < n; i++)
            if (gridMask[i] != 0) values[i] += offset;
        // Right-hand side: the divergence of the guidance field, sum over the four edges of v(p, q).
        var four = Vector128.Create(4f);
        for (int y = 1; y < gh - 1; y++)
            for (int i = y * gw + 1; i < (y + 1) * gw - 1; i++)
            {
                if (gridMask[i] == 0) continue;
                rhs[i] = mode == SeamlessCloneMode.Normal
                    ? four * srcGrid[i] - srcGrid[i - 1] - srcGrid[i + 1] - srcGrid[i - gw] - srcGrid[i + gw]
                    : Mixed(srcGrid, dstGrid, i, i - 1) + Mixed(srcGrid, dstGrid, i, i + 1) + Mixed(srcGrid, dstGrid, i, i - gw) + Mixed(srcGrid, dstGrid, i, i + gw);
            }

        var solver = new PoissonSolver(gw, gh, gridMask);
        var report = solver.Solve(values.AsSpan(0, n), rhs.AsSpan(0, n), options, cancellationToken);

        var output = destination.Pixels;
        for (int y = 1; y < gh - 1; y++)
            for (int x = 1; x < gw - 1; x++)
            {
                int i = y * gw + x;
                if (gridMask[i] == 0) continue;
                int p = ((y + gy) * destination.Width + (x + gx)) * 4;
                var v = values[i];
                output[p] = ToByte(v[0]);
                output[p + 1] = ToByte(v[1]);
                output[p + 2] = ToByte(v[2]);
            }
        return report;
        }
        finally
        {
            pool.Return(values);
            pool.Return(srcGrid);
            pool.Return(dstGrid);
            pool.Return(rhs);
        }
    }

    /// <summary>Mean of destination minus source over the fixed pixels that touch the masked region.</summary>
    private static Vector128<float> BoundaryOffset(byte[] gridMask, Vector128<float>[] src, Vector128<float>[] dst, int gw, int gh)
    {
        var sum = Vector128<double>.Zero;
        var sumHigh = Vector128<double>.Zero;
        long count = 0;
        for (int y = 0; y < gh; y++)
            for (int x = 0; x < gw; x++)
            {
                int i = y * gw + x;
                if (gridMask[i] != 0) continue;
                bool touches = (x > 0 && gridMask[i - 1] != 0) || (x < gw - 1 && gridMask[i + 1] != 0)
                            || (y > 0 && gridMask[i - gw] != 0) || (y < gh - 1 && gridMask[i + gw] != 0);
                if (!touches) continue;
                var d = dst[i] - src[i];
                sum += Vector128.WidenLower(d);
                sumHigh += Vector128.WidenUpper(d);
                count++;
            }
        if (count == 0) return Vector128<float>.Zero;
        return Vector128.Create((float)(sum[0] / count), (float)(sum[1] / count), (float)(sumHigh[0] / count), 0f);
    }

    /// <summary>Mixed guidance on the edge p-q: per channel, the source's or the destination's difference, whichever is larger.</summary>
    private static Vector128<float> Mixed(Vector128<float>[] src, Vector128<float>[] dst, int p, int q)
    {
        var gs = src[p] - src[q];
        var gd = dst[p] - dst[q];
        return Vector128.ConditionalSelect(Vector128.GreaterThan(Vector128.Abs(gs), Vector128.Abs(gd)), gs, gd);
    }

    private static Vector128<float> Load(ReadOnlySpan<byte> px, int p) => Vector128.Create(px[p], px[p + 1], px[p + 2], 0f);

    private static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Round(v), 0, 255);

    /// <summary>The bounding box of mask pixels above 127, excluding the image's outermost ring.</summary>
    private static bool Bounds(GrayImage mask, out int x0, out int y0, out int x1, out int y1)
    {
        x0 = int.MaxValue; y0 = int.MaxValue; x1 = -1; y1 = -1;
        for (int y = 1; y < mask.Height - 1; y++)
        {
            var row = mask.GetRow(y);
            for (int x = 1; x < mask.Width - 1; x++)
            {
                if (row[x] <= 127) continue;
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                y1 = y;
            }
        }
        return x1 >= 0;
    }
}
