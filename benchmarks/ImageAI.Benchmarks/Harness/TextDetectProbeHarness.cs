using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Pipelines.Watermarks;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// <c>td-probe kodimNN-vV</c>: one sample of the synthetic text set redrawn at opacities 0.35-1 over the photo, over a
/// flat field of the photo's mean colour and over the photo blurred (env PROBE_BG, comma list of photo, flat, blur8),
/// detected at 512 and 960 px (or, with env PROBE_CROP=SIDE@SIZE,..., on crops around the text): the detector's mean
/// and highest probability over the text and the share of it inside a region. Shows whether a miss is the text's
/// opacity or the photo behind it.
/// </summary>
internal static class TextDetectProbeHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        string label = args[0];
        var parts = label.Split("-v");
        int index = int.Parse(parts[0].Replace("kodim", "")) - 1, v = int.Parse(parts[1]);
        var shared = SharedFolder.Find();
        var photos = Directory.GetFiles(Path.Combine(shared, "eval", "general", "kodak24"), "*.png").Order().ToList();
        using var editor = new OnnxImageEditor();
        var session = await editor.Sessions.GetAsync(await editor.Models.ResolveAsync(TextDetectionOptions.DefaultModelId));
        var clean = InpaintHarness.Load(photos[index]);
        var sample = TextWatermarkSynthesizer.Create(clean, 1000 + 100 * v + index, SyntheticFonts.Selected());
        var truth = sample.TruthMask();
        var options = new TextDetectionOptions { RotatedPasses = [], SmoothedPassSigma = 0 };
        foreach (var bg in (Environment.GetEnvironmentVariable("PROBE_BG") ?? "photo,flat,blur8").Split(','))
        {
            ImageBuffer basePhoto = bg switch
            {
                "photo" => clean,
                "blur8" => ImageAI.Processing.GaussianBlur.Blur(clean, 8),
                _ => Flat(clean),
            };
            foreach (double op in new[] { 0.35, 0.5, 0.64, 0.8, 1.0 })
            {
                var alpha = new float[sample.Coverage.Length];
                for (int i = 0; i < alpha.Length; i++) alpha[i] = (float)(sample.Coverage[i] * op);
                var marked = TextWatermarkSynthesizer.Blend(basePhoto, alpha, sample.Colour);
                if (Environment.GetEnvironmentVariable("PROBE_CROP") is { } cropText)
                {
                    // Crops of side C around the text's centre, detected at D.
                    int tx0 = int.MaxValue, ty0 = int.MaxValue, tx1 = 0, ty1 = 0;
                    for (int p = 0; p < truth.Pixels.Length; p++) if (truth.Pixels[p] != 0) { tx0 = Math.Min(tx0, p % clean.Width); tx1 = Math.Max(tx1, p % clean.Width); ty0 = Math.Min(ty0, p / clean.Width); ty1 = Math.Max(ty1, p / clean.Width); }
                    foreach (var spec in cropText.Split(','))
                    {
                        var cs = spec.Split('@'); int side = int.Parse(cs[0]), det = int.Parse(cs[1]);
                        int cx = Math.Clamp((tx0 + tx1) / 2 - side / 2, 0, clean.Width - side), cy = Math.Clamp((ty0 + ty1) / 2 - side / 2, 0, clean.Height - side);
                        var crop = new ImageBuffer(side, side);
                        for (int y = 0; y < side; y++) marked.GetRow(cy + y).Slice(cx * 4, side * 4).CopyTo(crop.GetRow(y));
                        var d = TextDetector.Detect(session, crop, options with { MinSide = det, MaxSide = det }, default);
                        long inb = 0, tot = 0; double mx = 0;
                        for (int p = 0; p < truth.Pixels.Length; p++)
                        {
                            if (truth.Pixels[p] == 0) continue;
                            int x = p % clean.Width - cx, y = p / clean.Width - cy;
                            if (x < 0 || y < 0 || x >= side || y >= side) continue;
                            tot++;
                            mx = Math.Max(mx, d.Probability[Math.Min(d.MapHeight - 1, y * d.MapHeight / side) * d.MapWidth + Math.Min(d.MapWidth - 1, x * d.MapWidth / side)]);
                            if (d.Regions.Any(r => r.Contains(x, y))) inb++;
                        }
                        Console.WriteLine($"{label} {bg,-5} op {op:F2} crop {side}@{det}: max {mx:F2} inbox {(double)inb / Math.Max(1, tot):P0} (of {tot}) regions {d.Regions.Count}");
                    }
                    continue;
                }
                foreach (var size in new[] { 512, 960 })
                {
                    var o = options with { MinSide = size, MaxSide = size };
                    var det = TextDetector.Detect(session, marked, o, default);
                    double max = 0, sum = 0; long n = 0;
                    float sx = (float)det.MapWidth / clean.Width, sy = (float)det.MapHeight / clean.Height;
                    for (int p = 0; p < truth.Pixels.Length; p++)
                    {
                        if (truth.Pixels[p] == 0) continue;
                        int x = p % clean.Width, y = p / clean.Width;
                        float pv = det.Probability[Math.Min(det.MapHeight - 1, (int)(y * sy)) * det.MapWidth + Math.Min(det.MapWidth - 1, (int)(x * sx))];
                        max = Math.Max(max, pv); sum += pv; n++;
                    }
                    long inbox = 0;
                    for (int p = 0; p < truth.Pixels.Length; p++)
                        if (truth.Pixels[p] != 0 && det.Regions.Any(r => r.Contains(p % clean.Width, p / clean.Width))) inbox++;
                    Console.WriteLine($"{label} {bg,-5} op {op:F2} size {size}: prob mean {sum / n:F3} max {max:F2} inbox {(double)inbox / n:P0} regions {det.Regions.Count}");
                }
            }
        }
        return 0;
    }

    private static ImageBuffer Flat(ImageBuffer photo)
    {
        var flat = photo.Clone();
        long[] s = new long[3];
        var px = photo.Pixels;
        for (int i = 0; i < px.Length; i += 4) for (int c = 0; c < 3; c++) s[c] += px[i + c];
        int n = px.Length / 4;
        var f = flat.Pixels;
        for (int i = 0; i < f.Length; i += 4) for (int c = 0; c < 3; c++) f[i + c] = (byte)(s[c] / n);
        return flat;
    }
}
