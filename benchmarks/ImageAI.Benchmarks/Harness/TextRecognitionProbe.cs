using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Morphology;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Pipelines.Watermarks;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// <c>text-rec-probe [VARIANTS=3]</c>, an experiment for a false-line veto: each region the locator keeps on the
/// synthetic text set is read by <see cref="TextLineReader"/> (the PP-OCRv4 recogniser, catalog ids ppocr-v4-rec and
/// ppocr-keys-v1, fetched on first use; env TR_MODEL and TR_KEYS take other ones), as the reading veto does. Prints per region whether it lies on the
/// watermark, the text read and its mean confidence; per image the coverage and area without and with the veto (the
/// locator run both ways; TW_READCONF sets its threshold); with TR_REMOVE=1 also the removal's region PSNR gain and
/// whole SSIM with either result. Env TD_ONLY and TW_FONTS as for the other text harnesses.
/// </summary>
internal static class TextRecognitionProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        int variants = args.Length > 0 ? int.Parse(args[0]) : 3;
        using var editor = new OnnxImageEditor();
        var reader = await HarnessReader.CreateAsync(editor);
        var fonts = SyntheticFonts.Selected();
        var photos = Directory.GetFiles(Path.Combine(SharedFolder.Find(), "eval", "general", "kodak24"), "*.png").Order().ToList();
        var session = await editor.Sessions.GetAsync(await editor.Models.ResolveAsync(TextDetectionOptions.DefaultModelId));
        var options = DetectionOverrides.FromEnvironment(new TextDetectionOptions()) with { ReadingVeto = false };
        double sumC0 = 0, sumC1 = 0, sumA0 = 0, sumA1 = 0, readTime = 0, sumG0 = 0, sumG1 = 0, sumSin = 0, sumS0 = 0, sumS1 = 0;
        int images = 0, reads = 0, held0 = 0, held1 = 0;
        for (int v = 0; v < variants; v++)
            for (int i = 0; i < photos.Count; i++)
            {
                string label = $"{Path.GetFileNameWithoutExtension(photos[i])}-v{v}";
                if (Environment.GetEnvironmentVariable("TD_ONLY") is { } only && !only.Split(',').Contains(label)) continue;
                var sample = TextWatermarkSynthesizer.Create(InpaintHarness.Load(photos[i]), 1000 + 100 * v + i, fonts);
                var truth = sample.TruthMask();
                var (mask, kept) = TextWatermarkLocator.Locate(session, sample.Marked, options, default, reader);
                foreach (var region in kept)
                {
                    long inside = 0, text = 0;
                    var b = region.Bounds.Inflate(0, truth.Width, truth.Height);
                    for (int y = b.Y; y < b.Y + b.Height; y++)
                        for (int x = b.X; x < b.X + b.Width; x++)
                            if (region.Contains(x, y)) { inside++; if (truth.Pixels[y * truth.Width + x] != 0) text++; }
                    double share = (double)text / Math.Max(1, inside);
                    long started = System.Diagnostics.Stopwatch.GetTimestamp();
                    var (read, confidence) = reader.Read(sample.Marked, region, default);
                    readTime += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds; reads++;
                    Console.WriteLine($"{label} {(share >= 0.05 ? "MARK " : "false")} share {share:P0} {region.Width:F0}x{region.Height:F0} score {region.Score:F2} conf {confidence:F3} \"{read}\" truth \"{sample.Text}\"");
                }
                // The locator with the veto, as the editor runs it.
                var (after, keptRead) = TextWatermarkLocator.Locate(session, sample.Marked, options with { ReadingVeto = true }, default, reader);
                int vetoed = kept.Count - keptRead.Count;
                var (c0, a0) = Score(truth, mask); var (c1, a1) = Score(truth, after);
                sumC0 += c0; sumC1 += c1; sumA0 += a0; sumA1 += a1; images++;
                string removal = "";
                if (Environment.GetEnvironmentVariable("TR_REMOVE") == "1")
                {
                    // Removal with the locator's mask and with the vetoed one (what the editor does after locating).
                    var clean = InpaintHarness.Load(photos[i]);
                    var near = MaskOps.Dilate(truth, 2);
                    var before = TextWatermarkRemover.Remove(sample.Marked, mask, kept, options.MaxInvertibleOpacity).Image;
                    var vetoedResult = vetoed == 0 ? before : TextWatermarkRemover.Remove(sample.Marked, after, keptRead, options.MaxInvertibleOpacity).Image;
                    double pin = InpaintHarness.RegionPsnr(sample.Marked, clean, near);
                    double g0 = InpaintHarness.RegionPsnr(before, clean, near) - pin, g1 = InpaintHarness.RegionPsnr(vetoedResult, clean, near) - pin;
                    double sin = ImageMetrics.SsimY(sample.Marked, clean), s0 = ImageMetrics.SsimY(before, clean), s1 = ImageMetrics.SsimY(vetoedResult, clean);
                    sumG0 += g0; sumG1 += g1; sumSin += sin; sumS0 += s0; sumS1 += s1;
                    if (s0 >= sin) held0++;
                    if (s1 >= sin) held1++;
                    removal = $" gain {g0:+0.0;-0.0} -> {g1:+0.0;-0.0} dB SSIM {sin:F4}: {s0:F4} -> {s1:F4}";
                }
                Console.WriteLine($"IMG {label} cover {c0:P1} -> {c1:P1} area {a0:F2} -> {a1:F2} vetoed {vetoed}/{kept.Count}{removal}");
            }
        Console.WriteLine($"SUMMARY n={images} cover {sumC0 / images:P2} -> {sumC1 / images:P2} area {sumA0 / images:F2} -> {sumA1 / images:F2} (veto conf < {options.MinReadingConfidence}); reading {readTime / Math.Max(1, reads):F1} ms per region, {reads / (double)Math.Max(1, images):F1} regions per image");
        if (Environment.GetEnvironmentVariable("TR_REMOVE") == "1")
            Console.WriteLine($"REMOVAL region gain {sumG0 / images:+0.00;-0.00} -> {sumG1 / images:+0.00;-0.00} dB, whole SSIM {sumSin / images:F4}: {sumS0 / images:F4} -> {sumS1 / images:F4} (not below the input on {held0} -> {held1})");
        return 0;
    }

    private static (double Cover, double Area) Score(GrayImage truth, GrayImage mask)
    {
        long t = 0, hit = 0, m = 0;
        for (int i = 0; i < truth.Pixels.Length; i++)
        {
            if (mask.Pixels[i] >= 128) m++;
            if (truth.Pixels[i] == 0) continue;
            t++;
            if (mask.Pixels[i] >= 128) hit++;
        }
        return ((double)hit / Math.Max(1, t), (double)m / Math.Max(1, t));
    }
}
