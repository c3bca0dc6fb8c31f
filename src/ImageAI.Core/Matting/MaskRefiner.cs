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
        => Refine(image, coarse, coarseWidth, coarseHeight, mode, null, cancellationToken);

    /// <summary>
    /// Refines a coarse probability map to the image's size with an optional caller-supplied trimap (image-sized:
    /// 0 = background, 255 = foreground, anything else unknown). With a trimap its definite regions are fixed and, in
    /// <see cref="MaskRefinement.Matting"/>, its unknown region is solved by closed-form matting instead of a band
    /// derived from the coarse mask. Returns alpha in 0..1.
    /// </summary>
    /// <param name="image">The full-resolution image that guides the edges.</param>
    /// <param name="coarse">The model's probability map.</param>
    /// <param name="coarseWidth">Width of the map.</param>
    /// <param name="coarseHeight">Height of the map.</param>
    /// <param name="mode">The refinement.</param>
    /// <param name="trimap">Optional trimap of the image's size; ignored by <see cref="MaskRefinement.None"/>.</param>
    /// <param name="cancellationToken">Checked between stages and inside the matting solver.</param>
    /// <exception cref="MaskSizeMismatchException">The trimap's size differs from the image's.</exception>
    public static float[] Refine(ImageBuffer image, ReadOnlySpan<float> coarse, int coarseWidth, int coarseHeight, MaskRefinement mode, GrayImage? trimap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (coarseWidth <= 0 || coarseHeight <= 0) throw new ArgumentOutOfRangeException(nameof(coarseWidth), "The coarse map must not be empty.");
        if (coarse.Length < coarseWidth * coarseHeight) throw new ArgumentException("The coarse map is smaller than its stated size.", nameof(coarse));
        int w = image.Width, h = image.Height;
        trimap?.EnsureSameSize(w, h, "trimap");
        if (mode == MaskRefinement.None)
            return coarseWidth == w && coarseHeight == h ? coarse[..(w * h)].ToArray() : Resampler.ResizePlane(coarse, coarseWidth, coarseHeight, w, h, ResizeMode.Bilinear);

        double scale = Math.Min(1.0, WorkingLongSide / (double)Math.Max(w, h));
        int ww = Math.Max(1, (int)Math.Round(w * scale)), wh = Math.Max(1, (int)Math.Round(h * scale));
        bool full = ww == w && wh == h;
        var guide = full ? image : Resampler.Resize(image, ww, wh, ResizeMode.Area);
        var prior = Resampler.ResizePlane(coarse, coarseWidth, coarseHeight, ww, wh, ResizeMode.Bilinear);
        var rgb = Planar(guide);
        int n = ww * wh;
        var r = rgb.AsSpan(0, n); var g = rgb.AsSpan(n, n); var b = rgb.AsSpan(2 * n, n);
        cancellationToken.ThrowIfCancellationRequested();

        // The coarse map's own blur, in working pixels, sets how far edges may move and the filter's window.
        double coarseStep = Math.Max(ww / (double)coarseWidth, wh / (double)coarseHeight);
        int band = Math.Max(2, (int)Math.Ceiling(coarseStep * BandScale));
        int radius = Math.Max(2, (int)Math.Round(coarseStep * RadiusScale));
        GrayImage bandTrimap;
        if (trimap is not null)
        {
            bandTrimap = full ? trimap : Resampler.Resize(trimap, ww, wh, ResizeMode.Nearest, antialias: false);
            ApplyDefinite(prior, bandTrimap);
        }
        else bandTrimap = Trimap.FromMask(prior, ww, wh, band);
        var coefficients = GuidedFilter.Coefficients(r, g, b, prior, ww, wh, radius, Epsilon);
        cancellationToken.ThrowIfCancellationRequested();
        for (int pass = 1; pass < Passes; pass++)
        {
            KeepDefiniteRegions(coefficients, bandTrimap, prior, band);
            var q = new float[n];
            GuidedFilter.Evaluate(coefficients, r, g, b, q);
            radius = Math.Max(2, radius / 2);
            coefficients = GuidedFilter.Coefficients(r, g, b, q, ww, wh, radius, Epsilon);
            cancellationToken.ThrowIfCancellationRequested();
        }
        KeepDefiniteRegions(coefficients, bandTrimap, prior, band);
        if (mode != MaskRefinement.Matting) return GuidedFilter.Apply(coefficients, image);

        // Matting: the guided estimate starts (and weakly anchors) closed-form matting in the unknown band of the
        // caller's trimap or of the one derived from the coarse mask.
        var start = new float[n];
        GuidedFilter.Evaluate(coefficients, r, g, b, start);
        var alpha = ClosedFormMatting.Solve(rgb, bandTrimap, start, start, ww, wh, SolverOptions, cancellationToken);
        if (full) return alpha;
        // Above the working resolution a small-window guided filter carries the matte's edges to full resolution.
        var upsample = GuidedFilter.Coefficients(r, g, b, alpha, ww, wh, 1, UpsampleEpsilon);
        return GuidedFilter.Apply(upsample, image);
    }

    /// <summary>Definite trimap pixels force the prior to 0 or 1.</summary>
    private static void ApplyDefinite(float[] prior, GrayImage trimap)
    {
        var t = trimap.Pixels;
        for (int i = 0; i < prior.Length; i++)
        {
            if (t[i] == Trimap.Foreground) prior[i] = 1f;
            else if (t[i] == Trimap.Background) prior[i] = 0f;
        }
    }

    // Closed-form settings measured on adobe-crops320 (eps 1e-7..1e-4, prior weight 0..0.1, band 0.75..2 coarse
    // pixels): a tiny epsilon follows colour, a weak pull to the guided estimate fills the colour-ambiguous parts.
    private static readonly ClosedFormMattingOptions SolverOptions = new() { Epsilon = 1e-6f, PriorWeight = 1e-2f, MaxIterations = 200, Tolerance = 1e-2f };
    private const float UpsampleEpsilon = 1e-4f;

    // Window sizes scale with the coarse map's pixel size in working pixels; the filter runs twice, coarse then
    // fine (half the radius), on its own output. A small epsilon lets alpha follow fine colour edges (hair, mesh).
    private const double BandScale = 1.0, RadiusScale = 2.0;
    private const int Passes = 2;
    private const float Epsilon = 5e-5f;

    /// <summary>
    /// Outside the trimap's unknown band the coarse mask is trusted: the coefficients are blended towards
    /// (a = 0, b = prior) with a weight that is the box-smoothed unknown indicator, so the filter can only move
    /// alpha near edges and never imprints interior texture, and the blend has no seams. Folding this into the
    /// coefficients keeps the full-resolution pass a single a.I + b evaluation.
    /// </summary>
    private static void KeepDefiniteRegions(GuidedCoefficients c, GrayImage trimap, float[] prior, int band)
    {
        int n = c.Width * c.Height;
        var unknown = new float[n];
        var t = trimap.Pixels;
        for (int i = 0; i < n; i++) unknown[i] = t[i] == Trimap.Unknown ? 1f : 0f;
        var weight = BoxFilter.Mean(unknown, c.Width, c.Height, Math.Max(1, band / 2));
        for (int i = 0; i < n; i++)
        {
            float w = weight[i];
            c.Ar[i] *= w; c.Ag[i] *= w; c.Ab[i] *= w;
            c.B0[i] = w * c.B0[i] + (1 - w) * prior[i];
        }
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
