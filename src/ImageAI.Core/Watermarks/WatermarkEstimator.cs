using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Morphology;

namespace ImageAI.Watermarks;

/// <summary>
/// Estimates a watermark shared by several photos (the stock-photo case) without being given it, after Dekel et
/// al. (CVPR 2017): the median of the image gradients across the batch keeps the watermark's edges (the photos'
/// own edges are at different places and vanish in the median), which gives its support; each photo's clean
/// pixels under the support are first guessed by fast marching from around it, and a per-pixel regression across
/// the batch, <c>I_k = C + (1 - A) J_k</c>, gives a first opacity A and colour W = C / A. That guess is rough
/// (about 21-26 dB after removal), so it is refined by <see cref="BatchGradientRefiner"/>: the jumps of A and C
/// between neighbouring pixels are regressed on the clean brightness across the batch and integrated (Poisson),
/// alternating with recovering each photo by inversion. All photos must have the same size and the mark the same
/// position (no alignment is needed or done).
/// </summary>
public static class WatermarkEstimator
{
    /// <summary>The fewest photos accepted; a dozen or more give a usable estimate.</summary>
    public const int MinimumImages = 2;

    private const int RefinementRounds = 6;

    /// <summary>Estimates the shared watermark as a layer that <see cref="WatermarkLayer.Invert"/> removes from each photo.</summary>
    /// <exception cref="ArgumentException">Fewer than two images, different sizes, or no shared watermark found.</exception>
    public static WatermarkLayer Estimate(IReadOnlyList<ImageBuffer> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count < MinimumImages)
            throw new ArgumentException($"Batch watermark estimation needs at least {MinimumImages} images sharing the watermark (12 or more recommended); got {images.Count}.", nameof(images));
        int w = images[0].Width, h = images[0].Height;
        foreach (var im in images)
            if (im.Width != w || im.Height != h)
                throw new ArgumentException($"All images of a batch must have the same size: {w}x{h} vs {im.Width}x{im.Height}.", nameof(images));

        var support = Support(images, w, h, cancellationToken);
        var bounds = MaskOps.Bounds(support) ?? throw new ArgumentException("No watermark shared by the batch was found (no consistent edges).", nameof(images));

        // Guess each photo's clean pixels under the support from around it.
        int k = images.Count;
        var guesses = new ImageBuffer[k];
        for (int i = 0; i < k; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            guesses[i] = ClassicalInpainter.Inpaint(images[i], support, InpaintEngine.Telea, cancellationToken: cancellationToken);
        }

        var alpha = new float[bounds.Width * bounds.Height];
        var rgb = new float[alpha.Length * 3];
        for (int y = 0; y < bounds.Height; y++)
            for (int x = 0; x < bounds.Width; x++)
            {
                int p = (bounds.Y + y) * w + bounds.X + x, o = y * bounds.Width + x;
                if (support.Pixels[p] < MaskOps.Threshold) continue;
                // One opacity for all channels: pool the three channels in the regression.
                double sI = 0, sJ = 0, sJJ = 0, sIJ = 0;
                int n = 0;
                for (int i = 0; i < k; i++)
                    for (int c = 0; c < 3; c++)
                    {
                        double vi = images[i].Pixels[p * 4 + c], vj = guesses[i].Pixels[p * 4 + c];
                        sI += vi; sJ += vj; sJJ += vj * vj; sIJ += vi * vj; n++;
                    }
                double varJ = sJJ - sJ * sJ / n, cov = sIJ - sI * sJ / n;
                double beta = varJ > 1e-6 ? Math.Clamp(cov / varJ, 0, 1) : 1;
                double a = 1 - beta;
                if (a < 0.03) continue;
                alpha[o] = (float)a;
                for (int c = 0; c < 3; c++)
                {
                    double mi = 0, mj = 0;
                    for (int i = 0; i < k; i++) { mi += images[i].Pixels[p * 4 + c]; mj += guesses[i].Pixels[p * 4 + c]; }
                    mi /= k; mj /= k;
                    rgb[o * 3 + c] = (float)Math.Clamp((mi - beta * mj) / a, 0, 255);
                }
            }
        var layer = new WatermarkLayer(bounds.X, bounds.Y, bounds.Width, bounds.Height, alpha, rgb);
        // Each round recovers the clean brightness with the previous estimate, so the rounds converge towards a
        // consistent estimate; six were measured enough on the watermark-eval batch configurations (three were not at
        // opacity 0.7).
        for (int round = 0; round < RefinementRounds; round++)
            layer = BatchGradientRefiner.Refine(images, support, layer, cancellationToken);
        return layer;
    }

    /// <summary>Pixels near consistent edges (median gradient across the batch), with enclosed holes filled.</summary>
    private static GrayImage Support(IReadOnlyList<ImageBuffer> images, int w, int h, CancellationToken ct)
    {
        int k = images.Count;
        var edge = new float[w * h];
        var gx = new float[k];
        var gy = new float[k];
        for (int y = 0; y < h; y++)
        {
            ct.ThrowIfCancellationRequested();
            for (int x = 0; x < w; x++)
            {
                int xm = Math.Max(0, x - 1), xp = Math.Min(w - 1, x + 1), ym = Math.Max(0, y - 1), yp = Math.Min(h - 1, y + 1);
                for (int i = 0; i < k; i++)
                {
                    ReadOnlySpan<byte> px = images[i].Pixels;
                    float sx = 0, sy = 0;
                    for (int c = 0; c < 3; c++)
                    {
                        sx += px[(y * w + xp) * 4 + c] - px[(y * w + xm) * 4 + c];
                        sy += px[(yp * w + x) * 4 + c] - px[(ym * w + x) * 4 + c];
                    }
                    gx[i] = sx; gy[i] = sy;
                }
                edge[y * w + x] = Math.Abs(Median(gx)) + Math.Abs(Median(gy));
            }
        }
        var sorted = (float[])edge.Clone();
        Array.Sort(sorted);
        float threshold = Math.Max(12f, 5 * sorted[sorted.Length / 2]);
        var edges = new GrayImage(w, h);
        for (int i = 0; i < edge.Length; i++) if (edge[i] > threshold) edges.Pixels[i] = 255;
        return FillHoles(MaskOps.Dilate(edges, 2));
    }

    private static float Median(float[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /// <summary>Adds to the mask every region it encloses (not reachable from the border).</summary>
    private static GrayImage FillHoles(GrayImage mask)
    {
        int w = mask.Width, h = mask.Height;
        var outside = new bool[w * h];
        var stack = new Stack<int>();
        for (int x = 0; x < w; x++) { stack.Push(x); stack.Push((h - 1) * w + x); }
        for (int y = 0; y < h; y++) { stack.Push(y * w); stack.Push(y * w + w - 1); }
        while (stack.Count > 0)
        {
            int i = stack.Pop();
            if (outside[i] || mask.Pixels[i] >= MaskOps.Threshold) continue;
            outside[i] = true;
            int x = i % w, y = i / w;
            if (x > 0) stack.Push(i - 1);
            if (x < w - 1) stack.Push(i + 1);
            if (y > 0) stack.Push(i - w);
            if (y < h - 1) stack.Push(i + w);
        }
        var result = new GrayImage(w, h);
        for (int i = 0; i < outside.Length; i++) if (!outside[i]) result.Pixels[i] = 255;
        return result;
    }
}
