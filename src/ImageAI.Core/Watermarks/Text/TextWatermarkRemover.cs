using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Morphology;

namespace ImageAI.Watermarks;

/// <summary>The blend estimated for one text region: <c>I = A*W + (1 - A)*J</c> with opacity A and colour W.</summary>
/// <param name="Region">The region.</param>
/// <param name="Opacity">Estimated opacity of the text's body, 0..1.</param>
/// <param name="Colour">Estimated text colour.</param>
/// <param name="Pixels">Mask pixels assigned to the region.</param>
/// <param name="Inverted">True when the region was recovered by inverting the blend, false when it was inpainted.</param>
public sealed record TextBlendEstimate(TextRegion Region, double Opacity, Rgba32 Colour, int Pixels, bool Inverted);

/// <summary>The outcome of <see cref="TextWatermarkRemover.Remove"/>.</summary>
/// <param name="Image">The photo with the text removed (inverted where possible; opaque pixels filled by the engine when it is classical).</param>
/// <param name="Inverted">The photo after inversion only, before any inpainting (for a model engine to fill <paramref name="InpaintMask"/>).</param>
/// <param name="InpaintMask">Pixels too opaque (or not explained by a blend) that were, or must be, inpainted.</param>
/// <param name="InvertedPixels">Pixels recovered by inversion.</param>
/// <param name="InpaintedPixels">Pixels in <paramref name="InpaintMask"/>.</param>
/// <param name="Estimates">The blend estimated per region.</param>
public sealed record TextRemovalResult(ImageBuffer Image, ImageBuffer Inverted, GrayImage InpaintMask, long InvertedPixels, long InpaintedPixels, IReadOnlyList<TextBlendEstimate> Estimates);

/// <summary>
/// Removes detected text by inverting its blend where the text is semi-transparent and inpainting where it is
/// (nearly) opaque. Per region the text colour W and opacity A are estimated against a smooth guess of the clean
/// photo under the strokes (fast marching fill, J0): the least-squares fit of <c>I = A*W + (1 - A)*J0</c> over the
/// stroke cores, and achromatic hypotheses (white, black, greys); the candidate that best explains the stroke pixels
/// wins (each pixel moves from J0 towards W by A times its coverage). Each pixel's coverage (antialiased
/// edges, false positives) is the projection of I - J0 onto W - J0, so pixels the text did not touch stay as they are,
/// whether the region is inverted or, opaque, inpainted.
/// </summary>
public static class TextWatermarkRemover
{
    /// <summary>Projected coverage above this counts as a fully covered stroke pixel (the projection is noisy).</summary>
    private const float FullCoverage = 0.6f;


    /// <summary>Removes the text in <paramref name="mask"/> (the stroke mask of <paramref name="regions"/>).</summary>
    /// <param name="image">The photo.</param>
    /// <param name="mask">The stroke mask (value &gt;= 128), the image's size.</param>
    /// <param name="regions">The detected regions; mask pixels outside every region are inpainted.</param>
    /// <param name="maxInvertibleOpacity">Regions (and pixels) more opaque than this are inpainted, not inverted.</param>
    /// <param name="engine">Classical engine for the opaque remainder (PatchMatch or Telea); a model engine leaves it to the caller (see <see cref="TextRemovalResult.Inverted"/>).</param>
    /// <param name="seed">PatchMatch seed.</param>
    /// <param name="cancellationToken">Stops between regions and passes.</param>
    /// <param name="blendOf">
    /// Per region, the index of an earlier region whose blend it is removed with (a line's part read past its box, from
    /// <see cref="TextLineContinuation.Extend"/>), or -1 to estimate its own; null: every region its own. Where that
    /// region's blend was not found (not a blend), the region estimates its own.
    /// </param>
    public static TextRemovalResult Remove(ImageBuffer image, GrayImage mask, IReadOnlyList<TextRegion> regions, double maxInvertibleOpacity = 0.7,
        InpaintEngine engine = InpaintEngine.PatchMatch, int seed = 1, CancellationToken cancellationToken = default, IReadOnlyList<int>? blendOf = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(regions);
        mask.EnsureSameSize(image.Width, image.Height);
        if (!(maxInvertibleOpacity > 0 && maxInvertibleOpacity < 1)) throw new ArgumentOutOfRangeException(nameof(maxInvertibleOpacity), maxInvertibleOpacity, "Must be in (0, 1).");
        int width = image.Width, height = image.Height;
        var binary = MaskOps.Binarize(mask);
        // J0: a smooth guess of the photo under the strokes, from their surroundings. The hole is grown by 2 px so the
        // guess starts from clean pixels: faint antialiased text just outside the mask would pull it towards the text
        // colour and make the opacity come out too low (fatal for nearly opaque text, where 1/(1 - A) amplifies it).
        var guess = ClassicalInpainter.Inpaint(image, MaskOps.Dilate(binary, 2), InpaintEngine.Telea, seed, cancellationToken);
        var core = MaskOps.Erode(binary, 1);

        // Assign each mask pixel to the first region that contains it.
        var owner = new int[width * height];
        Array.Fill(owner, -1);
        var members = new List<int>[regions.Count];
        var m = binary.Pixels;
        for (int k = 0; k < regions.Count; k++)
        {
            members[k] = [];
            var grown = regions[k].Grow(4);
            var b = grown.Bounds.Inflate(0, width, height);
            for (int y = b.Y; y < b.Y + b.Height; y++)
                for (int x = b.X; x < b.X + b.Width; x++)
                {
                    int q = y * width + x;
                    if (m[q] == 0 || owner[q] >= 0 || !grown.Contains(x, y)) continue;
                    owner[q] = k;
                    members[k].Add(q);
                }
        }

        var result = image.Clone();
        var inpaint = new GrayImage(width, height);
        var hole = inpaint.Pixels;
        for (int q = 0; q < m.Length; q++) if (m[q] != 0 && owner[q] < 0) hole[q] = 255;
        var estimates = new List<TextBlendEstimate>();
        long inverted = 0;
        var blends = new (double A, double[] W)?[regions.Count];
        for (int k = 0; k < regions.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (members[k].Count == 0) continue;
            int source = blendOf is not null && k < blendOf.Count ? blendOf[k] : -1;
            var (a, w) = source >= 0 && source < k && blends[source] is { A: > 0 } shared ? shared : EstimateBlend(image, guess, core, members[k]);
            blends[k] = (a, w);
            if (a <= 0)
            {
                // Not explained by a blend (texture taken for text): leave the photo as it is.
                estimates.Add(new TextBlendEstimate(regions[k], 0, new Rgba32(ToByte(w[0]), ToByte(w[1]), ToByte(w[2])), members[k].Count, false));
                continue;
            }
            bool invert = a <= maxInvertibleOpacity;
            if (invert) inverted += Apply(image, guess, result, members[k], a, w, (float)maxInvertibleOpacity, hole);
            else MarkOpaqueStrokes(image, guess, members[k], w, hole);
            estimates.Add(new TextBlendEstimate(regions[k], a, new Rgba32(ToByte(w[0]), ToByte(w[1]), ToByte(w[2])), members[k].Count, invert));
        }
        long inpainted = MaskOps.Count(inpaint);
        var afterInversion = result;
        var output = inpainted > 0 && ClassicalInpainter.IsClassical(engine)
            ? ClassicalInpainter.Inpaint(result, inpaint, engine, seed, cancellationToken)
            : result;
        return new TextRemovalResult(output, afterInversion, inpaint, inverted, inpainted, estimates);
    }

    /// <summary>Chooses the opacity and colour whose inversion leaves the least edge energy over the region's pixels.</summary>
    internal static (double A, double[] W) EstimateBlend(ImageBuffer image, ImageBuffer guess, GrayImage core, List<int> pixels)
    {
        ReadOnlySpan<byte> ip = image.Pixels, gp = guess.Pixels, cp = core.Pixels;
        // Fit on the stroke cores (fully covered pixels); thin strokes have no core: use every pixel then.
        var fit = new List<int>(pixels.Count);
        foreach (int q in pixels) if (cp[q] != 0) fit.Add(q);
        if (fit.Count < 8) fit = pixels;
        Span<double> mi = stackalloc double[3], mg = stackalloc double[3];
        foreach (int q in fit)
            for (int c = 0; c < 3; c++) { mi[c] += ip[q * 4 + c]; mg[c] += gp[q * 4 + c]; }
        for (int c = 0; c < 3; c++) { mi[c] /= fit.Count; mg[c] /= fit.Count; }
        double cov = 0, var = 0;
        foreach (int q in fit)
            for (int c = 0; c < 3; c++)
            {
                double di = ip[q * 4 + c] - mi[c], dg = gp[q * 4 + c] - mg[c];
                cov += di * dg; var += dg * dg;
            }

        var candidates = new List<(double A, double[] W)>();
        // Least squares I = s*J0 + b (s = 1 - A, b = A*W per channel); needs variation in J0 to be determined.
        // A slope near 0 means the strokes do not show the photo at all: opaque text, inpaint it.
        if (var > 16.0 * fit.Count)
        {
            double s = Math.Clamp(cov / var, 0, 1), a = 1 - s;
            if (a >= 0.97) return Opaque(ip, fit, mi);
            var w = new double[3];
            for (int c = 0; c < 3; c++) w[c] = Math.Clamp((mi[c] - s * mg[c]) / a, 0, 255);
            candidates.Add((a, w));
        }
        // Achromatic text of a given level (white, black, greys): per pixel A_p = (I - J0).(W - J0) / |W - J0|^2; the
        // text's opacity is the 75th percentile over the cores (antialiased and partly covered pixels pull a mean down).
        var perPixel = new List<double>(fit.Count);
        foreach (double level in new[] { 255.0, 0.0, 128.0, 64.0, 192.0 })
        {
            perPixel.Clear();
            foreach (int q in fit)
            {
                double num = 0, den = 0;
                for (int c = 0; c < 3; c++)
                {
                    double d = level - gp[q * 4 + c];
                    num += (ip[q * 4 + c] - gp[q * 4 + c]) * d;
                    den += d * d;
                }
                if (den >= 3 * 24 * 24) perPixel.Add(num / den);
            }
            if (perPixel.Count < Math.Max(8, fit.Count / 4)) continue;
            perPixel.Sort();
            double a = perPixel[(int)(0.75 * (perPixel.Count - 1))];
            if (a > 0.05) candidates.Add((Math.Min(1, a), [level, level, level]));
        }
        if (candidates.Count == 0) return Opaque(ip, fit, mi);
        // The candidate that best explains the observed stroke pixels wins: each pixel is J0 moved towards W by
        // A x coverage, coverage free in 0..1 (edges, false positives), so a colour or opacity that cannot reach the
        // observed pixels leaves a residual. (Edge energy of the inversion is not used: near A = 1 it is dominated by
        // the 1/(1 - A) amplification, and those regions are inpainted anyway.)
        double best = double.MaxValue;
        var chosen = candidates[0];
        foreach (var cand in candidates)
        {
            double residual = 0;
            foreach (int q in fit)
            {
                double num = 0, den = 0;
                for (int c = 0; c < 3; c++)
                {
                    double d = cand.W[c] - gp[q * 4 + c];
                    num += (ip[q * 4 + c] - gp[q * 4 + c]) * d;
                    den += d * d;
                }
                double k = den < 1e-6 ? 0 : Math.Clamp(num / den, 0, cand.A);
                for (int c = 0; c < 3; c++)
                {
                    double e = ip[q * 4 + c] - gp[q * 4 + c] - k * (cand.W[c] - gp[q * 4 + c]);
                    residual += e * e;
                }
            }
            if (residual < best) { best = residual; chosen = cand; }
        }
        return chosen;
    }

    /// <summary>
    /// Marks for inpainting the pixels of an opaque region that look like its text: those whose change from the guessed
    /// photo points towards the text colour and reaches at least <see cref="MinOpaqueCoverage"/> of the way. Photo between
    /// the letters that the mask took with them (a busy background segmented as strokes, a box-filling false detection)
    /// has not moved towards W and keeps its pixels; where the photo under a pixel is itself about W nothing tells them
    /// apart, and it is inpainted.
    /// </summary>
    private static void MarkOpaqueStrokes(ImageBuffer image, ImageBuffer guess, List<int> pixels, double[] w, Span<byte> hole)
    {
        ReadOnlySpan<byte> ip = image.Pixels, gp = guess.Pixels;
        foreach (int q in pixels)
        {
            var (num, den) = TowardsText(ip, gp, q, w);
            if (den >= MinOpaqueContrast * MinOpaqueContrast && num < MinOpaqueCoverage * den) continue;
            hole[q] = 255;
        }
    }

    /// <summary>
    /// An opaque region's pixel whose projected coverage is below this is photo, not text, and is left as it is
    /// (0.15-0.3 measured alike on the synthetic set, 0.5 left antialiased stroke edges behind).
    /// </summary>
    private const float MinOpaqueCoverage = 0.3f;

    /// <summary>Below this distance (grey levels) between the text colour and the guessed photo, coverage is not measurable: inpainted.</summary>
    private const float MinOpaqueContrast = 16f;

    /// <summary>
    /// Opaque text is one colour: its cores vary little. Texture that a false detection took for strokes is also
    /// uncorrelated with the smooth guess (so it looks opaque) but varies: it is left alone (A = 0) rather than inpainted.
    /// </summary>
    private static (double A, double[] W) Opaque(ReadOnlySpan<byte> ip, List<int> fit, Span<double> mean)
    {
        // Robust spread (1.4826 x median absolute deviation of luma): antialiased edge pixels among the cores are outliers.
        var luma = new double[fit.Count];
        for (int i = 0; i < fit.Count; i++) { int q = fit[i] * 4; luma[i] = 0.299 * ip[q] + 0.587 * ip[q + 1] + 0.114 * ip[q + 2]; }
        Array.Sort(luma);
        double median = luma[luma.Length / 2];
        for (int i = 0; i < luma.Length; i++) luma[i] = Math.Abs(luma[i] - median);
        Array.Sort(luma);
        double spread = 1.4826 * luma[luma.Length / 2];
        return spread <= MaxOpaqueStd ? (1, [mean[0], mean[1], mean[2]]) : (0, [mean[0], mean[1], mean[2]]);
    }

    /// <summary>Colour spread (grey levels) above which "opaque" cores are texture, not text.</summary>
    private const double MaxOpaqueStd = 24;

    /// <summary>
    /// J = (I - A_p W) / (1 - A_p) with A_p = a x coverage; coverage is the projection of I - J0 onto W - J0 (clamped
    /// to 0..1; above <see cref="FullCoverage"/> it is taken as 1). Returns false when the pixel is too opaque.
    /// </summary>
    private static bool Recover(ReadOnlySpan<byte> ip, ReadOnlySpan<byte> gp, int q, float a, double[] w, Span<float> j, out float alpha)
    {
        var (num, den) = TowardsText(ip, gp, q, w);
        float coverage = den < 1e-3f ? 1 : Math.Clamp(num / (a * den), 0, 1);
        if (coverage > FullCoverage) coverage = 1;
        alpha = a * coverage;
        float inv = 1 / Math.Max(1e-3f, 1 - alpha);
        for (int c = 0; c < 3; c++) j[c] = (ip[q * 4 + c] - alpha * (float)w[c]) * inv;
        return true;
    }

    private static long Apply(ImageBuffer image, ImageBuffer guess, ImageBuffer result, List<int> pixels, double a, double[] w, float maxAlpha, Span<byte> hole)
    {
        ReadOnlySpan<byte> ip = image.Pixels, gp = guess.Pixels;
        var rp = result.Pixels;
        Span<float> j = stackalloc float[3];
        long count = 0;
        foreach (int q in pixels)
        {
            Recover(ip, gp, q, (float)a, w, j, out float alpha);
            // Far outside the colour range means the blend model does not explain this pixel: inpaint it.
            bool bad = alpha > maxAlpha || j[0] < -40 || j[1] < -40 || j[2] < -40 || j[0] > 295 || j[1] > 295 || j[2] > 295;
            if (bad) { hole[q] = 255; continue; }
            for (int c = 0; c < 3; c++) rp[q * 4 + c] = ToByte(j[c]);
            count++;
        }
        return count;
    }

    /// <summary>Pixel q's change from the guess projected on the way to the text colour: (I - J0).(W - J0) and |W - J0|^2; their ratio is the coverage.</summary>
    private static (float Num, float Den) TowardsText(ReadOnlySpan<byte> ip, ReadOnlySpan<byte> gp, int q, double[] w)
    {
        float num = 0, den = 0;
        for (int c = 0; c < 3; c++)
        {
            float d = (float)w[c] - gp[q * 4 + c];
            num += (ip[q * 4 + c] - gp[q * 4 + c]) * d;
            den += d * d;
        }
        return (num, den);
    }

    private static byte ToByte(double v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)(v + 0.5);
}
