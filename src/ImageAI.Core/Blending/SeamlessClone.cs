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

        var values = new Vector128<float>[gw * gh];
        var rhs = new Vector128<float>[gw * gh];
        ReadOnlySpan<byte> src = source.Pixels, dst = destination.Pixels;
        int stride = destination.Width * 4;
        for (int y = 0; y < gh; y++)
            for (int x = 0; x < gw; x++)
            {
                int i = y * gw + x, p = ((y + gy) * destination.Width + (x + gx)) * 4;
                bool inside = gridMask[i] != 0;
                values[i] = inside ? Load(src, p) : Load(dst, p);
                if (!inside) continue;
                rhs[i] = Guidance(src, dst, p, p - 4, mode) + Guidance(src, dst, p, p + 4, mode)
                       + Guidance(src, dst, p, p - stride, mode) + Guidance(src, dst, p, p + stride, mode);
            }

        var solver = new PoissonSolver(gw, gh, gridMask);
        var report = solver.Solve(values, rhs, options, cancellationToken);

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

    /// <summary>The guidance v(p, q) on the edge from p to its neighbour q, per channel.</summary>
    private static Vector128<float> Guidance(ReadOnlySpan<byte> src, ReadOnlySpan<byte> dst, int p, int q, SeamlessCloneMode mode)
    {
        var gs = Load(src, p) - Load(src, q);
        if (mode == SeamlessCloneMode.Normal) return gs;
        var gd = Load(dst, p) - Load(dst, q);
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
