using ImageAI.Morphology;
using ImageAI.Processing;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary><c>watermark-oracle</c>: checks the blend model on logo-synth-kodak24 by re-synthesising each input from its recipe.</summary>
internal static class WatermarkOracleHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        var shared = SharedFolder.Find();
        var dir = Path.Combine(shared, "eval", "watermark", "logo-synth-kodak24");
        foreach (var line in File.ReadAllLines(Path.Combine(dir, "params.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            var input = InpaintHarness.Load(Path.Combine(dir, "input", f[0]));
            var clean = InpaintHarness.Load(Path.Combine(shared, "eval", f[1]));
            var logo = InpaintHarness.Load(Path.Combine(shared, "eval", f[2]));
            double a = double.Parse(f[3]);
            int x = int.Parse(f[5]), y = int.Parse(f[6]), w = int.Parse(f[7]), h = int.Parse(f[8]);
            var region = MaskOps.Dilate(InpaintHarness.ToGray(InpaintHarness.Load(Path.Combine(dir, "mask", f[0]))), 2);
            var sb = new System.Text.StringBuilder($"{f[0]} a={a} in={InpaintHarness.RegionPsnr(input, clean, region):F1}");
            foreach (var mode in new[] { ResizeMode.Bicubic, ResizeMode.Bilinear, ResizeMode.Nearest, ResizeMode.Area })
            {
                var layer = WatermarkLayer.FromTemplate(logo, x, y, w, h, a, mode);
                var synth = layer.BlendOnto(clean);
                var inv = layer.Invert(input, 0.99);
                sb.Append($" {mode}: synth={InpaintHarness.RegionPsnr(synth, input, region):F1} inv={InpaintHarness.RegionPsnr(inv.Image, clean, region):F1}");
            }
            {
                // Straight (non-premultiplied) bilinear: colour and alpha resized independently.
                var opaque = logo.Clone();
                for (int i = 3; i < opaque.Pixels.Length; i += 4) opaque.Pixels[i] = 255;
                var rgbR = Resampler.Resize(opaque, w, h, ResizeMode.Bilinear);
                var alR = Resampler.Resize(logo.ExtractAlpha(), w, h, ResizeMode.Bilinear);
                for (int i = 0; i < w * h; i++) rgbR.Pixels[i * 4 + 3] = alR.Pixels[i];
                var layer = WatermarkLayer.FromTemplate(rgbR, x, y, w, h, a, ResizeMode.Bilinear);
                var synth = layer.BlendOnto(clean);
                var inv = layer.Invert(input, 0.99);
                sb.Append($" straight: synth={InpaintHarness.RegionPsnr(synth, input, region):F1} inv={InpaintHarness.RegionPsnr(inv.Image, clean, region):F1}");
            }
            Console.WriteLine(sb);
            if (args.Length > 0 && f[0] == args[0])
            {
                var layer = WatermarkLayer.FromTemplate(logo, x, y, w, h, a, ResizeMode.Bicubic);
                var lm = layer.ToMask(input.Width, input.Height, 0.5f / 255);
                var gm = InpaintHarness.ToGray(InpaintHarness.Load(Path.Combine(dir, "mask", f[0])));
                Console.WriteLine($"layer px {MaskOps.Count(lm)} mask px {MaskOps.Count(gm)} iou {ImageAI.Metrics.MaskMetrics.IoU(lm, gm):F3} maskbounds {MaskOps.Bounds(gm)}");
                for (int yy = y; yy < y + h; yy += 7)
                    for (int xx = x; xx < x + w; xx += 13)
                    {
                        int i = (yy - y) * w + (xx - x), p = yy * input.Width + xx;
                        if (layer.Alpha[i] <= 0) continue;
                        Console.WriteLine($"({xx},{yy}) A={layer.Alpha[i]:F2} W={layer.Rgb[i * 3]:F0},{layer.Rgb[i * 3 + 1]:F0},{layer.Rgb[i * 3 + 2]:F0} I={input.Pixels[p * 4]},{input.Pixels[p * 4 + 1]},{input.Pixels[p * 4 + 2]} J={clean.Pixels[p * 4]},{clean.Pixels[p * 4 + 1]},{clean.Pixels[p * 4 + 2]} m={gm.Pixels[p]}");
                    }
            }
        }
        return Task.FromResult(0);
    }
}
