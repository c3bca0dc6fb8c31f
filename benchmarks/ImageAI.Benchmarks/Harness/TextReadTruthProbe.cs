using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Pipelines.Watermarks;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// <c>text-read-truth [VARIANTS=3]</c>: whether the PP-OCRv4 recogniser reads the synthetic watermarks the detector
/// misses. Each untiled sample's true box (the glyphs' extent along and across the text's angle, plus a fifth of its
/// height) is read on the marked photo and on the clean one; TR_TOL=1 also reads it turned by +-5..15 degrees, 0.6-2.2
/// times as tall and shifted across by +-0.15..0.3 of its height (how densely a search would have to place strips),
/// TR_EXTEND=1 reads each line the locator found and the same line three times as long. Env TD_ONLY and TW_FONTS as
/// for the other text harnesses.
/// </summary>
internal static class TextReadTruthProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        int variants = args.Length > 0 ? int.Parse(args[0]) : 3;
        using var editor = new OnnxImageEditor();
        var reader = await HarnessReader.CreateAsync(editor);
        var session = await editor.Sessions.GetAsync(await editor.Models.ResolveAsync(TextDetectionOptions.DefaultModelId));
        var fonts = SyntheticFonts.Selected();
        var photos = Directory.GetFiles(Path.Combine(SharedFolder.Find(), "eval", "general", "kodak24"), "*.png").Order().ToList();
        var options = DetectionOverrides.FromEnvironment(new TextDetectionOptions());
        for (int v = 0; v < variants; v++)
            for (int i = 0; i < photos.Count; i++)
            {
                string label = $"{Path.GetFileNameWithoutExtension(photos[i])}-v{v}";
                if (Environment.GetEnvironmentVariable("TD_ONLY") is { } only && !only.Split(',').Contains(label)) continue;
                var sample = TextWatermarkSynthesizer.Create(InpaintHarness.Load(photos[i]), 1000 + 100 * v + i, fonts);
                if (sample.Tiled) continue;
                var truth = sample.TruthMask();
                double t = sample.Angle * Math.PI / 180, c = Math.Cos(t), s = Math.Sin(t);
                double u0 = double.MaxValue, u1 = double.MinValue, v0 = double.MaxValue, v1 = double.MinValue;
                int w = truth.Width;
                for (int p = 0; p < truth.Pixels.Length; p++)
                {
                    if (truth.Pixels[p] == 0) continue;
                    double x = p % w + 0.5, y = p / w + 0.5, u = x * c + y * s, vv = -x * s + y * c;
                    u0 = Math.Min(u0, u); u1 = Math.Max(u1, u); v0 = Math.Min(v0, vv); v1 = Math.Max(v1, vv);
                }
                double cu = (u0 + u1) / 2, cv = (v0 + v1) / 2, hgt = v1 - v0, margin = 0.2 * hgt;
                var box = new TextRegion((float)(cu * c - cv * s), (float)(cu * s + cv * c), (float)(u1 - u0 + 2 * margin), (float)(hgt + 2 * margin), sample.Angle, 1);
                var (text, conf) = reader.Read(sample.Marked, box, default);
                var (text0, conf0) = reader.Read(sample.Clean, box, default);
                Console.WriteLine($"{label} {sample.Colour.R} {sample.Opacity:F2} truth \"{sample.Text}\" read \"{text}\" {conf:F3}   clean \"{text0}\" {conf0:F3}");
                if (Environment.GetEnvironmentVariable("TR_TOL") == "1")
                {
                    var line = new System.Text.StringBuilder();
                    foreach (float da in new[] { -15f, -10f, -5f, 5f, 10f, 15f }) line.Append($" a{da:+0;-0}:{reader.Read(sample.Marked, box with { Angle = box.Angle + da }, default).Confidence:F2}");
                    foreach (float hs in new[] { 0.6f, 0.8f, 1.3f, 1.7f, 2.2f }) line.Append($" h{hs}:{reader.Read(sample.Marked, box with { Height = box.Height * hs }, default).Confidence:F2}");
                    foreach (float dv in new[] { -0.3f, -0.15f, 0.15f, 0.3f })
                    {
                        float ox = (float)(-s * dv * box.Height), oy = (float)(c * dv * box.Height);
                        line.Append($" v{dv:+0.00;-0.00}:{reader.Read(sample.Marked, box with { CenterX = box.CenterX + ox, CenterY = box.CenterY + oy }, default).Confidence:F2}");
                    }
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    var wide = box with { Width = 600 * box.Height / 48f };
                    for (int r = 0; r < 5; r++) reader.ReadSteps(sample.Marked, wide, default);
                    line.Append($" | 600 px strip {watch.Elapsed.TotalMilliseconds / 5:F1} ms");
                    Console.WriteLine("   tol" + line);
                }
                if (Environment.GetEnvironmentVariable("TR_EXTEND") == "1")
                {
                    var (_, kept) = TextWatermarkLocator.Locate(session, sample.Marked, options, default, reader);
                    foreach (var r in kept)
                    {
                        if (r.Width < 2 * r.Height) continue;
                        var longer = r with { Width = r.Width * 3 };
                        var (t1, c1) = reader.Read(sample.Marked, r, default);
                        var (t3, c3) = reader.Read(sample.Marked, longer, default);
                        Console.WriteLine($"    found {r}: \"{t1}\" {c1:F2}  x3: \"{t3}\" {c3:F2}");
                    }
                }
            }
        return 0;
    }
}
