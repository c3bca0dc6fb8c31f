using System.Diagnostics;
using System.Globalization;
using ImageAI.Codecs;
using ImageAI.Compositing;
using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Metrics;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Models;
using ImageAI.Onnx.Pipelines.Background;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Matting evaluation on <c>shared/eval/matting/adobe-crops320</c> (ground-truth alpha):
/// MSE, SAD, gradient error and IoU for every model resolution x refinement; the halo test (cutouts on green and
/// magenta against the ground-truth composite in the fractional-alpha band, with and without foreground
/// estimation); refinement time at 1, 4 and 12 MP; and 512+guided vs 1024 inference speed.
/// Usage: <c>matting-eval [--resolutions 1024,768,512] [--no-timing | --timing-only] [--limit N] | matting-eval --speed IMAGE [RUNS] [--dump DIR]</c>.
/// </summary>
internal static class MattingEvalHarness
{
    private static readonly int[] SyntheticFactors = [8, 4];
    private static readonly MaskRefinement[] Modes = [MaskRefinement.None, MaskRefinement.GuidedFilter, MaskRefinement.Matting];

    public static async Task<int> RunAsync(string[] args)
    {
        int[] resolutions = [1024, 768, 512];
        bool timing = true;
        int limit = int.MaxValue;
        string? dump = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--resolutions": resolutions = args[++i] == "none" ? [] : args[i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--no-timing": timing = false; break;
                case "--timing-only": limit = 0; resolutions = []; break;
                case "--speed": return await SpeedAsync(args[++i], args.Length > i + 1 ? int.Parse(args[++i], CultureInfo.InvariantCulture) : 3);
                case "--limit": limit = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dump": dump = args[++i]; Directory.CreateDirectory(dump); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        var root = Path.Combine(SharedFolder.Find(), "eval", "matting", "adobe-crops320");
        var samples = Directory.GetDirectories(root).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d, "*_image.png").Order(StringComparer.Ordinal))
            .Take(limit).ToList();
        var options = new OnnxEditorOptions();
        using var sessions = new SessionCache(options.Sessions);
        var context = new EditorContext(options, new ModelStore(options.Catalog, options.Models), sessions, NullLoggerFactory.Instance);

        Console.WriteLine($"matting-eval: {samples.Count} images from {root}; {Environment.ProcessorCount} cores (shared machine: timings are noisy)");
        var metrics = new Dictionary<string, List<double[]>>();
        var halo = new List<double[]>(); // per image: [noFgPred, fgPred, noFgGt, fgGt]
        var syntheticHalo = new List<double[]>();
        var mattingHalo = new List<double[]>();
        var inferMs = new Dictionary<int, List<double>>();
        var refineMs = new Dictionary<MaskRefinement, List<double>>();
        foreach (var path in samples)
        {
            var image = ImageIO.Decode(await File.ReadAllBytesAsync(path));
            var truth = ImageIO.Decode(await File.ReadAllBytesAsync(path.Replace("_image.png", "_alpha.png"))).ExtractAlpha();
            // ground-truth alpha PNGs are grey: take the red channel when the file is opaque
            if (truth.Pixels.IndexOfAnyExcept((byte)255) < 0)
            {
                var grey = ImageIO.Decode(await File.ReadAllBytesAsync(path.Replace("_image.png", "_alpha.png")));
                truth = new GrayImage(grey.Width, grey.Height);
                PixelConversions.ExtractChannel(grey.Pixels, truth.Pixels, 0);
            }
            var datasetTrimap = LoadTrimap(path.Replace("_image.png", "_trimap.png"), image.Width, image.Height);
            // Edge-refinement protocol independent of the model's semantic errors: the coarse mask is the ground
            // truth reduced by a factor (area average), as a model at 1/f of the image resolution would see it.
            var gtPlane = new float[truth.Pixels.Length];
            PixelConversions.BytesToFloats(truth.Pixels, gtPlane, 1f / 255f);
            var sources = new List<(string Name, float[] Low, int W, int H, GrayImage? Trimap)>();
            foreach (int factor in SyntheticFactors)
            {
                int cw = image.Width / factor, ch = image.Height / factor;
                sources.Add(($"gt/{factor}", Resampler.ResizePlane(gtPlane, image.Width, image.Height, cw, ch, ResizeMode.Area), cw, ch, null));
            }
            foreach (int side in resolutions)
            {
                var (session, s) = await SegmenterSessions.LoadAsync(context, null, side, null, CancellationToken.None);
                var sw = Stopwatch.StartNew();
                var low = SalientObjectSegmenter.PredictLowResolution(session, image, out s, CancellationToken.None, s);
                (inferMs.TryGetValue(side, out var l) ? l : inferMs[side] = []).Add(sw.Elapsed.TotalMilliseconds);
                sources.Add(($"{side}", low, s, s, null));
            }
            // A caller-supplied trimap (the dataset's) with the first coarse sources as the prior.
            foreach (var src in sources.Where(x => x.Name == $"gt/{SyntheticFactors[0]}" || (resolutions.Length > 0 && x.Name == $"{resolutions[0]}")).ToList())
                sources.Add(($"tri+{src.Name}", src.Low, src.W, src.H, datasetTrimap));
            var stem = Path.Combine(dump ?? "", $"{Path.GetFileName(Path.GetDirectoryName(path))}-{Path.GetFileNameWithoutExtension(path)}");
            if (dump is not null) await ImageIO.SaveAsync(truth.ToImage(), $"{stem}-truth.png");
            foreach (var src in sources)
            {
                foreach (var mode in Modes)
                {
                    if (src.Trimap is not null && mode == MaskRefinement.None) continue;
                    var sw = Stopwatch.StartNew();
                    var alpha = MaskRefiner.Refine(image, src.Low, src.W, src.H, mode, src.Trimap);
                    (refineMs.TryGetValue(mode, out var rl) ? rl : refineMs[mode] = []).Add(sw.Elapsed.TotalMilliseconds);
                    var mask = MaskRefiner.ToMask(alpha, image.Width, image.Height);
                    var key = $"{src.Name} {mode}";
                    if (dump is not null) await ImageIO.SaveAsync(mask.ToImage(), $"{stem}-{src.Name.Replace('/', '_')}-{mode}.png");
                    (metrics.TryGetValue(key, out var m) ? m : metrics[key] = []).Add(
                        [MaskMetrics.Mse(mask, truth), MaskMetrics.Sad(mask, truth), MaskMetrics.GradientError(mask, truth), MaskMetrics.IoU(mask, truth)]);
                    if (mode == MaskRefinement.GuidedFilter && src.Name == $"gt/{SyntheticFactors[0]}")
                    {
                        syntheticHalo.Add(HaloErrors(image, alpha, truth));
                        if (dump is not null) await DumpHaloAsync(image, alpha, stem);
                    }
                    if (mode == MaskRefinement.Matting && src.Name == $"gt/{SyntheticFactors[0]}") mattingHalo.Add(HaloErrors(image, alpha, truth));
                    if (resolutions.Length > 0 && src.Name == $"{resolutions[0]}" && mode == MaskRefinement.GuidedFilter)
                        halo.Add(HaloErrors(image, alpha, truth));
                }
            }
        }

        if (samples.Count == 0) { if (timing) await TimingAsync(context, dump); return 0; }
        Console.WriteLine();
        Console.WriteLine("alpha quality (mean over images; SAD in thousands of alpha units as usual, MSE on 0..1 alpha)");
        Console.WriteLine("coarse source: 'NNNN' = ISNet at NNNN; 'gt/f' = ground truth area-reduced by f (a correct low-res model, isolates edge refinement);");
        Console.WriteLine("'tri+X' = the dataset's trimap supplied by the caller, coarse source X as the prior. % = change vs that source's bilinear (None) row");
        Console.WriteLine("source     refinement       MSE        SAD      Grad      IoU    SAD vs none  Grad vs none");
        var names = SyntheticFactors.Select(f => $"gt/{f}").Concat(resolutions.Select(r => $"{r}")).ToList();
        names.AddRange(names.Where(x => metrics.ContainsKey($"tri+{x} {MaskRefinement.GuidedFilter}")).Select(x => $"tri+{x}").ToList());
        foreach (var res in names)
        {
            var none = Mean(metrics[$"{(res.StartsWith("tri+", StringComparison.Ordinal) ? res[4..] : res)} {MaskRefinement.None}"]);
            foreach (var mode in Modes)
            {
                if (!metrics.TryGetValue($"{res} {mode}", out var rows)) continue;
                var v = Mean(rows);
                Console.WriteLine($"{res,-10} {mode,-13} {v[0],9:F5} {v[1],9:F3} {v[2],9:F3} {v[3],8:F4} {100 * (v[1] / none[1] - 1),10:+0.0;-0.0;0.0}% {100 * (v[2] / none[2] - 1),11:+0.0;-0.0;0.0}%");
            }
        }
        if (resolutions.Contains(1024) && resolutions.Contains(512))
        {
            // Point 3: 512 + guided vs 1024 (bilinear), on all crops and where the 1024 model finds the subject.
            var full = metrics[$"1024 {MaskRefinement.None}"];
            var fast = metrics[$"512 {MaskRefinement.GuidedFilter}"];
            var found = Enumerable.Range(0, full.Count).Where(i => full[i][3] >= 0.5).ToList();
            Console.WriteLine();
            Console.WriteLine($"IoU 1024+none vs 512+guided: all {full.Count} crops {full.Average(x => x[3]):F4} vs {fast.Average(x => x[3]):F4}; " +
                (found.Count == 0 ? "no crop where the 1024 model finds the subject (IoU >= 0.5)"
                    : $"{found.Count} crops with 1024 IoU >= 0.5: {found.Average(i => full[i][3]):F4} vs {found.Average(i => fast[i][3]):F4}"));
            foreach (var key in new[] { "1024 None", "1024 GuidedFilter", "512 None", "512 GuidedFilter", "512 Matting" })
            {
                var rows = metrics[key];
                Console.WriteLine($"  {key,-18} IoU all {rows.Average(x => x[3]):F4}" + (found.Count == 0 ? "" : $"   subset {found.Average(i => rows[i][3]):F4}   subset SAD {found.Average(i => rows[i][1]):F3}"));
            }
            double t1024 = Median(inferMs[1024]), t512 = Median(inferMs[512]), tGuided = Median(refineMs[MaskRefinement.GuidedFilter]);
            Console.WriteLine($"inference medians (same process, interleaved per image): 1024 {t1024:F0} ms, 512 {t512:F0} ms, guided refine {tGuided:F1} ms at 320x320 -> 512+guided is {t1024 / (t512 + tGuided):F2}x faster");
        }
        foreach (var (mode, list) in refineMs) Console.WriteLine($"refinement {mode}: median {Median(list):F1} ms per 320x320 crop");
        var h = halo.Count > 0 ? Mean(halo) : [];
        Console.WriteLine();
        Console.WriteLine("halo test: mean |colour error| (0..255, RGB) vs the ground-truth composite on green and magenta, in the band 0.05 < GT alpha < 0.95");
        if (halo.Count > 0) Console.WriteLine($"  predicted alpha ({resolutions[0]} + guided):  without FG estimation {h[0]:F2}   with {h[1]:F2}   change {100 * (h[1] / h[0] - 1):+0.0;-0.0;0.0}%");
        var sh = Mean(syntheticHalo);
        Console.WriteLine($"  refined alpha (gt/{SyntheticFactors[0]} + guided):   without FG estimation {sh[0]:F2}   with {sh[1]:F2}   change {100 * (sh[1] / sh[0] - 1):+0.0;-0.0;0.0}%");
        var mh = Mean(mattingHalo);
        Console.WriteLine($"  refined alpha (gt/{SyntheticFactors[0]} + matting):  without FG estimation {mh[0]:F2}   with {mh[1]:F2}   change {100 * (mh[1] / mh[0] - 1):+0.0;-0.0;0.0}%");
        if (halo.Count == 0) h = Mean(syntheticHalo);
        Console.WriteLine($"  ground-truth alpha:                   without FG estimation {h[2]:F2}   with {h[3]:F2}   change {100 * (h[3] / h[2] - 1):+0.0;-0.0;0.0}%");
        Console.WriteLine();
        foreach (int side in resolutions) Console.WriteLine($"inference at {side}: median {Median(inferMs[side]):F0} ms per image");

        if (timing) await TimingAsync(context, dump);
        return 0;
    }

    /// <summary>
    /// Colour error of cutouts on green and magenta vs the ground truth composite. The true foreground colour is
    /// not given, so it is approximated by the local mean of the composite over nearby opaque pixels (GT alpha
    /// &gt;= 0.98, box radius 12): the subject's own colour next to the soft edge, free of background.
    /// </summary>
    private static double[] HaloErrors(ImageBuffer image, float[] predicted, GrayImage truth)
    {
        int w = image.Width, hgt = image.Height, n = w * hgt;
        var gt = new float[n];
        for (int i = 0; i < n; i++) gt[i] = truth.Pixels[i] / 255f;
        var trueFg = LocalOpaqueMean(image, gt, 12, out var valid);
        var fgPred = ForegroundEstimator.Estimate(image, predicted);
        var fgGt = ForegroundEstimator.Estimate(image, gt);
        var result = new double[4];
        (byte, byte, byte)[] backgrounds = [(0, 255, 0), (255, 0, 255)];
        for (int variant = 0; variant < 4; variant++)
        {
            var alpha = variant < 2 ? predicted : gt;
            float[]? fg = variant == 1 ? fgPred : variant == 3 ? fgGt : null;
            double sum = 0; long count = 0;
            foreach (var (br, bg, bb) in backgrounds)
            {
                for (int i = 0; i < n; i++)
                {
                    if (gt[i] <= 0.05f || gt[i] >= 0.95f || !valid[i]) continue;
                    float a = alpha[i], t = gt[i];
                    for (int c = 0; c < 3; c++)
                    {
                        float back = c == 0 ? br : c == 1 ? bg : bb;
                        float colour = fg is null ? image.Pixels[4 * i + c] : fg[3 * i + c] * 255f;
                        float ours = a * colour + (1 - a) * back;
                        float reference = t * trueFg[3 * i + c] + (1 - t) * back;
                        sum += Math.Abs(ours - reference);
                    }
                    count += 3;
                }
            }
            result[variant] = count == 0 ? 0 : sum / count;
        }
        return result;
    }

    /// <summary>Writes the cutout on green and on magenta, without and with foreground estimation, side by side.</summary>
    private static async Task DumpHaloAsync(ImageBuffer image, float[] alpha, string stem)
    {
        var fg = ForegroundEstimator.Estimate(image, alpha);
        var plain = SubjectLayer.Build(image, alpha);
        var estimated = SubjectLayer.Build(image, alpha, fg);
        int w = image.Width, h = image.Height;
        var sheet = new ImageBuffer(2 * w, 2 * h);
        Rgba32[] colours = [new(0, 255, 0), new(255, 0, 255)];
        for (int row = 0; row < 2; row++)
            for (int col = 0; col < 2; col++)
            {
                var tile = ImageBuffer.Filled(w, h, colours[row]);
                Compositor.Over((col == 0 ? plain : estimated).Pixels, tile.Pixels);
                for (int y = 0; y < h; y++) tile.GetRow(y).CopyTo(sheet.GetRow(row * h + y).Slice(col * w * 4));
            }
        await ImageIO.SaveAsync(sheet, $"{stem}-halo-plain-vs-estimated.png");
    }

    private static float[] LocalOpaqueMean(ImageBuffer image, float[] alpha, int radius, out bool[] valid)
    {
        int w = image.Width, h = image.Height, n = w * h;
        var weight = new float[n];
        for (int i = 0; i < n; i++) weight[i] = alpha[i] >= 0.98f ? 1f : 0f;
        var meanWeight = BoxFilter.Mean(weight, w, h, radius);
        var result = new float[3 * n];
        var plane = new float[n];
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < n; i++) plane[i] = image.Pixels[4 * i + c] * weight[i];
            var mean = BoxFilter.Mean(plane, w, h, radius);
            for (int i = 0; i < n; i++) result[3 * i + c] = meanWeight[i] > 1e-6f ? mean[i] / meanWeight[i] : 0;
        }
        valid = new bool[n];
        for (int i = 0; i < n; i++) valid[i] = meanWeight[i] > 1e-6f;
        return result;
    }

    private static async Task TimingAsync(EditorContext context, string? dump)
    {
        var shared = SharedFolder.Find();
        var photo = ImageIO.Decode(await File.ReadAllBytesAsync(Path.Combine(shared, "eval", "general", "kodak24", "kodim04.png")));
        var (session, side) = await SegmenterSessions.LoadAsync(context, null, 1024, null, CancellationToken.None);
        var low = SalientObjectSegmenter.PredictLowResolution(session, photo, out side, CancellationToken.None, side);
        Console.WriteLine();
        Console.WriteLine($"refinement time (coarse 1024 map -> full resolution), median of {TimingRounds} warm interleaved runs; load average {LoadAverage()}");
        Console.WriteLine("size      MP    none ms  guided ms  matting ms  guided ns/px  matting ns/px  foreground-estimation ms");
        foreach (var (w, h) in new[] { (1155, 866), (2309, 1732), (4000, 3000) })
        {
            var image = Resampler.Resize(photo, w, h, ResizeMode.Bilinear);
            foreach (var mode in Modes) MaskRefiner.Refine(image, low, side, side, mode); // warm (JIT tiers, pools)
            // Modes interleaved round by round so a change in machine load hits all of them alike.
            var runs = Modes.ToDictionary(m => m, _ => new List<double>());
            for (int round = 0; round < TimingRounds; round++)
                foreach (var mode in Modes) runs[mode].Add(Time(() => MaskRefiner.Refine(image, low, side, side, mode)));
            double none = Median(runs[MaskRefinement.None]), guided = Median(runs[MaskRefinement.GuidedFilter]), matting = Median(runs[MaskRefinement.Matting]);
            var alpha = MaskRefiner.Refine(image, low, side, side, MaskRefinement.GuidedFilter);
            double fg = Time(() => ForegroundEstimator.Estimate(image, alpha));
            if (dump is not null)
                foreach (var mode in Modes)
                    await ImageIO.SaveAsync(MaskRefiner.ToMask(MaskRefiner.Refine(image, low, side, side, mode), w, h).ToImage(), Path.Combine(dump, $"timing-{w}x{h}-{mode}.png"));
            Console.WriteLine($"{w}x{h,-5} {w * (double)h / 1e6,5:F1} {none,8:F0} {guided,10:F0} {matting,11:F0} {guided * 1e6 / (w * (double)h),13:F1} {matting * 1e6 / (w * (double)h),14:F1} {fg,12:F0}");
        }
        GC.KeepAlive(session);
    }

    /// <summary>
    /// End to end through the editor, interleaved: ISNet 1024 + bilinear vs ISNet 512 + guided refinement, on one
    /// image; medians of warm runs and the agreement (IoU) of the two masks.
    /// </summary>
    private static async Task<int> SpeedAsync(string path, int runs)
    {
        using var editor = new OnnxImageEditor();
        var image = ImageIO.Decode(await File.ReadAllBytesAsync(path));
        var full = new ImageAI.Operations.RemoveBackground { Output = ImageAI.Operations.BackgroundOutput.Mask };
        var fast = full with { ModelResolution = 512, Refinement = MaskRefinement.GuidedFilter };
        var a = await editor.EditAsync(new ImageEditRequest(image, full));
        var b = await editor.EditAsync(new ImageEditRequest(image, fast));
        var (tFull, tFast) = (new List<double>(), new List<double>());
        for (int r = 0; r < runs; r++)
        {
            tFull.Add(Time(() => editor.EditAsync(new ImageEditRequest(image, full)).GetAwaiter().GetResult()));
            tFast.Add(Time(() => editor.EditAsync(new ImageEditRequest(image, fast)).GetAwaiter().GetResult()));
        }
        double f = Median(tFull), q = Median(tFast);
        Console.WriteLine($"{Path.GetFileName(path)} {image.Width}x{image.Height}: 1024+none {f:F0} ms, 512+guided {q:F0} ms ({f / q:F2}x faster), mask IoU(512+guided, 1024) {MaskMetrics.IoU(b.Mask!, a.Mask!):F4}; {runs} interleaved warm runs, medians");
        return 0;
    }

    /// <summary>The dataset's trimap (grey PNG: 0 background, 255 foreground, else unknown) as a mask of the image's size.</summary>
    private static GrayImage LoadTrimap(string path, int width, int height)
    {
        var picture = ImageIO.Decode(File.ReadAllBytes(path));
        var trimap = new GrayImage(picture.Width, picture.Height);
        PixelConversions.ExtractChannel(picture.Pixels, trimap.Pixels, 0);
        trimap.EnsureSameSize(width, height, "dataset trimap");
        return trimap;
    }

    private const int TimingRounds = 5;

    private static string LoadAverage()
    {
        try { return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a"; }
        catch (IOException) { return "n/a"; }
    }

    private static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalMilliseconds;
    }

    private static double[] Mean(List<double[]> rows)
    {
        var mean = new double[rows[0].Length];
        foreach (var r in rows) for (int i = 0; i < r.Length; i++) mean[i] += r[i] / rows.Count;
        return mean;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
