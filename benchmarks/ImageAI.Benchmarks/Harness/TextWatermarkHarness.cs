using System.Diagnostics;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Metrics;
using ImageAI.Morphology;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// <c>text-watermark-eval [VARIANTS=1] [OUTDIR] [--no-inpaint-compare]</c>: the seeded synthetic text-watermark set on
/// kodak24 (<see cref="TextWatermarkSynthesizer"/>, seed 1000 + 100 x variant + photo index). Per image: detection
/// coverage of the watermark's pixels (glyph coverage &gt;= 0.5), mask area / true area, region PSNR (true mask dilated
/// by 2) of input and result, whole-image SSIM (Y) of input and result; then PatchMatch vs Telea region PSNR with the
/// true mask (dilated by 2) as the hole. Means at the end. The set depends on the fonts as well as the seeds: env TW_FONTS
/// picks them (<see cref="SyntheticFonts"/>).
/// </summary>
internal static class TextWatermarkHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        int variants = positional.Length > 0 ? int.Parse(positional[0]) : 1;
        string? outDir = positional.Length > 1 ? positional[1] : null;
        bool compare = !args.Contains("--no-inpaint-compare");
        if (outDir is not null) Directory.CreateDirectory(outDir);
        var shared = SharedFolder.Find();
        var photos = Directory.GetFiles(Path.Combine(shared, "eval", "general", "kodak24"), "*.png").Order().ToList();
        var fonts = SyntheticFonts.Selected();
        Console.WriteLine($"fonts: {SyntheticFonts.Describe(fonts)}");
        Console.WriteLine($"{"image",-14} {"colour",6} {"a",4} {"tile",4} {"rot",4} {"font",-26} {"in box",6} {"cover",6} {"area x",6} {"in dB",6} {"out dB",6} {"gain",5} {"in SSIM",7} {"out SSIM",8} {"s",5}" +
            (compare ? $" {"Telea",6} {"PM",6}" : ""));
        using var editor = new OnnxImageEditor();
        // Experiments: see DetectionOverrides; TW_ONLY=kodim01-v0,... limits the images.
        var detection = DetectionOverrides.FromEnvironment(new TextDetectionOptions());
        var rows = new List<Row>();
        for (int v = 0; v < variants; v++)
            for (int i = 0; i < photos.Count; i++)
            {
                if (Environment.GetEnvironmentVariable("TW_ONLY") is { } only && !only.Split(',').Contains($"{Path.GetFileNameWithoutExtension(photos[i])}-v{v}")) continue;
                var clean = InpaintHarness.Load(photos[i]);
                var sample = TextWatermarkSynthesizer.Create(clean, 1000 + 100 * v + i, fonts);
                var truth = sample.TruthMask();
                var region = MaskOps.Dilate(truth, 2);
                if (Environment.GetEnvironmentVariable("TW_ORACLE") is not null)
                {
                    var whole = new TextRegion(clean.Width / 2f, clean.Height / 2f, clean.Width, clean.Height, 0, 1);
                    var o = TextWatermarkRemover.Remove(sample.Marked, MaskOps.Dilate(truth, 1), [whole]);
                    var e = o.Estimates[0];
                    Console.WriteLine($"   oracle mask: true a={sample.Opacity:F2} W={sample.Colour} -> a={e.Opacity:F2} W={e.Colour} inverted={e.Inverted}; region PSNR {InpaintHarness.RegionPsnr(sample.Marked, clean, region):F2} -> {InpaintHarness.RegionPsnr(o.Image, clean, region):F2}");
                }
                var sw = Stopwatch.StartNew();
                var result = await editor.EditAsync(sample.Marked, new RemoveWatermark { Locator = WatermarkLocator.Text, Force = true, TextDetection = detection });
                double secs = sw.Elapsed.TotalSeconds;
                if (Environment.GetEnvironmentVariable("TW_DEBUG") is not null && result.GetDetails<WatermarkReport>() is { } rep)
                    foreach (var e in rep.TextBlends) Console.WriteLine($"   {e.Region} a={e.Opacity:F2} W={e.Colour} px={e.Pixels} inverted={e.Inverted}");
                var mask = result.Mask!;
                long truthCount = MaskOps.Count(truth), hit = 0, maskCount = MaskOps.Count(mask);
                ReadOnlySpan<byte> t = truth.Pixels, m = mask.Pixels;
                for (int p = 0; p < t.Length; p++) if (t[p] != 0 && m[p] >= 128) hit++;
                // Diagnostic: how much of the text lies inside the detected regions at all (the detector's share of the misses).
                var regionsFound = result.GetDetails<WatermarkReport>()?.TextRegions ?? [];
                long inBox = 0;
                for (int p = 0; p < t.Length; p++)
                    if (t[p] != 0)
                        foreach (var reg in regionsFound)
                            if (reg.Contains(p % clean.Width, p / clean.Width, 2)) { inBox++; break; }
                double cover = truthCount == 0 ? 1 : (double)hit / truthCount, area = truthCount == 0 ? 0 : (double)maskCount / truthCount;
                double pin = InpaintHarness.RegionPsnr(sample.Marked, clean, region), pout = InpaintHarness.RegionPsnr(result.Image, clean, region);
                double sin = ImageMetrics.SsimY(sample.Marked, clean), sout = ImageMetrics.SsimY(result.Image, clean);
                double pT = double.NaN, pP = double.NaN;
                if (compare)
                {
                    var tel = ClassicalInpainter.Inpaint(sample.Marked, region, InpaintEngine.Telea);
                    var pm = ClassicalInpainter.Inpaint(sample.Marked, region, InpaintEngine.PatchMatch);
                    pT = InpaintHarness.RegionPsnr(tel, clean, region);
                    pP = InpaintHarness.RegionPsnr(pm, clean, region);
                    if (Environment.GetEnvironmentVariable("TW_AVG") is not null)
                    {
                        var avg = pm.Clone();
                        for (int p = 0; p < avg.Pixels.Length; p++) avg.Pixels[p] = (byte)((pm.Pixels[p] + tel.Pixels[p] + 1) / 2);
                        Console.WriteLine($"   avg {InpaintHarness.RegionPsnr(avg, clean, region):F2}");
                    }
                }
                string name = $"{Path.GetFileNameWithoutExtension(photos[i])}-v{v}";
                string colour = sample.Colour.R == 255 ? "white" : sample.Colour.R == 0 ? "black" : "grey";
                rows.Add(new Row(truthCount == 0 ? 1 : (double)inBox / truthCount, cover, area, pin, pout, sin, sout, pT, pP, secs, sample.Opacity));
                Console.WriteLine($"{name,-14} {colour,6} {sample.Opacity,4:F2} {(sample.Tiled ? "yes" : "no"),4} {sample.Angle,4:F0} {sample.Font,-26} {rows[^1].InBox,6:P1} {cover,6:P1} {area,6:F2} {pin,6:F2} {pout,6:F2} {pout - pin,5:F1} {sin,7:F4} {sout,8:F4} {secs,5:F2}" +
                    (compare ? $" {pT,6:F2} {pP,6:F2}" : ""));
                if (outDir is not null)
                {
                {
                    var session = await editor.Sessions.GetAsync(await editor.Models.ResolveAsync(TextDetectionOptions.DefaultModelId));
                    var det = Onnx.Pipelines.Watermarks.TextDetector.Detect(session, sample.Marked, detection, default);
                    var prob = new GrayImage(det.MapWidth, det.MapHeight);
                    for (int p = 0; p < det.Probability.Length; p++) prob.Pixels[p] = (byte)Math.Clamp(det.Probability[p] * 255, 0, 255);
                    prob = Processing.Resampler.Resize(prob, clean.Width, clean.Height);
                    File.WriteAllBytes(Path.Combine(outDir, name + ".png"), ImageIO.Encode(Montage(sample.Marked, truth, mask, result.Image, prob)));
                }
                }
            }
        Console.WriteLine();
        Console.WriteLine($"n={rows.Count}: text inside detected regions {rows.Average(r => r.InBox):P1}; coverage mean {rows.Average(r => r.Cover):P1} (min {rows.Min(r => r.Cover):P1}, >= 90% in {rows.Count(r => r.Cover >= 0.9)}); " +
            $"area ratio mean {rows.Average(r => r.Area):F2} (max {rows.Max(r => r.Area):F2}, < 4 in {rows.Count(r => r.Area < 4)})");
        Console.WriteLine($"region PSNR in {rows.Average(r => r.In):F2} -> out {rows.Average(r => r.Out):F2} dB (gain mean {rows.Average(r => r.Out - r.In):F2}, min {rows.Min(r => r.Out - r.In):F2}, >= +2 dB in {rows.Count(r => r.Out - r.In >= 2)})");
        Console.WriteLine($"whole SSIM in {rows.Average(r => r.SsimIn):F4} -> out {rows.Average(r => r.SsimOut):F4} (result >= input in {rows.Count(r => r.SsimOut >= r.SsimIn)}); median time {rows.Select(r => r.Seconds).Order().ElementAt(rows.Count / 2):F2} s");
        foreach (var band in new[] { (0.35, 0.6), (0.6, 0.85), (0.85, 1.01) })
        {
            var b = rows.Where(r => r.Opacity >= band.Item1 && r.Opacity < band.Item2).ToList();
            if (b.Count > 0) Console.WriteLine($"  opacity {band.Item1:F2}-{Math.Min(1, band.Item2):F2} (n={b.Count}): coverage {b.Average(r => r.Cover):P1}, area {b.Average(r => r.Area):F2}, gain {b.Average(r => r.Out - r.In):F2} dB");
        }
        if (compare)
            Console.WriteLine($"true-mask inpainting, region PSNR mean: Telea {rows.Average(r => r.Telea):F2} dB, PatchMatch {rows.Average(r => r.PatchMatch):F2} dB (PatchMatch >= Telea in {rows.Count(r => r.PatchMatch >= r.Telea)} of {rows.Count})");
        return 0;
    }

    /// <summary>Input | truth (red) vs mask (green): yellow = found, red = missed, green = extra | result | detector probability.</summary>
    private static ImageBuffer Montage(ImageBuffer input, GrayImage truth, GrayImage mask, ImageBuffer result, GrayImage probability)
    {
        int w = input.Width, h = input.Height;
        var m = new ImageBuffer(4 * w, h);
        for (int y = 0; y < h; y++)
        {
            input.GetRow(y).CopyTo(m.GetRow(y)[..(4 * w)]);
            result.GetRow(y).CopyTo(m.GetRow(y).Slice(8 * w, 4 * w));
            probability.ToImage().GetRow(y).CopyTo(m.GetRow(y)[(12 * w)..]);
            var row = m.GetRow(y).Slice(4 * w, 4 * w);
            for (int x = 0; x < w; x++)
            {
                row[4 * x] = truth.Pixels[y * w + x];
                row[4 * x + 1] = mask.Pixels[y * w + x] >= 128 ? (byte)255 : (byte)0;
                row[4 * x + 2] = (byte)(input.Pixels[(y * w + x) * 4 + 1] / 4);
                row[4 * x + 3] = 255;
            }
        }
        return m;
    }

    private sealed record Row(double InBox, double Cover, double Area, double In, double Out, double SsimIn, double SsimOut, double Telea, double PatchMatch, double Seconds, double Opacity);
}
