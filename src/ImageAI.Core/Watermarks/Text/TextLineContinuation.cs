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
/// direction, by any amount, and anywhere across the band. The first step that fails ends the line. Where a reading
/// of the line (a text recogniser's) says how far it runs, that part is taken as text without those tests.
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
    /// <param name="reach">
    /// Per region (same order), how far a reading of the line found it to run past its box, or null. That part is
    /// segmented together with its line, as a detected region is (with <paramref name="achromatic"/> as
    /// <see cref="TextStrokeMask.BuildWithRegions"/> takes it; where the line's blend is trusted, without the pixels it
    /// contradicts), and added as a region after the lines, and the steps within the reach are taken without the band and profile tests (the reading vouches for text
    /// there), adding the pixels the blend explains.
    /// </param>
    /// <param name="follow">Whether lines are also followed past what was read (the blend and band tests); false: only the reach is used.</param>
    /// <param name="achromatic">The photo's inverted chroma for segmenting the read parts, or null.</param>
    /// <param name="blendOf">
    /// When given, filled with one entry per region returned: for a read part, the index of its line (it is the same
    /// text, so the remover can take the line's blend rather than fit one to a few glyphs over whatever lies there;
    /// see <see cref="TextWatermarkRemover.Remove"/>), otherwise -1.
    /// </param>
    /// <exception cref="MaskSizeMismatchException">The mask is not the image's size.</exception>
    /// <exception cref="ArgumentException"><paramref name="reach"/> does not have one entry per region.</exception>
    public static (GrayImage Mask, IReadOnlyList<TextRegion> Regions) Extend(ImageBuffer image, GrayImage mask, IReadOnlyList<TextRegion> regions,
        int dilation = 1, CancellationToken cancellationToken = default, IReadOnlyList<LineReach>? reach = null, bool follow = true,
        ImageBuffer? achromatic = null, IList<int>? blendOf = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentOutOfRangeException.ThrowIfNegative(dilation);
        mask.EnsureSameSize(image.Width, image.Height);
        if (reach is not null && reach.Count != regions.Count)
            throw new ArgumentException($"{reach.Count} reaches for {regions.Count} regions: give one per region.", nameof(reach));
        blendOf?.Clear();
        if (regions.Count == 0) return (mask, regions);
        var found = MaskOps.Binarize(mask);
        // The photo under the strokes, guessed from clean pixels around them (the hole grown past antialiased edges).
        var guess = ClassicalInpainter.Inpaint(image, MaskOps.Dilate(found, 2), InpaintEngine.Telea, 1, cancellationToken);
        var core = MaskOps.Erode(found, 1);
        var decided = Inside(regions, image.Width, image.Height, DecidedMargin);
        var added = new GrayImage(image.Width, image.Height);
        var lines = new List<TextRegion>(regions.Count);
        var readParts = new List<(TextRegion Part, LineBlend? Blend, TextRegion Line, int LineIndex)>();
        bool any = false;
        Span<int> taken = stackalloc int[2], vouchedSteps = stackalloc int[2];
        for (int index = 0; index < regions.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = regions[index];
            var read = reach?[index] ?? LineReach.None;
            lines.Add(line);
            // What was read is segmented as a detected region would be (the stroke mask), and, where the line's blend is
            // trusted, its steps are also taken for the pixels the blend explains: each finds strokes the other misses (on
            // the synthetic set, before the contradicted pixels were dropped and without the reading veto: 90.8 % of the
            // text with both, 90.6 % segmenting alone, 90.2 % with the steps alone).
            var blend = line.Width < MinAspect * line.Height ? null : LineBlend.Fit(image, guess, core, found, line);
            var own = blend is null ? default : Tally.Of(image, guess, core, null, null, line, blend);
            if (blend is not null && (own.Tested == 0 || own.Explained < MinSelfExplained * own.Tested)) blend = null;
            foreach (var part in ReadParts(line, read)) readParts.Add((part, blend, line, index));
            float length = StepLength * line.Height;
            taken.Clear();
            vouchedSteps.Clear();
            if (blend is not null)
                foreach (int direction in (ReadOnlySpan<int>)[-1, 1])
                {
                    int vouched = (int)MathF.Ceiling(read.Towards(direction) / length);
                    vouchedSteps[(direction + 1) / 2] = vouched;
                    for (int k = 0; k < Math.Max(follow ? MaxSteps : 0, vouched); k++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var step = line.Along(direction * (line.Width / 2 + (k + 0.5f) * length), length);
                        if (step.CenterX < 0 || step.CenterY < 0 || step.CenterX >= image.Width || step.CenterY >= image.Height) break;
                        if (!TakeStep(image, found, decided, step, blend, own.CoreFill, own.Profile, added, k < vouched, cancellationToken)) break;
                        taken[(direction + 1) / 2]++;
                    }
                }
            any |= taken[0] + taken[1] > 0;
            // The line's box grows over the steps the band and profile tests took (the remover then fits one blend to the
            // whole line), not over steps taken only because they were read: those hold what the read part's segmentation
            // holds, and a busy background there (a striped lifebuoy beside kodim19-v0's "Copy") turned the whole line's
            // fit into "not a blend", leaving even its found part unremoved. Read parts are regions of their own instead.
            float before = taken[0] > vouchedSteps[0] ? taken[0] * length : 0, after = taken[1] > vouchedSteps[1] ? taken[1] * length : 0;
            if (before + after <= 0) continue;
            lines[^1] = line.Along((after - before) / 2, line.Width + before + after);
        }
        var result = any ? MaskOps.Union(mask, dilation > 0 ? MaskOps.Dilate(added, dilation) : added) : mask;
        if (blendOf is not null) for (int k = 0; k < lines.Count; k++) blendOf.Add(-1);
        if (readParts.Count == 0) return any ? (result, lines) : (mask, regions);
        var more = new GrayImage(image.Width, image.Height);
        var segmented = new List<TextRegion>(readParts.Count);
        foreach (var (part, blend, line, lineIndex) in readParts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Segmented together with its line: the line's polarity decides (a read part holds a couple of glyphs over
            // whatever lies there), and a part of two glyphs is too short to pass as a line where the background is busy
            // (the dense-region test). Only the part's own pixels are taken.
            var (strokes, kept) = TextStrokeMask.BuildWithRegions(image, [Spanning(line, part)], 0, cancellationToken, achromatic);
            if (kept.Count == 0) continue;
            KeepInside(strokes, part, StrokeMargin);
            if (blend is not null) DropContradicted(image, found, strokes, part, blend, cancellationToken);
            more = MaskOps.Union(more, strokes);
            segmented.Add(part);
            blendOf?.Add(lineIndex);
        }
        if (dilation > 0) more = MaskOps.Dilate(more, dilation);
        // Inside the regions already segmented their own thresholds would only add texture.
        foreach (var region in regions) region.Paint(more, 0, 2);
        // After every line, so each line keeps its own pixels for its blend (the remover gives a pixel to the first region holding it).
        return (MaskOps.Union(result, more), [.. lines, .. segmented]);
    }

    /// <summary>
    /// Clears the stroke pixels of a read part whose change from the photo guessed around them the line's blend
    /// contradicts (it points elsewhere, or reaches too little or too far): the reading says text lies there, not which
    /// pixels are its strokes, and over a busy background the segmentation also takes texture (a striped lifebuoy's
    /// red bands beside black text). Pixels the blend barely changes are kept: nothing tells them apart.
    /// </summary>
    private static void DropContradicted(ImageBuffer image, GrayImage found, GrayImage strokes, TextRegion part, LineBlend blend, CancellationToken cancellationToken)
    {
        var window = part.Bounds.Inflate(CropMargin, image.Width, image.Height);
        if (window.Width <= 0 || window.Height <= 0) return;
        var rect = new Compositing.PixelRect(window.X, window.Y, window.Width, window.Height);
        var crop = SubjectBounds.Crop(image, rect);
        GrayImage strokesHere = SubjectBounds.Crop(strokes, rect), foundHere = SubjectBounds.Crop(found, rect);
        var local = part with { CenterX = part.CenterX - window.X, CenterY = part.CenterY - window.Y };
        var hole = MaskOps.Union(strokesHere, Near(foundHere, local.Grow(8)));
        var guess = ClassicalInpainter.Inpaint(crop, MaskOps.Dilate(hole, 2), InpaintEngine.Telea, 1, cancellationToken);
        ReadOnlySpan<byte> ip = crop.Pixels, gp = guess.Pixels;
        for (int y = 0; y < window.Height; y++)
            for (int x = 0; x < window.Width; x++)
            {
                int q = y * window.Width + x;
                if (strokesHere.Pixels[q] < 128 || blend.Explains(ip.Slice(q * 4, 3), gp.Slice(q * 4, 3)) != false) continue;
                strokes.Pixels[(window.Y + y) * image.Width + window.X + x] = 0;
            }
    }

    /// <summary>Glyph edges poke out of a region's box by about this much (the stroke mask's search margin).</summary>
    private const float StrokeMargin = 2f;

    /// <summary>The box along <paramref name="line"/>'s axis from its far end through <paramref name="part"/> (one of its <see cref="ReadParts"/>).</summary>
    private static TextRegion Spanning(TextRegion line, TextRegion part)
    {
        var (ux, uy) = line.Axis;
        float t = (part.CenterX - line.CenterX) * ux + (part.CenterY - line.CenterY) * uy;
        float lo = Math.Min(-line.Width / 2, t - part.Width / 2), hi = Math.Max(line.Width / 2, t + part.Width / 2);
        return line.Along((lo + hi) / 2, hi - lo);
    }

    /// <summary>Clears the pixels of <paramref name="mask"/> outside <paramref name="region"/> grown by <paramref name="margin"/>.</summary>
    private static void KeepInside(GrayImage mask, TextRegion region, float margin)
    {
        var pixels = mask.Pixels;
        for (int y = 0; y < mask.Height; y++)
        {
            var row = pixels.Slice(y * mask.Width, mask.Width);
            for (int x = row.IndexOfAnyExcept((byte)0); x >= 0 && x < row.Length; x++)
                if (row[x] != 0 && !region.Contains(x, y, margin)) row[x] = 0;
        }
    }

    /// <summary>The parts of <paramref name="line"/> past its box that <paramref name="read"/> covers, as regions of its height and angle (each from a quarter height inside the box).</summary>
    private static IEnumerable<TextRegion> ReadParts(TextRegion line, LineReach read)
    {
        float inside = 0.25f * line.Height;
        for (int direction = -1; direction <= 1; direction += 2)
        {
            float beyond = read.Towards(direction);
            if (beyond > 0) yield return line.Along(direction * (line.Width / 2 - inside + (beyond + inside) / 2), beyond + inside);
        }
    }

    /// <summary>A step is judged on a crop this far around its box: wider than the widest stroke window and the fill's reach.</summary>
    private const int CropMargin = 32;

    /// <summary>Segments the step, tests its candidate strokes against the line's blend, and adds the explained ones to <paramref name="added"/> when the step is taken.</summary>
    private static bool TakeStep(ImageBuffer image, GrayImage found, GrayImage decided, TextRegion step, LineBlend blend, float lineFill, float[] lineProfile,
        GrayImage added, bool vouched, CancellationToken cancellationToken)
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
        // A step a reading vouches for is taken whatever its shape: the text there is known, only its pixels are sought.
        bool take = vouched || tally.Tested > 0
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
