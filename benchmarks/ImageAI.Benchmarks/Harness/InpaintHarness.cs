using System.Diagnostics;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Metrics;
using ImageAI.Morphology;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// <c>inpaint-eval [OUTDIR]</c>: PatchMatch vs Telea on the large-hole set (inpainting/kodak24-masks): hole PSNR
/// and whole SSIM per image, and pictures (input with hole, each engine) to look at.
/// <c>inpaint-bench [REPEATS]</c>: PatchMatch on a 1 MP photo with a 5% hole, median wall time.
/// </summary>
internal static class InpaintHarness
{
    public static Task<int> EvalAsync(string[] args)
    {
        var shared = SharedFolder.Find();
        var dir = Path.Combine(shared, "eval", "inpainting", "kodak24-masks");
        string? outDir = args.Length > 0 ? args[0] : null;
        if (outDir is not null) Directory.CreateDirectory(outDir);
        Console.WriteLine($"{"image",-12} {"hole%",6} {"telea dB",9} {"pm dB",9} {"telea s",8} {"pm s",8}");
        double sumT = 0, sumP = 0;
        int n = 0;
        foreach (var line in File.ReadAllLines(Path.Combine(dir, "pairs.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            var mask = ToGray(Load(Path.Combine(dir, f[0])));
            var clean = Load(Path.Combine(shared, "eval", f[1]));
            var holed = clean.Clone();
            var mp = mask.Pixels;
            var hp = holed.Pixels;
            for (int i = 0; i < mp.Length; i++) if (mp[i] >= 128) { hp[i * 4] = 255; hp[i * 4 + 1] = 255; hp[i * 4 + 2] = 255; }
            var sw = Stopwatch.StartNew();
            var telea = ClassicalInpainter.Inpaint(holed, mask, InpaintEngine.Telea);
            double tT = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var pm = ClassicalInpainter.Inpaint(holed, mask, InpaintEngine.PatchMatch);
            double tP = sw.Elapsed.TotalSeconds;
            double pT = RegionPsnr(telea, clean, mask), pP = RegionPsnr(pm, clean, mask);
            sumT += pT; sumP += pP; n++;
            Console.WriteLine($"{f[0],-12} {MaskOps.AreaFraction(mask) * 100,6:F1} {pT,9:F2} {pP,9:F2} {tT,8:F2} {tP,8:F2}");
            if (outDir is not null)
            {
                var name = Path.GetFileNameWithoutExtension(f[0]);
                File.WriteAllBytes(Path.Combine(outDir, name + "-hole.png"), ImageIO.Encode(holed));
                File.WriteAllBytes(Path.Combine(outDir, name + "-telea.png"), ImageIO.Encode(telea));
                File.WriteAllBytes(Path.Combine(outDir, name + "-patchmatch.png"), ImageIO.Encode(pm));
            }
        }
        Console.WriteLine($"{"mean",-12} {"",6} {sumT / n,9:F2} {sumP / n,9:F2}");
        return Task.FromResult(0);
    }

    public static Task<int> BenchAsync(string[] args)
    {
        int repeats = args.Length > 0 ? int.Parse(args[0]) : 5;
        var shared = SharedFolder.Find();
        var photo = Load(Path.Combine(shared, "eval", "general", "kodak24", "kodim05.png"));
        var image = ImageAI.Processing.Resampler.Resize(photo, 1000, 1000);
        var mask = SyntheticHole(1000, 1000, 0.05);
        Console.WriteLine($"1000x1000, hole {MaskOps.AreaFraction(mask) * 100:F1}% (shared 2-core machine: timings are noisy)");
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            ClassicalInpainter.Inpaint(image, mask, InpaintEngine.PatchMatch, seed: i + 1);
            times.Add(sw.Elapsed.TotalSeconds);
            Console.WriteLine($"  run {i + 1}: {times[^1]:F3} s");
        }
        times.Sort();
        Console.WriteLine($"PatchMatch median {times[times.Count / 2]:F3} s (min {times[0]:F3})");
        var swT = Stopwatch.StartNew();
        ClassicalInpainter.Inpaint(image, mask, InpaintEngine.Telea);
        Console.WriteLine($"Telea {swT.Elapsed.TotalSeconds:F3} s");
        return Task.FromResult(0);
    }

    /// <summary>A few thick strokes and blobs covering about <paramref name="fraction"/> of the image.</summary>
    internal static GrayImage SyntheticHole(int w, int h, double fraction)
    {
        var mask = new GrayImage(w, h);
        var rng = new Random(5);
        while (MaskOps.AreaFraction(mask) < fraction)
        {
            int cx = rng.Next(w), cy = rng.Next(h), r = rng.Next(10, 30);
            double angle = rng.NextDouble() * Math.PI * 2;
            for (int s = 0; s < 120; s++)
            {
                int x0 = (int)(cx + Math.Cos(angle) * s), y0 = (int)(cy + Math.Sin(angle) * s);
                for (int y = Math.Max(0, y0 - r); y < Math.Min(h, y0 + r); y++)
                    for (int x = Math.Max(0, x0 - r); x < Math.Min(w, x0 + r); x++)
                        if ((x - x0) * (x - x0) + (y - y0) * (y - y0) <= r * r) mask.GetRow(y)[x] = 255;
            }
        }
        return mask;
    }

    internal static ImageBuffer Load(string path) => ImageIO.Decode(File.ReadAllBytes(path));

    internal static GrayImage ToGray(ImageBuffer image)
    {
        var g = new GrayImage(image.Width, image.Height);
        var p = image.Pixels;
        var q = g.Pixels;
        for (int i = 0; i < q.Length; i++) q[i] = p[i * 4];
        return g;
    }

    /// <summary>RGB PSNR over the pixels where the mask is set.</summary>
    internal static double RegionPsnr(ImageBuffer a, ImageBuffer b, GrayImage region)
    {
        var pa = a.Pixels; var pb = b.Pixels; var m = region.Pixels;
        double sum = 0; long n = 0;
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] < 128) continue;
            for (int c = 0; c < 3; c++) { double d = pa[i * 4 + c] - pb[i * 4 + c]; sum += d * d; }
            n += 3;
        }
        return n == 0 ? double.PositiveInfinity : ImageMetrics.PsnrFromMse(sum / n);
    }
}
