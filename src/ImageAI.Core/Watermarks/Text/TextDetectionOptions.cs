namespace ImageAI.Watermarks;

/// <summary>
/// Settings of automatic text-watermark detection (PP-OCRv4 DB detector, DB post-processing, stroke mask). The
/// defaults follow PaddleOCR's DB post-processing (binarise at 0.3, box score 0.6, unclip 1.5).
/// </summary>
public sealed record TextDetectionOptions
{
    /// <summary>The default detector's catalog id.</summary>
    public const string DefaultModelId = "ppocr-v4-det";

    /// <summary>Catalog id or .onnx path of a DB text detector (default <see cref="DefaultModelId"/>).</summary>
    public string? ModelId { get; init; }

    /// <summary>The detector input's longest side is at most this (default 960); larger images are reduced.</summary>
    public int MaxSide { get; init; } = 960;

    /// <summary>Smaller images are enlarged until their longest side is this (default 960; 0 = never enlarge): small watermark text is found more reliably.</summary>
    public int MinSide { get; init; } = 960;

    /// <summary>
    /// Extra detector passes on the image rotated by these angles in degrees (clockwise; default +30 and -30): the DB
    /// detector misses much text tilted by 25-40 degrees that it finds once the image is turned. Empty: upright only.
    /// Each pass costs about one detector run.
    /// </summary>
    public IReadOnlyList<float> RotatedPasses { get; init; } = [30f, -30f];

    /// <summary>A rotated pass keeps only regions within this many degrees of horizontal in its rotated frame (default 15).</summary>
    public float RotatedPassTilt { get; init; } = 15f;

    /// <summary>
    /// The detector runs once more, at the main size, on the image smoothed by a Gaussian of this sigma in pixels
    /// (default 2; 0 turns it off). Over a textured background the detector sees the texture through semi-transparent
    /// strokes and often finds only part of a line; on the smoothed image it finds more of it. Its regions are taken
    /// only where they extend a line the other passes found (overlapping it, at its angle), and add strokes only
    /// beyond that line's region: elsewhere they are mostly texture. Costs one more detector run.
    /// </summary>
    public double SmoothedPassSigma { get; init; } = 2;

    /// <summary>
    /// The detector's main-size and rotated passes run once more on the image's inverted chroma
    /// (<see cref="ImageAI.Processing.AchromaticMap"/>; default on): white, black and grey text desaturates the coloured
    /// photo under it, which shows semi-transparent text the detector does not see in the photo's texture. Its regions
    /// that overlap a found line extend it (as the smoothed pass's do); the others are taken as new lines, segmented on
    /// the inverted chroma, only when they are line-shaped (at least <see cref="DesaturatedLineAspect"/> times as long as
    /// tall), because the photo's own grey areas give blobs. The stroke mask of every line is also completed from the
    /// inverted chroma where the photo's segmentation missed strokes (grey text whose polarity flips along a busy line).
    /// Costs one more detector run, and one per rotated pass.
    /// </summary>
    public bool DesaturatedPass { get; init; } = true;

    /// <summary>
    /// With <see cref="DesaturatedPass"/>, its main-size and rotated passes run once more on the inverted chroma
    /// histogram-equalised (<see cref="ImageAI.Processing.HistogramEqualization"/>; default on): where the photo is
    /// mostly neutral (white clothes, grey stone) its whole chroma map is near white and the faint desaturation of a
    /// watermark reaches the detector with too little contrast; equalised, it is stretched to full contrast. Only new
    /// line-shaped regions are taken from it (regions over found lines added texture around them), segmented on the
    /// inverted chroma after the search for repetitions, which they do not lead. Costs one more detector run, and one per
    /// rotated pass.
    /// </summary>
    public bool EqualizedDesaturatedPass { get; init; } = true;

    /// <summary>
    /// The sizes the <see cref="EqualizedDesaturatedPass"/> runs at, as multiples of the main input size (default 4/3
    /// and 1; each 0.5..2, at most 4; empty: off). Scaled text meets the detector's receptive field differently, and each
    /// size finds faint lines the other misses; a later size adds only lines the earlier ones did not find (put the larger
    /// first: its lines are the fuller ones). Each size costs one detector run at that size; size 1 also one per rotated
    /// pass (at other sizes the rotated passes found nothing more on the synthetic set).
    /// </summary>
    public IReadOnlyList<double> EqualizedPassScales { get; init; } = [4.0 / 3, 1.0];

    /// <summary>
    /// Found lines are followed past their boxes (default on; <see cref="TextLineContinuation"/>): where the detector saw
    /// only part of a line, the strokes beyond it that the line's own blend (colour and opacity, estimated on its found
    /// strokes) explains are added, step by step, while they lie in the line's band as its strokes do. Costs a
    /// segmentation and a small fast-marching fill per step; nothing when no step is taken.
    /// </summary>
    public bool LineContinuation { get; init; } = true;

    /// <summary>
    /// Found lines are read past their ends by the text recogniser (default on): where the detector saw only part of a
    /// line, a strip continuing it at its height and angle is read, and the characters read with confidence that follow
    /// on from the found part without a gap wider than a word space are taken as the rest of the line and segmented.
    /// Needs the recogniser and its dictionary (<see cref="DefaultRecognitionModelId"/>,
    /// <see cref="DefaultRecognitionDictionaryId"/>); costs two readings per found line.
    /// </summary>
    public bool ReadAlong { get; init; } = true;

    /// <summary>A desaturated-pass region that extends no found line is kept when its length is at least this many times its height (default 2.5).</summary>
    public float DesaturatedLineAspect { get; init; } = 2.5f;

    /// <summary>Probability at which the detector's map is binarised (default 0.3).</summary>
    public float BinaryThreshold { get; init; } = 0.3f;

    /// <summary>Minimum mean probability of a kept region (default 0.6).</summary>
    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>How much the shrunk kernels are grown back: offset = area x ratio / perimeter (default 1.5).</summary>
    public float UnclipRatio { get; init; } = 1.5f;

    /// <summary>Regions whose shorter side (in map pixels, after unclipping) is below this are dropped (default 5).</summary>
    public float MinBoxSide { get; init; } = 5f;

    /// <summary>At most this many regions are kept, highest score first (default 1000).</summary>
    public int MaxRegions { get; init; } = 1000;

    /// <summary>The stroke mask is grown by this many pixels to take in antialiased edges (default 1).</summary>
    public int StrokeDilation { get; init; } = 1;

    /// <summary>
    /// Text whose estimated opacity is above this is inpainted instead of inverted (default 0.7). Lower than the known-
    /// template limit because the opacity is estimated: at high opacity a small error is amplified by 1/(1 - A), and
    /// thin strokes inpaint well (on the synthetic set inversion wins below about 0.75 and inpainting above).
    /// </summary>
    public double MaxInvertibleOpacity { get; init; } = 0.7;

    /// <summary>The default text recogniser's catalog id (used by <see cref="ReadAlong"/> and <see cref="ReadingVeto"/>).</summary>
    public const string DefaultRecognitionModelId = "ppocr-v4-rec";

    /// <summary>The default recogniser's dictionary (catalog id).</summary>
    public const string DefaultRecognitionDictionaryId = "ppocr-keys-v1";

    /// <summary>
    /// Each text region found is read by a text recogniser, and the regions it cannot read (mean confidence under
    /// <see cref="MinReadingConfidence"/>) are dropped with their strokes (default on). The detector is sure of some
    /// lines over texture (a row of palm trees, boats, a brick wall) that no recogniser reads, and removing them repaints
    /// clean photo. On the synthetic text set, with <see cref="ReadAlong"/>: the mask about a sixth smaller, whole-image
    /// SSIM after removal about 0.003 higher, coverage 0.1-0.5 points lower (see docs/watermarks.md). Needs the
    /// recogniser and its dictionary (<see cref="DefaultRecognitionModelId"/>, <see cref="DefaultRecognitionDictionaryId"/>;
    /// 5-10 ms per region).
    /// </summary>
    public bool ReadingVeto { get; init; } = true;

    /// <summary>With <see cref="ReadingVeto"/>, regions read with a lower mean character confidence are dropped (default 0.35).</summary>
    public double MinReadingConfidence { get; init; } = 0.35;

    /// <summary>Catalog id or .onnx path of the CTC text recogniser for <see cref="ReadAlong"/> and <see cref="ReadingVeto"/> (default <see cref="DefaultRecognitionModelId"/>).</summary>
    public string? RecognitionModelId { get; init; }

    /// <summary>Catalog id or path of the recogniser's dictionary, one entry per line (default <see cref="DefaultRecognitionDictionaryId"/>).</summary>
    public string? RecognitionDictionaryId { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values outside their ranges.</summary>
    public void Validate()
    {
        if (MaxSide is < 32 or > 8192) throw new ArgumentOutOfRangeException(nameof(MaxSide), MaxSide, "MaxSide must be 32..8192.");
        if (MinSide < 0 || MinSide > MaxSide) throw new ArgumentOutOfRangeException(nameof(MinSide), MinSide, "MinSide must be 0..MaxSide.");
        if (!(BinaryThreshold > 0 && BinaryThreshold < 1)) throw new ArgumentOutOfRangeException(nameof(BinaryThreshold), BinaryThreshold, "BinaryThreshold must be in (0, 1).");
        if (!(BoxThreshold >= 0 && BoxThreshold < 1)) throw new ArgumentOutOfRangeException(nameof(BoxThreshold), BoxThreshold, "BoxThreshold must be in [0, 1).");
        if (!(UnclipRatio >= 0 && UnclipRatio <= 10)) throw new ArgumentOutOfRangeException(nameof(UnclipRatio), UnclipRatio, "UnclipRatio must be 0..10.");
        if (!(MinBoxSide >= 0 && MinBoxSide <= 1000)) throw new ArgumentOutOfRangeException(nameof(MinBoxSide), MinBoxSide, "MinBoxSide must be 0..1000.");
        if (MaxRegions < 1) throw new ArgumentOutOfRangeException(nameof(MaxRegions), MaxRegions, "MaxRegions must be at least 1.");
        if (!(MaxInvertibleOpacity > 0 && MaxInvertibleOpacity < 1)) throw new ArgumentOutOfRangeException(nameof(MaxInvertibleOpacity), MaxInvertibleOpacity, "MaxInvertibleOpacity must be in (0, 1).");
        ArgumentNullException.ThrowIfNull(RotatedPasses, nameof(RotatedPasses));
        if (RotatedPasses.Count > 8) throw new ArgumentOutOfRangeException(nameof(RotatedPasses), RotatedPasses.Count, "At most 8 rotated passes.");
        foreach (float angle in RotatedPasses)
            if (!(angle > -90 && angle < 90) || angle == 0) throw new ArgumentOutOfRangeException(nameof(RotatedPasses), angle, "Rotated pass angles must be in (-90, 90) degrees and not 0.");
        if (!(RotatedPassTilt > 0 && RotatedPassTilt <= 45)) throw new ArgumentOutOfRangeException(nameof(RotatedPassTilt), RotatedPassTilt, "RotatedPassTilt must be in (0, 45].");
        if (!(SmoothedPassSigma >= 0 && SmoothedPassSigma <= 16)) throw new ArgumentOutOfRangeException(nameof(SmoothedPassSigma), SmoothedPassSigma, "SmoothedPassSigma must be 0..16 (0 = off).");
        ArgumentNullException.ThrowIfNull(EqualizedPassScales, nameof(EqualizedPassScales));
        if (EqualizedPassScales.Count > 4) throw new ArgumentOutOfRangeException(nameof(EqualizedPassScales), EqualizedPassScales.Count, "At most 4 equalised pass scales.");
        foreach (double scale in EqualizedPassScales)
            if (!(scale >= 0.5 && scale <= 2)) throw new ArgumentOutOfRangeException(nameof(EqualizedPassScales), scale, "Equalised pass scales must be 0.5..2.");
        if (!(DesaturatedLineAspect >= 1 && DesaturatedLineAspect <= 100)) throw new ArgumentOutOfRangeException(nameof(DesaturatedLineAspect), DesaturatedLineAspect, "DesaturatedLineAspect must be 1..100.");
        if (StrokeDilation is < 0 or > 32) throw new ArgumentOutOfRangeException(nameof(StrokeDilation), StrokeDilation, "StrokeDilation must be 0..32.");
        if (!(MinReadingConfidence >= 0 && MinReadingConfidence <= 1)) throw new ArgumentOutOfRangeException(nameof(MinReadingConfidence), MinReadingConfidence, "MinReadingConfidence must be 0..1.");
    }
}
