using System.Diagnostics;
using System.Globalization;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Metrics.Brisque;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Processing;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Super-resolution quality on shared/eval/sr/lr-bicubic (x4): for bicubic and each model, mean Y-PSNR and Y-SSIM
/// (border = scale cropped) against HR_mod4, and BRISQUE of the output (lower = more natural), per set.
/// Usage: <c>sr-eval [--sets CSet5,CSet14] [--models a,b,...] [--slow-sets CSet5] [--save DIR]</c>. RealESRGAN_x4plus
/// (RRDB) is slow on CPU: it runs only on <c>--slow-sets</c> (default CSet5 and CSet14).
/// </summary>
internal static class SuperResolutionEvalHarness
{
    private const string Bicubic = "bicubic";
    private const string Rrdb = "RealESRGAN_x4plus";

    public static async Task<int> RunAsync(string[] args)
    {
        string[] sets = ["CSet5", "CSet14"];
        string[] models = ["realesr-general-x4v3", Rrdb, "4xLSDIRCompactN3"];
        string[]? slowSets = null;
        string? save = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sets": sets = args[++i].Split(','); break;
                case "--models": models = args[++i].Split(','); break;
                case "--slow-sets": slowSets = args[++i].Split(','); break;
                case "--save": save = args[++i]; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        slowSets ??= sets;
        var brisque = BrisqueModel.TryLoadDefault();
        if (brisque is null) Console.Error.WriteLine("BRISQUE model files not found (apt-get install opencv-data, or set IMAGEAI_BRISQUE_DIR); BRISQUE column left empty.");
        var root = Path.Combine(SharedFolder.Find(), "eval", "sr", "lr-bicubic");
        using var editor = new OnnxImageEditor();
        const int scale = 4;

        var rows = new List<(string Set, string Method, int N, double Psnr, double Ssim, double Brisque, double Seconds)>();
        foreach (var set in sets)
        {
            var files = Directory.GetFiles(Path.Combine(root, set, "X4"), "*.png").Order(StringComparer.Ordinal).ToArray();
            foreach (var method in (string[])[Bicubic, .. models])
            {
                if (method == Rrdb && !slowSets.Contains(set)) continue;
                double psnr = 0, ssim = 0, nr = 0, seconds = 0;
                foreach (var file in files)
                {
                    var lr = ImageIO.Decode(await File.ReadAllBytesAsync(file));
                    var hr = ImageIO.Decode(await File.ReadAllBytesAsync(Path.Combine(root, set, "HR_mod4", Path.GetFileName(file))));
                    var clock = Stopwatch.StartNew();
                    var sr = method == Bicubic
                        ? Resampler.Resize(lr, lr.Width * scale, lr.Height * scale, ResizeMode.Bicubic)
                        : (await editor.EditAsync(lr, new Upscale { ModelId = method, Scale = scale })).Image;
                    seconds += clock.Elapsed.TotalSeconds;
                    psnr += ImageMetrics.PsnrY(sr, hr, scale);
                    ssim += ImageMetrics.SsimY(sr, hr, scale);
                    nr += brisque is null ? double.NaN : Brisque.Score(sr, brisque);
                    if (save is not null)
                    {
                        Directory.CreateDirectory(save);
                        await ImageIO.SaveAsync(sr, Path.Combine(save, $"{set}-{Path.GetFileNameWithoutExtension(file)}-{method}.png"));
                    }
                }
                int n = files.Length;
                rows.Add((set, method, n, psnr / n, ssim / n, nr / n, seconds));
                Console.Error.WriteLine($"  {set} {method}: done in {seconds:F1} s");
            }
        }

        Console.WriteLine($"x{scale} on lr-bicubic; Y channel (BT.601), border {scale} cropped; BRISQUE lower is better; {Environment.ProcessorCount} cores (shared machine, times indicative)");
        Console.WriteLine("set     method                  n   Y-PSNR   Y-SSIM  BRISQUE   time s");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Set,-7} {r.Method,-22} {r.N,2} {r.Psnr,8:F2} {r.Ssim,8:F4} {r.Brisque,8:F2} {r.Seconds,8:F1}"));
        // Overall means over every image of the sets each method ran on.
        Console.WriteLine("overall (image-weighted, over the sets each method ran on):");
        foreach (var group in rows.GroupBy(r => r.Method))
        {
            int n = group.Sum(r => r.N);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"all",-7} {group.Key,-22} {n,2} {group.Sum(r => r.Psnr * r.N) / n,8:F2} {group.Sum(r => r.Ssim * r.N) / n,8:F4} {group.Sum(r => r.Brisque * r.N) / n,8:F2} {group.Sum(r => r.Seconds),8:F1}"));
        }
        return 0;
    }
}
