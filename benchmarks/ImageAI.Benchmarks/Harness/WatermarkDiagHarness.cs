using ImageAI.Morphology;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// <c>watermark-diag [NAME.png ...] [all]</c>: for logo-synth-kodak24 items (opacity &lt;= 0.7 unless <c>all</c>), the
/// opacity fit and its score at the true placement, and the region PSNR of inverting with the fitted and with the
/// true opacity: shows whether a miss comes from the placement or from the opacity.
/// </summary>
internal static class WatermarkDiagHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        var shared = SharedFolder.Find();
        var dir = Path.Combine(shared, "eval", "watermark", "logo-synth-kodak24");
        foreach (var line in File.ReadAllLines(Path.Combine(dir, "params.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            if (args.Length > 0 && !args.Contains(f[0])) continue;
            var input = InpaintHarness.Load(Path.Combine(dir, "input", f[0]));
            var clean = InpaintHarness.Load(Path.Combine(shared, "eval", f[1]));
            var logo = InpaintHarness.Load(Path.Combine(shared, "eval", f[2]));
            double a = double.Parse(f[3]);
            if (a > 0.75 && !args.Contains("all")) continue;
            int x = int.Parse(f[5]), y = int.Parse(f[6]), w = int.Parse(f[7]), h = int.Parse(f[8]);
            var region = MaskOps.Dilate(InpaintHarness.ToGray(InpaintHarness.Load(Path.Combine(dir, "mask", f[0]))), 2);
            Console.WriteLine($"{f[0]} a={a} true {x},{y},{w}x{h}");
            for (int dh = -1; dh <= 1; dh++)
            for (int dw = -1; dw <= 1; dw++)
            for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                if (dx != 0 || dy != 0 || dw != 0 || dh != 0) continue;
                var (k, gain) = OpacityEstimator.EstimateWithGain(input, logo, x + dx, y + dy, w + dw, h + dh);
                var layer = WatermarkLayer.FromTemplate(logo, x + dx, y + dy, w + dw, h + dh, k);
                var inv = layer.Invert(input, 0.99).Image;
                var layerT = WatermarkLayer.FromTemplate(logo, x + dx, y + dy, w + dw, h + dh, a);
                var invT = layerT.Invert(input, 0.99).Image;
                double res = OpacityEstimator.ResidualEnergy(input, logo, x + dx, y + dy, w + dw, h + dh, k);
                float refA = WatermarkLayer.ReferenceAlpha(logo); int mx = 0; for (int i = 3; i < logo.Pixels.Length; i += 4) mx = Math.Max(mx, logo.Pixels[i]);
                var shape = WatermarkLayer.FromTemplate(logo, x + dx, y + dy, w + dw, h + dh, Math.Min(1.0, refA / mx));
                var (k2, s2) = OpacityFit.Fit(input, shape);
                double k2o = k2 * mx / refA;
                var inv2 = WatermarkLayer.FromTemplate(logo, x + dx, y + dy, w + dw, h + dh, Math.Min(1, k2o)).Invert(input, 0.99).Image;
                Console.WriteLine($"  d=({dx},{dy},{dw},{dh}) fit k={k2o:F3} score={s2:F4} psnr={InpaintHarness.RegionPsnr(inv2, clean, region):F2} | estimator k={k:F3} gain={gain:F4} gradient residual={res:F3} psnr={InpaintHarness.RegionPsnr(inv, clean, region):F2} psnr@true a={InpaintHarness.RegionPsnr(invT, clean, region):F2}");
            }
        }
        return Task.FromResult(0);
    }
}
