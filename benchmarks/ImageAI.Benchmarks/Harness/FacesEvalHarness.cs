using System.Diagnostics;
using System.Globalization;
using ImageAI.Codecs;
using ImageAI.Faces;
using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Metrics.Brisque;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Processing;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Face evaluation. Usage: <c>faces-eval [detect|ffhq|whole] [--out DIR] [--detector ID] [--model ID] [--blend feather|seamless] [--scale N]</c>.
/// <list type="bullet">
/// <item><c>detect</c>: every image of faces/codeformer-inputs/whole_imgs, faces found, boxes and landmarks drawn to DIR.</item>
/// <item><c>ffhq</c>: faces/ffhq-hr degraded (x4 area downscale, seeded Gaussian noise sigma 3, JPEG q75), enhanced at x4;
/// Y-SSIM against the original and BRISQUE (lower is more natural) for bicubic and enhanced, and the mean colour
/// difference in the paste ring against the upscaled rest of the image.</item>
/// <item><c>whole</c>: enhances every whole_imgs image (default x1) and writes the results to DIR for inspection.</item>
/// </list>
/// </summary>
internal static class FacesEvalHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        string mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "ffhq";
        string output = Path.Combine(Path.GetTempPath(), "faces-eval");
        string? detector = null, model = null;
        var blend = FaceBlendMode.Feather;
        double scale = mode == "ffhq" ? 4 : 1;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out": output = args[++i]; break;
                case "--detector": detector = args[++i]; break;
                case "--model": model = args[++i]; break;
                case "--blend": blend = Enum.Parse<FaceBlendMode>(args[++i], ignoreCase: true); break;
                case "--scale": scale = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
            }
        }
        Directory.CreateDirectory(output);
        var shared = SharedFolder.Find();
        using var editor = new OnnxImageEditor();
        return mode switch
        {
            "detect" => await DetectAsync(editor, shared, output, detector),
            "whole" => await WholeAsync(editor, shared, output, detector, model, blend, scale),
            _ => await FfhqAsync(editor, shared, output, detector, model, blend, scale),
        };
    }

    private static IEnumerable<string> WholeImages(string shared) =>
        Directory.EnumerateFiles(Path.Combine(shared, "eval", "faces", "codeformer-inputs", "whole_imgs")).Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)).Order();

    private static async Task<int> DetectAsync(OnnxImageEditor editor, string shared, string output, string? detector)
    {
        Console.WriteLine($"| image | size | faces | min face px | time ms |");
        Console.WriteLine($"|---|---|---|---|---|");
        foreach (var file in WholeImages(shared))
        {
            var image = await ImageIO.LoadAsync(file);
            var sw = Stopwatch.StartNew();
            var result = await editor.EditAsync(new ImageEditRequest(image, new DetectFaces { ModelId = detector, DrawFaces = true }));
            var faces = result.GetDetails<FaceDetectionReport>()!.Faces;
            var ms = sw.Elapsed.TotalMilliseconds;
            await ImageIO.SaveAsync(result.Image, Path.Combine(output, Path.GetFileNameWithoutExtension(file) + $"-{detector ?? "yunet"}.png"));
            Console.WriteLine($"| {Path.GetFileName(file)} | {image.Width}x{image.Height} | {faces.Count} | {(faces.Count == 0 ? 0 : faces.Min(f => f.Size)):0} | {ms:0} |");
        }
        Console.WriteLine($"Drawn to {output}");
        return 0;
    }

    private static async Task<int> WholeAsync(OnnxImageEditor editor, string shared, string output, string? detector, string? model, FaceBlendMode blend, double scale)
    {
        Console.WriteLine("| image | faces enhanced | worst ring colour diff (/255) | time s |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var file in WholeImages(shared))
        {
            var image = await ImageIO.LoadAsync(file);
            var sw = Stopwatch.StartNew();
            var result = await editor.EditAsync(new ImageEditRequest(image, new EnhanceFaces { DetectorModelId = detector, ModelId = model, Blend = blend, Scale = scale }));
            var seconds = sw.Elapsed.TotalSeconds;
            var report = result.GetDetails<FaceEnhancementReport>()!;
            var baseImage = await RestReferenceAsync(editor, image, scale, result.Image);
            double ring = report.Faces.Where(f => f.Enhanced).Select(f => RingColourDifference(result.Image, baseImage, f.OutputToTemplate!.Value)).DefaultIfEmpty(0).Max();
            await ImageIO.SaveAsync(result.Image, Path.Combine(output, Path.GetFileNameWithoutExtension(file) + $"-enhanced-{blend}.png"));
            // A close-up of the largest face's paste square (and a margin) to look for seams: enlarged x2, nearest neighbour.
            if (report.Faces.FirstOrDefault(f => f.Enhanced) is { OutputToTemplate: { } map })
                await ImageIO.SaveAsync(CloseUp(result.Image, map), Path.Combine(output, Path.GetFileNameWithoutExtension(file) + $"-closeup-{blend}.png"));
            Console.WriteLine($"| {Path.GetFileName(file)} | {report.EnhancedCount}/{report.Faces.Count} | {ring:0.00} | {seconds:0.0} |");
        }
        Console.WriteLine($"Written to {output}");
        return 0;
    }

    private static async Task<int> FfhqAsync(OnnxImageEditor editor, string shared, string output, string? detector, string? model, FaceBlendMode blend, double scale)
    {
        Console.WriteLine($"ffhq-hr, degraded: x{scale} area downscale, Gaussian noise sigma 3 (seed 42), JPEG q75; enhanced x{scale} ({blend}, {model ?? "realesr-general-x4v3"})");
        var brisque = BrisqueModel.TryLoadDefault();
        if (brisque is null) Console.WriteLine("BRISQUE model files not found (Debian's opencv-data, or IMAGEAI_BRISQUE_DIR): BRISQUE columns are NaN.");
        Console.WriteLine("| image | faces | SSIM-Y bicubic | SSIM-Y enhanced | diff | BRISQUE bicubic | BRISQUE enhanced | ring colour diff (/255) | time s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var rows = new List<(double Bicubic, double Enhanced, double Ring, double BrisqueBicubic, double BrisqueEnhanced)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(shared, "eval", "faces", "ffhq-hr"), "*.png").Order())
        {
            var original = await ImageIO.LoadAsync(file);
            var degraded = Degrade(original, scale, seed: 42);
            var bicubic = Resampler.Resize(degraded, original.Width, original.Height, ResizeMode.Bicubic);
            var sw = Stopwatch.StartNew();
            var result = await editor.EditAsync(new ImageEditRequest(degraded, new EnhanceFaces { DetectorModelId = detector, ModelId = model, Blend = blend, Scale = scale }));
            var seconds = sw.Elapsed.TotalSeconds;
            var enhanced = result.Image.Width == original.Width && result.Image.Height == original.Height
                ? result.Image : Resampler.Resize(result.Image, original.Width, original.Height, ResizeMode.Bicubic);
            var report = result.GetDetails<FaceEnhancementReport>()!;
            var rest = await RestReferenceAsync(editor, degraded, scale, result.Image);
            double ring = report.Faces.Where(f => f.Enhanced).Select(f => RingColourDifference(result.Image, rest, f.OutputToTemplate!.Value)).DefaultIfEmpty(double.NaN).Max();
            double sb = ImageMetrics.SsimY(bicubic, original), se = ImageMetrics.SsimY(enhanced, original);
            double bb = brisque is null ? double.NaN : Brisque.Score(bicubic, brisque);
            double be = brisque is null ? double.NaN : Brisque.Score(enhanced, brisque);
            rows.Add((sb, se, ring, bb, be));
            var name = Path.GetFileNameWithoutExtension(file);
            await ImageIO.SaveAsync(degraded, Path.Combine(output, $"{name}-degraded.png"));
            await ImageIO.SaveAsync(bicubic, Path.Combine(output, $"{name}-bicubic.png"));
            await ImageIO.SaveAsync(enhanced, Path.Combine(output, $"{name}-enhanced-{blend}.png"));
            Console.WriteLine($"| {name} | {report.EnhancedCount} | {sb:0.0000} | {se:0.0000} | {Math.Round(se - sb, 4):+0.0000;-0.0000;0.0000} | {bb:0.00} | {be:0.00} | {ring:0.00} | {seconds:0.0} |");
        }
        Console.WriteLine($"| mean | | {rows.Average(r => r.Bicubic):0.0000} | {rows.Average(r => r.Enhanced):0.0000} | {Math.Round(rows.Average(r => r.Enhanced - r.Bicubic), 4):+0.0000;-0.0000;0.0000} | {rows.Average(r => r.BrisqueBicubic):0.00} | {rows.Average(r => r.BrisqueEnhanced):0.00} | {rows.Max(r => r.Ring):0.00} (max) | |");
        Console.WriteLine($"Images written to {output}.");
        return 0;
    }

    /// <summary>
    /// What surrounds the pasted faces: the image itself at x1, else the same <c>Upscale</c> the pipeline runs on the
    /// rest of the image. The ring difference against it measures the paste, not the upscaler.
    /// </summary>
    private static async Task<ImageBuffer> RestReferenceAsync(OnnxImageEditor editor, ImageBuffer image, double scale, ImageBuffer result)
    {
        if (scale == 1) return image;
        var rest = (await editor.EditAsync(new ImageEditRequest(image, new Upscale { Scale = scale }))).Image;
        return rest.Width == result.Width && rest.Height == result.Height ? rest : Resampler.Resize(rest, result.Width, result.Height, ResizeMode.Bicubic);
    }

    private static ImageBuffer CloseUp(ImageBuffer image, Geometry.AffineTransform outputToTemplate)
    {
        var inverse = outputToTemplate.Invert();
        var a = inverse.Apply(new Geometry.PointF2(-64, -64));
        var b = inverse.Apply(new Geometry.PointF2(576, 576));
        int x0 = Math.Clamp((int)Math.Min(a.X, b.X), 0, image.Width - 1), y0 = Math.Clamp((int)Math.Min(a.Y, b.Y), 0, image.Height - 1);
        int x1 = Math.Clamp((int)Math.Max(a.X, b.X), x0 + 1, image.Width), y1 = Math.Clamp((int)Math.Max(a.Y, b.Y), y0 + 1, image.Height);
        var crop = new ImageBuffer(x1 - x0, y1 - y0);
        for (int y = y0; y < y1; y++) image.GetRow(y).Slice(x0 * 4, crop.Width * 4).CopyTo(crop.GetRow(y - y0));
        int zoom = Math.Max(1, 700 / Math.Max(crop.Width, crop.Height));
        return Resampler.Resize(crop, crop.Width * zoom, crop.Height * zoom, ResizeMode.Nearest);
    }

    /// <summary>The synthetic degradation: area downscale, seeded Gaussian noise, JPEG round trip.</summary>
    internal static ImageBuffer Degrade(ImageBuffer original, double scale, int seed)
    {
        var small = Resampler.Resize(original, (int)Math.Round(original.Width / scale), (int)Math.Round(original.Height / scale), ResizeMode.Area);
        var rng = new Random(seed);
        var px = small.Pixels;
        for (int i = 0; i < px.Length; i++)
        {
            if ((i & 3) == 3) continue;
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            double noise = 3.0 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            px[i] = (byte)Math.Clamp((int)Math.Round(px[i] + noise), 0, 255);
        }
        var jpeg = ImageIO.Encode(small, new ImageEncodeOptions { Format = ImageFormat.Jpeg, Quality = 75 });
        return ImageIO.Decode(jpeg);
    }

    /// <summary>
    /// Largest per-channel |mean(enhanced) - mean(reference)| (in 0..255 levels) over the paste ring: output pixels
    /// whose aligned-template position lies between 2% and 10% of the square's side from its edge (the feather band).
    /// </summary>
    internal static double RingColourDifference(ImageBuffer enhanced, ImageBuffer reference, Geometry.AffineTransform outputToTemplate)
    {
        Span<double> sum = stackalloc double[3];
        long count = 0;
        for (int y = 0; y < enhanced.Height; y++)
        {
            var a = enhanced.GetRow(y);
            var b = reference.GetRow(y);
            for (int x = 0; x < enhanced.Width; x++)
            {
                var t = outputToTemplate.Apply(new Geometry.PointF2(x, y));
                float d = Math.Min(Math.Min(t.X, t.Y), Math.Min(511 - t.X, 511 - t.Y));
                if (d < 0.02f * 512 || d > 0.10f * 512) continue;
                for (int c = 0; c < 3; c++) sum[c] += a[x * 4 + c] - b[x * 4 + c];
                count++;
            }
        }
        if (count == 0) return 0;
        return Math.Max(Math.Abs(sum[0]), Math.Max(Math.Abs(sum[1]), Math.Abs(sum[2]))) / count;
    }
}
