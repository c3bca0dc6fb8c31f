using System.Buffers;
using ImageAI.Geometry;
using ImageAI.Imaging;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using ImageAI.Watermarks;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Onnx.Pipelines.Watermarks;

/// <summary>
/// What the text detector found: regions in image pixels and the probability map at the detector's resolution (main
/// pass); <see cref="Extensions"/> are the smoothed pass's regions that extend found lines (see
/// <see cref="TextDetectionOptions.SmoothedPassSigma"/>), kept apart so they never lead the search for repetitions.
/// </summary>
internal sealed record TextDetection(IReadOnlyList<TextRegion> Regions, float[] Probability, int MapWidth, int MapHeight)
{
    /// <summary>More of the lines in <see cref="Regions"/>, from the smoothed and desaturated passes.</summary>
    public IReadOnlyList<TextRegion> Extensions { get; init; } = [];

    /// <summary>Lines only the desaturated pass found (see <see cref="TextDetectionOptions.DesaturatedPass"/>); not in <see cref="Regions"/>.</summary>
    public IReadOnlyList<TextRegion> DesaturatedLines { get; init; } = [];

    /// <summary>
    /// Lines only the pass on the equalised inverted chroma found (see <see cref="TextDetectionOptions.EqualizedDesaturatedPass"/>);
    /// in neither <see cref="Regions"/> nor <see cref="DesaturatedLines"/>, so they never lead the search for repetitions.
    /// </summary>
    public IReadOnlyList<TextRegion> EqualizedLines { get; init; } = [];

    /// <summary>The image's inverted chroma the desaturated pass ran on (null when it did not run), for the stroke mask.</summary>
    public ImageBuffer? Achromatic { get; init; }
}

/// <summary>
/// Runs a DB text detector (PP-OCRv4 det contract: input [N,3,H,W] RGB/255 normalised with ImageNet mean/std, H and W
/// multiples of 32; output [N,1,H,W] text probability) and DB post-processing.
/// </summary>
internal static class TextDetector
{
    public const string Task = "text-detection";

    /// <summary>The detector's input size: longest side clamped to [MinSide, MaxSide], each side rounded to a multiple of 32 (the aspect ratio changes slightly, as in PaddleOCR).</summary>
    public static (int Width, int Height) InputSize(int width, int height, TextDetectionOptions options)
    {
        int longest = Math.Max(width, height);
        double scale = longest > options.MaxSide ? (double)options.MaxSide / longest
            : options.MinSide > 0 && longest < options.MinSide ? (double)options.MinSide / longest : 1;
        static int Round32(double v) => Math.Max(32, (int)Math.Round(v / 32) * 32);
        return (Round32(width * scale), Round32(height * scale));
    }

    /// <summary>
    /// Detects text. An image smaller than <see cref="TextDetectionOptions.MinSide"/> is run twice, at its own size
    /// and enlarged (small and large text are found at different scales); then once per
    /// <see cref="TextDetectionOptions.RotatedPasses"/> angle on the rotated image (the detector misses much text
    /// that is tilted by 25-40 degrees); the regions are merged by NMS. Then the main-size and rotated passes on the
    /// image's inverted chroma (<see cref="TextDetectionOptions.DesaturatedPass"/>), which extend lines or find new ones, the same on
    /// the equalised inverted chroma (<see cref="TextDetectionOptions.EqualizedDesaturatedPass"/>), which only finds new ones, and one on the
    /// smoothed image (<see cref="TextDetectionOptions.SmoothedPassSigma"/>), whose regions only extend lines.
    /// </summary>
    public static TextDetection Detect(ModelSession session, ImageBuffer image, TextDetectionOptions options, CancellationToken cancellationToken)
    {
        var inputName = session.InputNames[0];
        var meta = session.InputMetadata[inputName];
        if (meta.Dimensions.Length != 4 || meta.Dimensions[1] is not (3 or -1) || session.OutputNames.Count < 1)
            throw new ModelContractException(session.Model.Id,
                $"Model '{session.Model.Id}' is not a DB text detector: input '{inputName}' has shape [{string.Join(",", meta.Dimensions)}], expected [N,3,H,W] with one probability output.");
        bool fixedSize = meta.Dimensions[2] > 0 && meta.Dimensions[3] > 0;
        var main = fixedSize ? (meta.Dimensions[3], meta.Dimensions[2]) : InputSize(image.Width, image.Height, options);
        var first = Pass(session, image, main.Item1, main.Item2, options, cancellationToken);
        if (fixedSize) return first;
        var regions = AllPasses(session, image, first, main, options, cancellationToken);
        var extensions = new List<TextRegion>();
        var desaturatedLines = new List<TextRegion>();
        var equalizedLines = new List<TextRegion>();
        var achromatic = options.DesaturatedPass ? AchromaticMap.Create(image) : null;
        if (achromatic is not null)
        {
            DesaturatedPass(session, achromatic, main, regions, extensions, desaturatedLines, [], options, cancellationToken);
            // New lines only: its regions over lines already found added texture around them (kodim06-v1's false band
            // grew from 13x to 32x the text's area on the synthetic set).
            if (options.EqualizedDesaturatedPass)
            {
                var equalized = HistogramEqualization.EqualizeGrey(achromatic);
                // Each scale finds lines the others miss (on the synthetic set kodim05-v0's grey "watermark" only at 4/3,
                // kodim15-v1's "COPY" only at 1); a later scale takes only lines the earlier ones did not, so the order
                // matters: with 1 before 4/3, kodim05-v0's partial line from 1 kept out the fuller one (36 % against
                // 80 %). Other scales than 1 run upright only: their rotated passes found nothing more there.
                foreach (double scale in options.EqualizedPassScales)
                {
                    int side = (int)Math.Round(Math.Max(main.Item1, main.Item2) * scale);
                    var scaled = options with { MinSide = side, MaxSide = side, RotatedPasses = scale == 1 ? options.RotatedPasses : [] };
                    DesaturatedPass(session, equalized, InputSize(image.Width, image.Height, scaled), regions, null, equalizedLines,
                        desaturatedLines, scaled, cancellationToken);
                }
            }
        }
        if (options.SmoothedPassSigma > 0)
        {
            var smoothed = GaussianBlur.Blur(image, options.SmoothedPassSigma);
            // The main size only: the native-size and rotated passes on the smoothed image found 0.1 point more text on the
            // synthetic set for 0.6 s more per photo.
            extensions.AddRange(Extensions([.. regions, .. desaturatedLines], Pass(session, smoothed, main.Item1, main.Item2, options, cancellationToken).Regions));
        }
        return first with { Regions = regions, Extensions = extensions, DesaturatedLines = desaturatedLines, EqualizedLines = equalizedLines, Achromatic = achromatic };
    }

    /// <summary>
    /// A pass on the inverted chroma (<see cref="TextDetectionOptions.DesaturatedPass"/>) or its equalised form: regions
    /// that extend a found line join <paramref name="extensions"/> (dropped when it is null), line-shaped ones elsewhere
    /// are new <paramref name="lines"/> unless they repeat one of those or of <paramref name="earlierLines"/>.
    /// </summary>
    private static void DesaturatedPass(ModelSession session, ImageBuffer achromatic, (int Width, int Height) main, List<TextRegion> regions,
        List<TextRegion>? extensions, List<TextRegion> lines, IReadOnlyList<TextRegion> earlierLines, TextDetectionOptions options, CancellationToken cancellationToken)
    {
        // The main size and the rotated passes, as on the photo (without the rotated ones: 1.1 points less text on the
        // synthetic set, 0.3 s less per photo; the native size added nothing).
        var found = new List<TextRegion>(Pass(session, achromatic, main.Width, main.Height, options, cancellationToken).Regions);
        foreach (float angle in options.RotatedPasses) found.AddRange(RotatedPass(session, achromatic, angle, options, cancellationToken));
        found.Sort((a, b) => b.Score.CompareTo(a.Score));
        found = DbPostProcessor.Suppress(found, 0.5f);
        foreach (var candidate in found)
        {
            if (regions.Exists(line => Extends(candidate, line))) extensions?.Add(candidate);
            // Elsewhere the photo's own grey areas give blobs (on the synthetic set 2 of 17 line-shaped new regions were
            // not the watermark, against 39 of 53 of the others); a region overlapping a found line at another angle, or a
            // line already taken, is neither.
            else if (candidate.Width >= options.DesaturatedLineAspect * candidate.Height
                     && !regions.Exists(line => DbPostProcessor.BoxOverlap(candidate, line) > ExtensionOverlap)
                     && !lines.Exists(line => DbPostProcessor.BoxOverlap(candidate, line) > ExtensionOverlap)
                     && !earlierLines.Any(line => DbPostProcessor.BoxOverlap(candidate, line) > ExtensionOverlap))
                lines.Add(candidate);
        }
    }

    /// <summary>The main pass's regions with those of the native-size and rotated passes, merged by NMS.</summary>
    private static List<TextRegion> AllPasses(ModelSession session, ImageBuffer image, TextDetection first, (int Width, int Height) main,
        TextDetectionOptions options, CancellationToken cancellationToken)
    {
        var all = new List<TextRegion>(first.Regions);
        var native = InputSize(image.Width, image.Height, options with { MinSide = 0 });
        if (native != main) all.AddRange(Pass(session, image, native.Width, native.Height, options, cancellationToken).Regions);
        foreach (float angle in options.RotatedPasses) all.AddRange(RotatedPass(session, image, angle, options, cancellationToken));
        all.Sort((a, b) => b.Score.CompareTo(a.Score));
        return DbPostProcessor.Suppress(all, 0.5f);
    }

    /// <summary>A smoothed pass's region overlaps a found line by more than this fraction of the smaller box ...</summary>
    private const double ExtensionOverlap = 0.3;

    /// <summary>... and lies within this many degrees of its angle, to count as more of that line.</summary>
    private const double ExtensionAngleGap = 10;

    /// <summary>
    /// The smoothed pass's regions that extend a line already found: both are kept (the stroke mask of each is
    /// taken), so a smoothed box that strays from the text cannot lose what the unsmoothed one found.
    /// </summary>
    private static IEnumerable<TextRegion> Extensions(List<TextRegion> found, IReadOnlyList<TextRegion> smoothed)
    {
        foreach (var candidate in smoothed)
            if (found.Exists(line => Extends(candidate, line))) yield return candidate;
    }

    /// <summary>Whether <paramref name="candidate"/> is more of <paramref name="line"/>: overlapping it, at its angle.</summary>
    private static bool Extends(TextRegion candidate, TextRegion line)
    {
        double gap = Math.Abs(candidate.Angle - line.Angle) % 180;
        return Math.Min(gap, 180 - gap) < ExtensionAngleGap && DbPostProcessor.BoxOverlap(candidate, line) > ExtensionOverlap;
    }

    /// <summary>
    /// One pass on the image rotated by <paramref name="degrees"/> (clockwise, canvas grown to hold all of it, borders
    /// replicated), regions mapped back. A pass keeps only the text it turns near-horizontal
    /// (<see cref="TextDetectionOptions.RotatedPassTilt"/>): text at other angles is the upright pass's (or another
    /// rotated pass's) to find, and accepting it here only adds false detections.
    /// </summary>
    private static List<TextRegion> RotatedPass(ModelSession session, ImageBuffer image, float degrees, TextDetectionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        double a = degrees * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
        int w = image.Width, h = image.Height;
        int rw = (int)Math.Ceiling(Math.Abs(w * c) + Math.Abs(h * s)), rh = (int)Math.Ceiling(Math.Abs(w * s) + Math.Abs(h * c));
        // Source point = R(-degrees) * (rotated point - rotated centre) + source centre.
        var toSource = new AffineTransform(c, s, w / 2.0 - c * rw / 2.0 - s * rh / 2.0, -s, c, h / 2.0 + s * rw / 2.0 - c * rh / 2.0);
        var rotated = AffineWarp.Warp(image, toSource, rw, rh);
        var size = InputSize(rw, rh, options);
        var found = Pass(session, rotated, size.Width, size.Height, options, cancellationToken).Regions;
        var regions = new List<TextRegion>(found.Count);
        foreach (var r in found)
        {
            if (Math.Abs(r.Angle) > options.RotatedPassTilt) continue;
            var centre = toSource.Apply(new PointF2(r.CenterX, r.CenterY));
            if (centre.X < 0 || centre.Y < 0 || centre.X >= w || centre.Y >= h) continue;
            float angle = r.Angle - degrees;
            while (angle > 90) angle -= 180;
            while (angle <= -90) angle += 180;
            regions.Add(r with { CenterX = centre.X, CenterY = centre.Y, Angle = angle });
        }
        return regions;
    }

    private static TextDetection Pass(ModelSession session, ImageBuffer image, int w, int h, TextDetectionOptions options, CancellationToken cancellationToken)
    {
        var inputName = session.InputNames[0];
        var resized = w == image.Width && h == image.Height ? image : Resampler.Resize(image, w, h, ResizeMode.Bilinear);
        int count = 3 * w * h;
        var tensor = ArrayPool<float>.Shared.Rent(count);
        float[] probability;
        try
        {
            TensorConversion.ToTensor(resized, tensor.AsSpan(0, count), TensorSpec.ImageNet);
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensor.AsMemory(0, count), [1, 3, h, w]);
            var outputName = session.OutputNames[0];
            using var outputs = session.Run([inputName], [value], [outputName], cancellationToken);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            if (shape.Length != 4 || shape[1] != 1 || shape[2] != h || shape[3] != w)
                throw new ModelContractException(session.Model.Id, $"Model '{session.Model.Id}' output '{outputName}' has shape [{string.Join(",", shape)}], expected [1,1,{h},{w}].");
            probability = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tensor);
        }
        var regions = DbPostProcessor.Extract(probability, w, h, options, (float)image.Width / w, (float)image.Height / h, cancellationToken);
        return new TextDetection(regions, probability, w, h);
    }
}
