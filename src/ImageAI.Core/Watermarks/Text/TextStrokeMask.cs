using System.Buffers;
using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Processing;

namespace ImageAI.Watermarks;

/// <summary>
/// Turns detected text regions into a mask of the text's strokes, not its boxes: inside each region the strokes are
/// the thin features that a grey-scale opening (bright text: top-hat) or closing (dark text: black-hat) with a window
/// wider than the strokes removes. The polarity is chosen per line (see <see cref="PolaritySums"/>); the stroke
/// threshold is Otsu's on the response inside the region (with a floor against flat backgrounds). The mask is then
/// grown by a pixel or two for antialiased edges. Bold strokes, wider than the window, are filled in from a second,
/// wider window (see <see cref="FillBoldStrokes"/>), and, given the inverted chroma, desaturated strokes the photo's
/// segmentation missed join (see <see cref="MaxAddedMarginToCore"/>). A dense region (busy background) is segmented again more strictly and
/// kept only if it looks like a text line (see <see cref="BuildWithRegions"/>). A box mask would be 4-8x the text's area and inpainting it
/// repaints clean photo; this one follows the glyphs.
/// </summary>
public static partial class TextStrokeMask
{
    /// <summary>Responses below this (grey levels) are never strokes: flat backgrounds with a few noisy pixels.</summary>
    private const float MinContrast = 6f;

    /// <summary>Pixels with at least this fraction of the stroke threshold join the strokes they touch.</summary>
    private const float WeakFraction = 0.45f;

    /// <summary>Weak pixels join the strokes up to this many pixels out (antialiased edges). Growing up to the window radius
    /// filled the middles of strokes over dark backgrounds (+1 point of coverage on the synthetic set) but grew thin strokes
    /// into clean background (whole-image SSIM down on 6 images): not worth it.</summary>
    private const int GrowPasses = 2;

    /// <summary>The stroke mask (0/255) of the given regions, the image's size.</summary>
    /// <param name="image">The photo.</param>
    /// <param name="regions">Detected text regions in image pixels.</param>
    /// <param name="dilation">Grow the strokes by this many pixels (antialiased edges).</param>
    /// <param name="cancellationToken">Stops between regions.</param>
    public static GrayImage Build(ImageBuffer image, IReadOnlyList<TextRegion> regions, int dilation = 1, CancellationToken cancellationToken = default) =>
        BuildWithRegions(image, regions, dilation, cancellationToken).Mask;

    /// <summary>
    /// The stroke mask and the regions that look like text. A region whose "strokes" fill more than
    /// <see cref="MaxStrokeDensity"/> of it is either text over a busy background or a false detection on a textured band
    /// (a row of trees, a fence), which would be taken whole, and inpainting it would repaint clean photo. It is segmented
    /// again with a stricter threshold (its strongest responses) and kept only if those are shaped like a text line:
    /// a region at least twice as long as tall, whose strokes fill the margins of its box (the detector's unclip margin,
    /// background but for ascenders and descenders) at most 0.7 times as densely as its core. Texture fills both alike.
    /// </summary>
    /// <param name="image">The photo.</param>
    /// <param name="regions">Detected text regions in image pixels.</param>
    /// <param name="dilation">Grow the strokes by this many pixels (antialiased edges).</param>
    /// <param name="cancellationToken">Stops between regions.</param>
    /// <param name="achromatic">
    /// The photo's inverted chroma (<see cref="ImageAI.Processing.AchromaticMap"/>), or null: where given, desaturated
    /// strokes the photo's segmentation missed join a kept region's strokes (see <see cref="MaxAddedMarginToCore"/>).
    /// </param>
    public static (GrayImage Mask, IReadOnlyList<TextRegion> Accepted) BuildWithRegions(ImageBuffer image, IReadOnlyList<TextRegion> regions, int dilation = 1,
        CancellationToken cancellationToken = default, ImageBuffer? achromatic = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentOutOfRangeException.ThrowIfNegative(dilation);
        if (achromatic is not null && (achromatic.Width != image.Width || achromatic.Height != image.Height))
            throw new ArgumentException("The inverted chroma must be the image's size.", nameof(achromatic));
        var mask = new GrayImage(image.Width, image.Height);
        var accepted = new List<TextRegion>(regions.Count);
        foreach (var region in regions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (AddRegion(image, region, mask, achromatic)) accepted.Add(region);
        }
        return (dilation > 0 ? MaskOps.Dilate(mask, dilation) : mask, accepted);
    }

    /// <summary>Regions whose strokes cover more than this fraction of their (grown) box are dense: text over a busy background or texture.</summary>
    public const float MaxStrokeDensity = 0.75f;

    /// <summary>The window radius for a region: wider than the strokes of text whose line is <paramref name="regionHeight"/> tall.</summary>
    public static int WindowRadius(float regionHeight) => Math.Clamp((int)MathF.Round(0.12f * regionHeight), 2, 16);

    /// <summary>
    /// The region's stroke candidates of one polarity (+1 bright, -1 dark; bold strokes filled in), without the colour
    /// refinement, the image's size; empty when the region does not look like text. For tests that judge each pixel
    /// themselves (<see cref="TextLineContinuation"/>).
    /// </summary>
    internal static GrayImage Candidates(ImageBuffer image, TextRegion region, int polarity)
    {
        var mask = new GrayImage(image.Width, image.Height);
        AddRegion(image, region, mask, null, polarity, refineByColour: false);
        return mask;
    }

    private static bool AddRegion(ImageBuffer image, TextRegion region, GrayImage mask, ImageBuffer? achromatic, int knownPolarity = 0, bool refineByColour = true)
    {
        // Glyph extents (accents, descenders) poke out of the detector's box a little. (A larger search box finds a
        // little more text but more false positives: on the synthetic set +1% coverage cost whole-image SSIM.)
        var grown = region.Grow(2);
        int r = WindowRadius(region.Height), bold = BoldWindowRadius(region.Height);
        var b = grown.Bounds.Inflate(bold, image.Width, image.Height);
        if (b.Width <= 0 || b.Height <= 0) return false;
        var state = Segment(image, region, grown, b, r, knownPolarity, out int polarity);
        if (state is null) return false;
        try
        {
            // The wide window keeps the narrow one's polarity: a wide black-hat also answers in the gaps between white
            // letters, and would outvote them.
            if (bold > r && Segment(image, region, grown, b, bold, polarity, out _) is { } wide)
            {
                FillBoldStrokes(state, wide, b.Width, b.Height, bold);
                ArrayPool<byte>.Shared.Return(wide);
            }
            if (refineByColour) RefineByColour(image, state, grown, b);
            if (achromatic is not null) AddDesaturatedStrokes(achromatic, state, region, grown, b, r);
            var m = mask.Pixels;
            for (int y = 0; y < b.Height; y++)
                for (int x = 0; x < b.Width; x++)
                    if (state[y * b.Width + x] >= 2) m[(b.Y + y) * image.Width + b.X + x] = 255;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(state);
        }
    }

    /// <summary>
    /// The stroke state of the region's box <paramref name="b"/> with window radius <paramref name="r"/> (2 and up =
    /// stroke), rented from <see cref="ArrayPool{T}.Shared"/>; null when the region does not look like text.
    /// </summary>
    private static byte[]? Segment(ImageBuffer image, TextRegion region, TextRegion grown, PixelRect b, int r, int knownPolarity, out int linePolarity)
    {
        linePolarity = 0;
        int w = b.Width, h = b.Height, n = w * h;
        var pool = ArrayPool<float>.Shared;
        // Per pixel, the strongest bright (top-hat) and dark (black-hat) response over R, G and B: luma alone misses
        // white text over yellow, where only blue changes much.
        float[] plane = pool.Rent(n), open = pool.Rent(n), close = pool.Rent(n), tmp = pool.Rent(n), bright = pool.Rent(n), dark = pool.Rent(n);
        try
        {
            ReadOnlySpan<byte> px = image.Pixels;
            Array.Clear(bright, 0, n);
            Array.Clear(dark, 0, n);
            for (int channel = 0; channel < 3; channel++)
            {
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        plane[y * w + x] = px[((b.Y + y) * image.Width + b.X + x) * 4 + channel];
                // Opening = max(min(.)), closing = min(max(.)), square window of radius r.
                SquareMinMaxFilter.Apply(plane, tmp, w, h, r, max: false);
                SquareMinMaxFilter.Apply(tmp, open, w, h, r, max: true);
                SquareMinMaxFilter.Apply(plane, tmp, w, h, r, max: true);
                SquareMinMaxFilter.Apply(tmp, close, w, h, r, max: false);
                for (int i = 0; i < n; i++)
                {
                    bright[i] = Math.Max(bright[i], plane[i] - open[i]);
                    dark[i] = Math.Max(dark[i], close[i] - plane[i]);
                }
            }

            // The line is cut into chunks along its length (about 1.5 line heights each): the background, and so the
            // text's contrast and even its polarity (grey text), changes along a line. Per chunk the polarity is the
            // stronger mean response (texture feeds both equally, strokes feed one) and the threshold is Otsu's.
            float chunkLength = Math.Max(16f, 1.5f * region.Height);
            int chunks = Math.Clamp((int)MathF.Ceiling(grown.Width / chunkLength), 1, 256);
            double angle = region.Angle * Math.PI / 180;
            float ux = (float)Math.Cos(angle), uy = (float)Math.Sin(angle);
            // Per chunk, each polarity's response summed over the line's core band and over its margins (see Polarity).
            var sums = new PolaritySums[chunks];
            float halfHeight = grown.Height / 2;
            var chunkOf = ArrayPool<int>.Shared.Rent(n);
            try
            {
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        int i = y * w + x;
                        chunkOf[i] = -1;
                        if (!grown.Contains(b.X + x, b.Y + y)) continue;
                        float dx = b.X + x + 0.5f - region.CenterX, dy = b.Y + y + 0.5f - region.CenterY;
                        float u = dx * ux + dy * uy;
                        int c = Math.Clamp((int)((u + grown.Width / 2) / chunkLength), 0, chunks - 1);
                        chunkOf[i] = c;
                        float across = Math.Abs(-dx * uy + dy * ux) / halfHeight;
                        sums[c].Add(bright[i], dark[i], across);
                    }
                Span<int> polarity = stackalloc int[chunks];
                // The polarity of the whole line decides (a dark mast crossing light text must not flip a chunk); only a
                // line without a clear polarity (grey text over light and dark) is decided chunk by chunk.
                var line = default(PolaritySums);
                foreach (var chunk in sums) line.Add(chunk);
                linePolarity = knownPolarity != 0 ? knownPolarity : line.Polarity();
                for (int c = 0; c < chunks; c++)
                    polarity[c] = linePolarity != 0 ? linePolarity : sums[c].Polarity(useBands: false);

                var histograms = new int[chunks * 256];
                for (int i = 0; i < n; i++)
                {
                    int c = chunkOf[i];
                    if (c < 0) continue;
                    float t = bright[i], k = dark[i];
                    float v = polarity[c] > 0 ? t : polarity[c] < 0 ? k : Math.Max(t, k);
                    tmp[i] = v;
                    histograms[c * 256 + Math.Clamp((int)v, 0, 255)]++;
                }
                Span<float> threshold = stackalloc float[chunks];
                for (int c = 0; c < chunks; c++) threshold[c] = Math.Max(MinContrast, StrokeThreshold(histograms.AsSpan(c * 256, 256)));
                var state = ArrayPool<byte>.Shared.Rent(n);
                bool keep = false;
                try
                {
                    var (inside, strokes) = Hysteresis(tmp, chunkOf, threshold, WeakFraction, GrowPasses, state, w, h);
                    if (inside == 0) return null;
                    if (strokes > MaxStrokeDensity * inside)
                    {
                        // A busy background (foliage, water) feeds the responses as much as the strokes, and Otsu's threshold
                        // splits the texture instead of separating the text (a black "DO NOT COPY" at opacity 0.44 over a
                        // forest: 79 % of its box). The strokes add the blend's contrast on top of the texture, so they are
                        // among the strongest responses: keep the strongest DenseFill of each chunk (about a line's ink, with
                        // no hysteresis growth), and only if that is shaped like a text line; a textured band is dropped.
                        for (int c = 0; c < chunks; c++) threshold[c] = Math.Max(threshold[c], Quantile(histograms.AsSpan(c * 256, 256), 1 - DenseFill));
                        (inside, strokes) = Hysteresis(tmp, chunkOf, threshold, 1f, 0, state, w, h);
                        if (strokes > MaxStrokeDensity * inside || !LooksLikeTextLine(state, chunkOf, b, region, w, h)) return null;
                    }
                    keep = true;
                    return state;
                }
                finally
                {
                    if (!keep) ArrayPool<byte>.Shared.Return(state);
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(chunkOf);
            }
        }
        finally
        {
            pool.Return(plane); pool.Return(open); pool.Return(close); pool.Return(tmp); pool.Return(bright); pool.Return(dark);
        }
    }

    /// <summary>A dense region is kept only if it is line-shaped, at least this many times longer than tall.</summary>
    private const float MinLineAspect = 2f;

    /// <summary>... and its strokes fill the margins of its box at most this fraction as densely as its core.</summary>
    private const float MaxMarginToCore = 0.7f;

    /// <summary>
    /// Whether the strokes found in a dense region are a text line rather than a textured band: the region is longer
    /// than a couple of glyphs, and the strokes concentrate in the line's core. The detector's box is the text kernel
    /// grown by the unclip offset, so its outer fifth on either side (across the line) is mostly background that
    /// only ascenders and descenders reach; texture fills it as densely as the middle.
    /// </summary>
    private static bool LooksLikeTextLine(byte[] state, int[] chunkOf, PixelRect b, TextRegion region, int w, int h)
    {
        if (region.Width < MinLineAspect * region.Height) return false;
        int core = 0, coreOn = 0, margin = 0, marginOn = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                if (chunkOf[i] < 0) continue;
                float v = AcrossLine(region, b.X + x, b.Y + y);
                if (v < CoreHalfWidth) { core++; if (state[i] >= 2) coreOn++; }
                else if (v >= MarginStart) { margin++; if (state[i] >= 2) marginOn++; }
            }
        if (core == 0 || margin == 0) return false;
        return (double)marginOn / margin <= MaxMarginToCore * coreOn / core;
    }

    /// <summary>Pixels closer to the line's axis than this (a fraction of half the grown box's height) are its core ...</summary>
    private const float CoreHalfWidth = 0.4f;

    /// <summary>... and those at least this far out are its margins.</summary>
    private const float MarginStart = 0.8f;

    /// <summary>How far pixel (x, y) lies across the line from its axis, as a fraction of half the box's height grown by 2 px.</summary>
    private static float AcrossLine(TextRegion region, int x, int y)
    {
        double angle = region.Angle * Math.PI / 180;
        float ux = (float)Math.Cos(angle), uy = (float)Math.Sin(angle);
        return Math.Abs(-(x + 0.5f - region.CenterX) * uy + (y + 0.5f - region.CenterY) * ux) / (region.Height / 2 + 2);
    }

    /// <summary>In a dense region, the fraction of each chunk kept as strokes (the strongest responses): about the ink of a line of text in its box.</summary>
    private const float DenseFill = 0.35f;

    /// <summary>
    /// Hysteresis: strong pixels (state 2) pass their chunk's threshold; weaker ones (antialiased stroke edges, thin parts
    /// over bright backgrounds) join when they are connected to the strokes, up to <paramref name="growPasses"/> pixels
    /// out. Returns the pixels inside the region and the strokes among them.
    /// </summary>
    private static (int Inside, int Strokes) Hysteresis(float[] response, int[] chunkOf, ReadOnlySpan<float> threshold, float weakFraction, int growPasses, byte[] state, int w, int h)
    {
        int n = w * h;
        for (int i = 0; i < n; i++)
        {
            int c = chunkOf[i];
            state[i] = c < 0 ? (byte)0 : response[i] >= threshold[c] ? (byte)2 : response[i] >= weakFraction * threshold[c] ? (byte)1 : (byte)0;
        }
        Grow(state, w, h, growPasses);
        int inside = 0, strokes = 0;
        for (int i = 0; i < n; i++)
        {
            if (chunkOf[i] < 0) continue;
            inside++;
            if (state[i] >= 2) strokes++;
        }
        return (inside, strokes);
    }

    /// <summary>Candidate pixels (state 1) that touch a stroke (state 2) join it, one pixel farther per pass.</summary>
    private static void Grow(byte[] state, int w, int h, int passes)
    {
        int n = w * h;
        for (int pass = 0; pass < passes; pass++)
        {
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    if (state[i] != 1) continue;
                    bool touches = (x > 0 && state[i - 1] == 2) || (x < w - 1 && state[i + 1] == 2) || (y > 0 && state[i - w] == 2) || (y < h - 1 && state[i + w] == 2);
                    if (touches) state[i] = 3;
                }
            // Promote after the pass, so the strokes grow by one pixel per pass.
            for (int i = 0; i < n; i++) if (state[i] == 3) state[i] = 2;
        }
    }

    /// <summary>The smallest value v with at least <paramref name="fraction"/> of a 256-bin histogram's count below v + 1.</summary>
    private static float Quantile(ReadOnlySpan<int> histogram, float fraction)
    {
        long total = 0;
        foreach (int count in histogram) total += count;
        long target = (long)Math.Ceiling(fraction * total), seen = 0;
        for (int v = 0; v < histogram.Length; v++)
        {
            seen += histogram[v];
            if (seen >= target) return v + 1;
        }
        return histogram.Length;
    }

    /// <summary>Below this share of a chunk, what Otsu's threshold keeps is a few strong features, not a line's ink.</summary>
    private const float MinStrokeShare = 0.15f;

    /// <summary>The second split is taken only at this fraction of the first threshold or more.</summary>
    private const float MinSecondSplit = 0.3f;

    /// <summary>
    /// A chunk's stroke threshold: Otsu's, unless it keeps less than <see cref="MinStrokeShare"/> of the chunk. Then
    /// the split was between a few much stronger features and everything else (a dark blue stripe across a sail
    /// answers twice as strongly as the grey letters over it, a necklace of white pearls under black text), and the
    /// text lies below it: Otsu's threshold of the values below the first split is taken, as long as what it keeps
    /// stays under half the chunk (more would be background) and it is not far below the first.
    /// </summary>
    private static float StrokeThreshold(ReadOnlySpan<int> histogram)
    {
        float first = Otsu(histogram);
        long total = 0, above = 0;
        for (int v = 0; v < histogram.Length; v++)
        {
            total += histogram[v];
            if (v + 1 >= first) above += histogram[v];
        }
        if (total == 0 || above >= MinStrokeShare * total) return first;
        int cut = Math.Clamp((int)first - 1, 1, histogram.Length);
        float second = Otsu(histogram[..cut]);
        long aboveSecond = above;
        for (int v = 0; v < cut; v++) if (v + 1 >= second) aboveSecond += histogram[v];
        // A second threshold far below the first splits background noise: the chunk held little text (a gap between
        // words), not text beside stronger features (kodim09-v0's mask grew 2.77 -> 3.22x without this).
        return aboveSecond <= 0.5 * total && second >= MinSecondSplit * first ? second : first;
    }

    /// <summary>Otsu's threshold (maximum between-class variance) of a 256-bin histogram.</summary>
    public static float Otsu(ReadOnlySpan<int> histogram)
    {
        long total = 0;
        double sum = 0;
        for (int i = 0; i < histogram.Length; i++) { total += histogram[i]; sum += (double)i * histogram[i]; }
        if (total == 0) return 0;
        double sumB = 0, best = -1;
        long wB = 0;
        int threshold = 0;
        for (int i = 0; i < histogram.Length; i++)
        {
            wB += histogram[i];
            if (wB == 0) continue;
            long wF = total - wB;
            if (wF == 0) break;
            sumB += (double)i * histogram[i];
            double mB = sumB / wB, mF = (sum - sumB) / wF, between = (double)wB * wF * (mB - mF) * (mB - mF);
            if (between > best) { best = between; threshold = i; }
        }
        return threshold + 1;
    }
}
