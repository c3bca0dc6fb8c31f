using System.Diagnostics;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Metrics;
using ImageAI.Morphology;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// <c>watermark-eval template [OUTDIR]</c>: known-watermark removal on logo-synth-kodak24 given only the logo:
/// located position/scale/opacity vs the recipe, region PSNR (ground-truth mask dilated by 2) and whole SSIM.
/// </summary>
internal static class WatermarkEvalHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "template";
        string? outDir = args.Length > 1 && args[1] != "-" ? args[1] : null;
        if (outDir is not null) Directory.CreateDirectory(outDir);
        return mode switch
        {
            "template" => Task.FromResult(Template(outDir)),
            "batch" => Task.FromResult(Batch(outDir, args.Length > 2 ? int.Parse(args[2]) : 24)),
            _ => throw new ArgumentException($"Unknown mode '{mode}' (template, batch, text)."),
        };
    }

    private static int Template(string? outDir)
    {
        var shared = SharedFolder.Find();
        var dir = Path.Combine(shared, "eval", "watermark", "logo-synth-kodak24");
        Console.WriteLine($"{"image",-12} {"a",4} {"found a",8} {"pos ok",6} {"in dB",6} {"out dB",7} {"in SSIM",8} {"out SSIM",8} {"s",5}");
        var rows = new List<(double A, double Psnr, double Ssim)>();
        var only = Environment.GetEnvironmentVariable("WM_ONLY");
        foreach (var line in File.ReadAllLines(Path.Combine(dir, "params.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            if (only is not null && !only.Split(',').Contains(f[0])) continue;
            var input = InpaintHarness.Load(Path.Combine(dir, "input", f[0]));
            var clean = InpaintHarness.Load(Path.Combine(shared, "eval", f[1]));
            var logo = InpaintHarness.Load(Path.Combine(shared, "eval", f[2]));
            double a = double.Parse(f[3]);
            int x = int.Parse(f[5]), y = int.Parse(f[6]), w = int.Parse(f[7]);
            var region = MaskOps.Dilate(InpaintHarness.ToGray(InpaintHarness.Load(Path.Combine(dir, "mask", f[0]))), 2);
            var sw = Stopwatch.StartNew();
            var result = KnownWatermarkRemover.Remove(input, logo, new KnownWatermarkOptions());
            double secs = sw.Elapsed.TotalSeconds;
            var m = result.Match;
            bool posOk = Math.Abs(m.X - x) <= 1 && Math.Abs(m.Y - y) <= 1 && Math.Abs(m.Width - w) <= 1;
            double pin = InpaintHarness.RegionPsnr(input, clean, region), pout = InpaintHarness.RegionPsnr(result.Image, clean, region);
            double sin = ImageMetrics.SsimY(input, clean), sout = ImageMetrics.SsimY(result.Image, clean);
            rows.Add((a, pout, sout));
            Console.WriteLine($"{f[0],-12} {a,4:F1} {m.Opacity,8:F3} {(posOk ? "yes" : $"{m.X},{m.Y},{m.Width}"),6} {pin,6:F1} {pout,7:F2} {sin,8:F4} {sout,8:F4} {secs,5:F2}");
            if (outDir is not null) File.WriteAllBytes(Path.Combine(outDir, Path.GetFileNameWithoutExtension(f[0]) + "-template.png"), ImageIO.Encode(result.Image));
        }
        foreach (var group in rows.GroupBy(r => r.A).OrderBy(g => g.Key))
            Console.WriteLine($"opacity {group.Key:F1}: region PSNR mean {group.Average(r => r.Psnr):F2} min {group.Min(r => r.Psnr):F2} dB, whole SSIM mean {group.Average(r => r.Ssim):F4} min {group.Min(r => r.Ssim):F4}");
        return 0;
    }

    /// <summary>
    /// One logo at one opacity blended at one position into the Kodak photos (all 24, or the first N with
    /// <c>batch OUTDIR N</c>); estimated without the logo. Prints the estimate's error against the true layer too.
    /// </summary>
    private static int Batch(string? outDir, int count)
    {
        var shared = SharedFolder.Find();
        var photos = Directory.GetFiles(Path.Combine(shared, "eval", "general", "kodak24"), "*.png").Order().Take(count).Select(InpaintHarness.Load).ToList();
        Console.WriteLine($"{"logo",-8} {"a",4} {"n",3} {"in dB",6} {"out dB (mean/min)",18} {"whole SSIM min",14}");
        var only = Environment.GetEnvironmentVariable("WM_ONLY");
        foreach (var (logoName, a) in new[] { ("3.png", 0.3), ("3.png", 0.5), ("3.png", 0.7), ("10.png", 0.5), ("6.png", 0.7) })
        {
            if (only is not null && !only.Split(',').Contains($"{logoName}@{a}")) continue;
            var logo = InpaintHarness.Load(Path.Combine(shared, "eval", "watermark", "logos", "translucence", logoName));
            int w = 200, h = (int)Math.Round(200.0 * logo.Height / logo.Width);
            var layer = WatermarkLayer.FromTemplate(logo, 150, 180, w, h, a);
            var marked = photos.Select(layer.BlendOnto).ToList();
            if (outDir is not null)
            {
                // The marked batch itself, to try `remove-watermark --batch` on.
                var folder = Path.Combine(outDir, $"marked-{Path.GetFileNameWithoutExtension(logoName)}-{a}");
                Directory.CreateDirectory(folder);
                for (int i = 0; i < marked.Count; i++) File.WriteAllBytes(Path.Combine(folder, $"{i + 1:D2}.png"), ImageIO.Encode(marked[i]));
            }
            var estimate = WatermarkEstimator.Estimate(marked);
            var region = MaskOps.Dilate(layer.ToMask(photos[0].Width, photos[0].Height), 2);
            {
                // Estimate vs truth over the true mark: opacity error, ratio of mean opacities, colour error weighted by opacity.
                double dA = 0, sumT = 0, sumE = 0, dW = 0, wsum = 0; long cnt = 0;
                for (int yy = 0; yy < layer.Height; yy++)
                    for (int xx = 0; xx < layer.Width; xx++)
                    {
                        float at = layer.Alpha[yy * layer.Width + xx];
                        if (at <= 0.01f) continue;
                        int ex = layer.X + xx - estimate.X, ey = layer.Y + yy - estimate.Y;
                        bool inside = ex >= 0 && ey >= 0 && ex < estimate.Width && ey < estimate.Height;
                        int ei = ey * estimate.Width + ex;
                        float ae = inside ? estimate.Alpha[ei] : 0;
                        dA += Math.Abs(ae - at); sumT += at; sumE += ae; cnt++;
                        if (inside) for (int c = 0; c < 3; c++) { dW += at * Math.Abs(estimate.Rgb[ei * 3 + c] - layer.Rgb[(yy * layer.Width + xx) * 3 + c]); wsum += at; }
                    }
                Console.WriteLine($"  estimate vs truth: mean |dA| {dA / cnt:F4}, mean A {sumE / cnt:F3} (true {sumT / cnt:F3}), A-weighted |dW| {dW / Math.Max(1, wsum):F1}");
            }
            double sumIn = 0, sumOut = 0, minOut = double.MaxValue, minSsim = 1;
            for (int i = 0; i < photos.Count; i++)
            {
                var removed = KnownWatermarkRemover.RemoveLayer(marked[i], estimate, new TemplateMatch(estimate.X, estimate.Y, estimate.Width, estimate.Height, 1, 1, 0), new KnownWatermarkOptions());
                double pin = InpaintHarness.RegionPsnr(marked[i], photos[i], region), pout = InpaintHarness.RegionPsnr(removed.Image, photos[i], region);
                sumIn += pin; sumOut += pout; minOut = Math.Min(minOut, pout);
                minSsim = Math.Min(minSsim, ImageMetrics.SsimY(removed.Image, photos[i]));
                if (outDir is not null && i < 3) File.WriteAllBytes(Path.Combine(outDir, $"batch-{Path.GetFileNameWithoutExtension(logoName)}-{a}-{i}.png"), ImageIO.Encode(removed.Image));
            }
            Console.WriteLine($"{logoName,-8} {a,4:F1} {photos.Count,3} {sumIn / photos.Count,6:F1} {sumOut / photos.Count,9:F2} / {minOut,6:F2} {minSsim,14:F4}");
        }
        return 0;
    }
}
