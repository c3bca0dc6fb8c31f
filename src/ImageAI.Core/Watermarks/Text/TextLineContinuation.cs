using ImageAI.Compositing;
using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Morphology;

namespace ImageAI.Watermarks;

/// <summary>
/// Follows found text lines past the detector's boxes, where the detector saw only part of a line (a word over
/// shutters and window frames). A watermark is one colour W at one opacity A along its whole line, so each of its
/// stroke pixels is <c>I = A*W + (1 - A)*J</c> over the photo J under it. The blend is estimated on the line's own
/// strokes (as the remover estimates it, against a fast-marching guess of the photo under them) and then predicts,
/// for any background, what a stroke over it looks like. Beyond each end of the line, steps of
/// <see cref="StepLength"/> line heights are segmented like a region, and a candidate stroke pixel is explained when
/// its change from its guessed background points towards the predicted colour and reaches about as far. A step is
/// taken when its explained pixels fill its core band like the line's strokes fill the line's, not its margins, and
/// lie across the line in the line's profile (ascenders, x-height, descenders); texture changes the photo in any
/// direction, by any amount, and anywhere across the band. The first step that fails ends the line.
/// </summary>
public static class TextLineContinuation
{
    /// <summary>Only lines at least this many times longer than tall are followed (a word, not a glyph).</summary>
    private const float MinAspect = 2f;

    /// <summary>A step is this many line heights long.</summary>
    private const float StepLength = 2.5f;

    /// <summary>At most this many steps beyond each end.</summary>
    private const int MaxSteps = 8;

    /// <summary>Pixels this close to a found region are its own: the remover fits each region's blend to the mask pixels
    /// within 4 px of it, and a few stray pixels there changed its estimate for a whole line.</summary>
    private const float DecidedMargin = 6f;

    /// <summary>A pixel is tested only where the blend would change its background by at least this much (grey levels).</summary>
    private const float MinPull = 16f;

    /// <summary>An explained pixel's change reaches at least this fraction of the predicted change (antialiased edges less) ...</summary>
    private const float MinReach = 0.5f;

    /// <summary>... at most this fraction ...</summary>
    private const float MaxReach = 1.6f;

    /// <summary>... and strays from the predicted direction by at most this fraction of the predicted change.</summary>
    private const float MaxOffAxis = 0.35f;

    /// <summary>The line's own stroke cores must be explained by its blend at least this often, or the blend is not trusted
    /// (texture taken for strokes, a fit pulled by it).</summary>
    private const float MinSelfExplained = 0.35f;

    /// <summary>A step's explained pixels (with strokes already found) fill its core band at least this fraction as densely as
    /// the line's fill the line's ...</summary>
    private const float MinCoreFill = 0.4f;

    /// <summary>... fill its margins at most this fraction as densely as its core ...</summary>
    private const float MaxMarginToCore = 0.5f;

    /// <summary>... and their profile across the line matches the line's at least this well (cosine of the bin densities).</summary>
    private const float MinProfileMatch = 0.8f;

    /// <summary>Bins of the profile across a line, edge to edge.</summary>
    private const int ProfileBins = 8;

    /// <summary>A taken step adds its explained pixels only when there are at least this many per pixel of line height:
    /// a step over words already found passes through without adding stray pixels.</summary>
    private const float MinAddedPerHeight = 3f;

    /// <summary>
    /// The mask with the lines' continuations added, and the regions with each followed line's box grown over the
    /// steps taken (so the remover fits one blend to the whole line).
    /// </summary>
    /// <param name="image">The photo.</param>
    /// <param name="mask">The stroke mask found so far (value &gt;= 128), the image's size.</param>
    /// <param name="regions">The lines the mask belongs to.</param>
    /// <param name="dilation">Grow the added strokes by this many pixels (antialiased edges), as the stroke mask does.</param>
    /// <param name="cancellationToken">Stops between lines and steps.</param>
    /// <exception cref="MaskSizeMismatchException">The mask is not the image's size.</exception>
    public static (GrayImage Mask, IReadOnlyList<TextRegion> Regions) Extend(ImageBuffer image, GrayImage mask, IReadOnlyList<TextRegion> regions,
        int dilation = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentOutOfRangeException.ThrowIfNegative(dilation);
        mask.EnsureSameSize(image.Width, image.Height);
        if (regions.Count == 0) return (mask, regions);
        var found = MaskOps.Binarize(mask);
        // The photo under the strokes, guessed from clean pixels around them (the hole grown past antialiased edges).
        var guess = ClassicalInpainter.Inpaint(image, MaskOps.Dilate(found, 2), InpaintEngine.Telea, 1, cancellationToken);
        var core = MaskOps.Erode(found, 1);
        var decided = Inside(regions, image.Width, image.Height, DecidedMargin);
        var added = new GrayImage(image.Width, image.Height);
        var lines = new List<TextRegion>(regions.Count);
        bool any = false;
        Span<int> taken = stackalloc int[2];
        foreach (var line in regions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lines.Add(line);
            if (line.Width < MinAspect * line.Height || LineBlend.Fit(image, guess, core, found, line) is not { } blend) continue;
            var own = Tally.Of(image, guess, core, null, null, line, blend);
            if (own.Tested == 0 || own.Explained < MinSelfExplained * own.Tested) continue;
            double angle = line.Angle * Math.PI / 180;
            float ux = (float)Math.Cos(angle), uy = (float)Math.Sin(angle), length = StepLength * line.Height;
            taken.Clear();
            foreach (int direction in (ReadOnlySpan<int>)[-1, 1])
                for (int k = 0; k < MaxSteps; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    float along = direction * (line.Width / 2 + (k + 0.5f) * length);
                    var step = line with { CenterX = line.CenterX + along * ux, CenterY = line.CenterY + along * uy, Width = length };
                    if (step.CenterX < 0 || step.CenterY < 0 || step.CenterX >= image.Width || step.CenterY >= image.Height) break;
                    if (!TakeStep(image, found, decided, step, blend, own.CoreFill, own.Profile, added, cancellationToken)) break;
                    taken[(direction + 1) / 2]++;
                }
            if (taken[0] + taken[1] == 0) continue;
            any = true;
            float shift = (taken[1] - taken[0]) * length / 2;
            lines[^1] = line with { CenterX = line.CenterX + shift * ux, CenterY = line.CenterY + shift * uy, Width = line.Width + (taken[0] + taken[1]) * length };
        }
        if (!any) return (mask, regions);
        return (MaskOps.Union(mask, dilation > 0 ? MaskOps.Dilate(added, dilation) : added), lines);
    }

    /// <summary>A step is judged on a crop this far around its box: wider than the widest stroke window and the fill's reach.</summary>
    private const int CropMargin = 32;

    /// <summary>Segments the step, tests its candidate strokes against the line's blend, and adds the explained ones to <paramref name="added"/> when the step is taken.</summary>
    private static bool TakeStep(ImageBuffer image, GrayImage found, GrayImage decided, TextRegion step, LineBlend blend, float lineFill, float[] lineProfile,
        GrayImage added, CancellationToken cancellationToken)
    {
        var window = step.Bounds.Inflate(CropMargin, image.Width, image.Height);
        if (window.Width <= 0 || window.Height <= 0) return false;
        var rect = new Compositing.PixelRect(window.X, window.Y, window.Width, window.Height);
        var crop = SubjectBounds.Crop(image, rect);
        GrayImage foundHere = SubjectBounds.Crop(found, rect), decidedHere = SubjectBounds.Crop(decided, rect);
        var local = step with { CenterX = step.CenterX - window.X, CenterY = step.CenterY - window.Y };
        // Both polarities: grey text is darker than a light background and lighter than a dark one, and the blend test
        // below keeps only the changes that point its way. (One polarity chosen per step took the gaps between
        // regular letters for strokes.)
        var candidates = MaskOps.Union(TextStrokeMask.Candidates(crop, local, -1), TextStrokeMask.Candidates(crop, local, 1));
        cancellationToken.ThrowIfCancellationRequested();
        // The photo under the candidates, from around them; strokes already found near the step are kept out of the guess too.
        var hole = MaskOps.Union(candidates, Near(foundHere, local.Grow(8)));
        var guess = ClassicalInpainter.Inpaint(crop, MaskOps.Dilate(hole, 2), InpaintEngine.Telea, 1, cancellationToken);
        var explained = new GrayImage(crop.Width, crop.Height);
        var tally = Tally.Of(crop, guess, candidates, foundHere, decidedHere, local, blend, explained);
        bool take = tally.Tested > 0
                    && tally.CoreFill >= MinCoreFill * lineFill
                    && tally.MarginFill <= MaxMarginToCore * tally.CoreFill
                    && Cosine(tally.Profile, lineProfile) >= MinProfileMatch;
        if (!take) return false;
        if (tally.Explained >= MinAddedPerHeight * step.Height)
            for (int y = 0; y < window.Height; y++)
                for (int x = 0; x < window.Width; x++)
                    if (explained.Pixels[y * window.Width + x] != 0) added.Pixels[(window.Y + y) * image.Width + window.X + x] = 255;
        return true;
    }

    /// <summary>The pixels of <paramref name="regions"/> grown by <paramref name="margin"/>.</summary>
    private static GrayImage Inside(IReadOnlyList<TextRegion> regions, int width, int height, float margin)
    {
        var inside = new GrayImage(width, height);
        foreach (var region in regions) region.Paint(inside, 255, margin);
        return inside;
    }

    /// <summary>The mask's pixels inside <paramref name="region"/>'s box (the rest cleared), so a step's guess stays local.</summary>
    private static GrayImage Near(GrayImage mask, TextRegion region)
    {
        var near = new GrayImage(mask.Width, mask.Height);
        var b = region.Bounds.Inflate(0, mask.Width, mask.Height);
        for (int y = b.Y; y < b.Y + b.Height; y++)
            mask.Pixels.Slice(y * mask.Width + b.X, b.Width).CopyTo(near.Pixels.Slice(y * mask.Width + b.X, b.Width));
        return near;
    }

    private static float Cosine(float[] a, float[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
        return aa > 0 && bb > 0 ? (float)(ab / Math.Sqrt(aa * bb)) : 0;
    }

    /// <summary>
    /// A region's candidate strokes against a blend: how many were tested and explained, and how densely the explained
    /// pixels and the strokes already found fill the core band (middle 60 % across the line), the margins (outer 20 %
    /// on either side) and each of <see cref="ProfileBins"/> bins across it.
    /// </summary>
    private readonly record struct Tally(int Tested, int Explained, float CoreFill, float MarginFill, float[] Profile)
    {
        /// <param name="image">The photo.</param>
        /// <param name="guess">The photo under the candidates and found strokes, guessed from around them.</param>
        /// <param name="candidates">Pixels to test.</param>
        /// <param name="found">Strokes already found: counted as strokes, not tested; or null.</param>
        /// <param name="decided">Where candidates are not tested (inside found regions), or null.</param>
        /// <param name="region">The region (a line or a step).</param>
        /// <param name="blend">The line's blend.</param>
        /// <param name="explained">Receives the explained pixels (255), or null.</param>
        public static Tally Of(ImageBuffer image, ImageBuffer guess, GrayImage candidates, GrayImage? found, GrayImage? decided, TextRegion region, LineBlend blend,
            GrayImage? explained = null)
        {
            int width = image.Width;
            var b = region.Bounds.Inflate(0, image.Width, image.Height);
            ReadOnlySpan<byte> ip = image.Pixels, gp = guess.Pixels, cp = candidates.Pixels;
            double angle = region.Angle * Math.PI / 180;
            float ux = (float)Math.Cos(angle), uy = (float)Math.Sin(angle), half = region.Height / 2;
            int tested = 0, hits = 0, core = 0, coreOn = 0, margin = 0, marginOn = 0;
            Span<int> binTotal = stackalloc int[ProfileBins], binOn = stackalloc int[ProfileBins];
            binTotal.Clear();
            binOn.Clear();
            for (int y = b.Y; y < b.Y + b.Height; y++)
                for (int x = b.X; x < b.X + b.Width; x++)
                {
                    if (!region.Contains(x, y)) continue;
                    int q = y * width + x;
                    float across = (-(x + 0.5f - region.CenterX) * uy + (y + 0.5f - region.CenterY) * ux) / half;
                    int bin = Math.Clamp((int)((across + 1) / 2 * ProfileBins), 0, ProfileBins - 1);
                    bool isCore = Math.Abs(across) < 0.6f, isMargin = Math.Abs(across) >= 0.8f;
                    binTotal[bin]++;
                    if (isCore) core++;
                    if (isMargin) margin++;
                    bool on = found is not null && found.Pixels[q] >= 128;
                    if (!on && cp[q] >= 128 && (decided is null || decided.Pixels[q] == 0))
                    {
                        if (blend.Explains(ip.Slice(q * 4, 3), gp.Slice(q * 4, 3)) is not { } verdict) continue;
                        tested++;
                        if (verdict)
                        {
                            hits++;
                            on = true;
                            if (explained is not null) explained.Pixels[q] = 255;
                        }
                    }
                    if (!on) continue;
                    binOn[bin]++;
                    if (isCore) coreOn++;
                    if (isMargin) marginOn++;
                }
            var profile = new float[ProfileBins];
            for (int i = 0; i < ProfileBins; i++) profile[i] = binTotal[i] > 0 ? (float)binOn[i] / binTotal[i] : 0;
            return new Tally(tested, hits, (float)coreOn / Math.Max(1, core), (float)marginOn / Math.Max(1, margin), profile);
        }
    }

    /// <summary>A line's blend as a prediction: over background J a stroke pixel is <c>S*J + C</c> (S = 1 - A, C = A*W per channel).</summary>
    private sealed record LineBlend(float Slope, float[] Offset)
    {
        /// <summary>The blend the remover would estimate for the line's strokes; null when they are not explained by one.</summary>
        public static LineBlend? Fit(ImageBuffer image, ImageBuffer guess, GrayImage core, GrayImage strokes, TextRegion line)
        {
            var b = line.Bounds.Inflate(0, image.Width, image.Height);
            var pixels = new List<int>();
            ReadOnlySpan<byte> sp = strokes.Pixels;
            for (int y = b.Y; y < b.Y + b.Height; y++)
                for (int x = b.X; x < b.X + b.Width; x++)
                    if (sp[y * image.Width + x] >= 128 && line.Contains(x, y)) pixels.Add(y * image.Width + x);
            if (pixels.Count < 30) return null;
            var (a, w) = TextWatermarkRemover.EstimateBlend(image, guess, core, pixels);
            if (a <= 0) return null;
            return new LineBlend((float)(1 - a), [(float)(a * w[0]), (float)(a * w[1]), (float)(a * w[2])]);
        }

        /// <summary>
        /// Whether the pixel's change from its background is this blend's: null where the blend barely changes that
        /// background (no evidence either way), else whether the change points towards the predicted colour and reaches it.
        /// </summary>
        public bool? Explains(ReadOnlySpan<byte> pixel, ReadOnlySpan<byte> background)
        {
            float dd = 0, ed = 0, ee = 0;
            for (int c = 0; c < 3; c++)
            {
                float j = background[c], d = Slope * j + Offset[c] - j, e = pixel[c] - j;
                dd += d * d;
                ed += e * d;
                ee += e * e;
            }
            if (dd < MinPull * MinPull) return null;
            float reach = ed / dd, offAxis = Math.Max(0, ee - reach * reach * dd);
            return reach >= MinReach && reach <= MaxReach && offAxis <= MaxOffAxis * MaxOffAxis * dd;
        }
    }
}
