using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Matting;

/// <summary>
/// Turns a coarse, low-resolution foreground probability map into a full-resolution alpha matte guided by the
/// image. The work happens at a bounded working resolution (at most <see cref="WorkingLongSide"/> pixels on the
/// long side) and only the final per-pixel linear model is evaluated at full resolution, so the cost grows
/// linearly with the pixel count and stays small for 12 MP photos.
/// </summary>
public static class MaskRefiner
{
    /// <summary>The longest side of the working resolution.</summary>
    public const int WorkingLongSide = 1024;

    /// <summary>Refines a coarse probability map (coarseWidth x coarseHeight, 0..1) to the image's size; returns alpha in 0..1.</summary>
    /// <param name="image">The full-resolution image that guides the edges.</param>
    /// <param name="coarse">The model's probability map.</param>
    /// <param name="coarseWidth">Width of the map.</param>
    /// <param name="coarseHeight">Height of the map.</param>
    /// <param name="mode">The refinement.</param>
    /// <param name="cancellationToken">Checked between stages.</param>
    public static float[] Refine(ImageBuffer image, ReadOnlySpan<float> coarse, int coarseWidth, int coarseHeight, MaskRefinement mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (coarse.Length < coarseWidth * coarseHeight) throw new ArgumentException("The coarse map is smaller than its stated size.", nameof(coarse));
        int w = image.Width, h = image.Height;
        if (mode == MaskRefinement.None)
            return coarseWidth == w && coarseHeight == h ? coarse[..(w * h)].ToArray() : Resampler.ResizePlane(coarse, coarseWidth, coarseHeight, w, h, ResizeMode.Bilinear);

        double scale = Math.Min(1.0, WorkingLongSide / (double)Math.Max(w, h));
        int ww = Math.Max(1, (int)Math.Round(w * scale)), wh = Math.Max(1, (int)Math.Round(h * scale));
        var guide = ww == w && wh == h ? image : Resampler.Resize(image, ww, wh, ResizeMode.Area);
        var prior = Resampler.ResizePlane(coarse, coarseWidth, coarseHeight, ww, wh, ResizeMode.Bilinear);
        var rgb = Planar(guide);
        int n = ww * wh;
        var r = rgb.AsSpan(0, n); var g = rgb.AsSpan(n, n); var b = rgb.AsSpan(2 * n, n);
        cancellationToken.ThrowIfCancellationRequested();

        // The coarse map's own blur, in working pixels, sets how far edges may move.
        double coarseStep = Math.Max(ww / (double)coarseWidth, wh / (double)coarseHeight);
        int radius = Math.Max(2, (int)Math.Round(2 * coarseStep + Math.Max(ww, wh) / 256.0));
        float[] target = prior;
        if (mode == MaskRefinement.Matting)
        {
            var trimap = Trimap.FromMask(prior, ww, wh, radius);
            target = LocalColorMatting.Solve(rgb, prior, trimap, ww, wh, 3 * radius);
            cancellationToken.ThrowIfCancellationRequested();
        }
        var coefficients = GuidedFilter.Coefficients(r, g, b, target, ww, wh, radius, 1e-3f);
        cancellationToken.ThrowIfCancellationRequested();
        return GuidedFilter.Apply(coefficients, image);
    }

    /// <summary>An 8-bit mask of an alpha plane (0..1).</summary>
    public static GrayImage ToMask(ReadOnlySpan<float> alpha, int width, int height)
    {
        var mask = new GrayImage(width, height);
        PixelConversions.FloatsToBytes(alpha[..(width * height)], mask.Pixels, 255f);
        return mask;
    }

    /// <summary>The RGB channels of an image as three planes back to back, 0..1.</summary>
    internal static float[] Planar(ImageBuffer image)
    {
        int n = (int)image.PixelCount;
        var planes = new float[3 * n];
        var px = image.Pixels;
        for (int i = 0; i < n; i++)
        {
            planes[i] = px[4 * i] / 255f;
            planes[n + i] = px[4 * i + 1] / 255f;
            planes[2 * n + i] = px[4 * i + 2] / 255f;
        }
        return planes;
    }
}
