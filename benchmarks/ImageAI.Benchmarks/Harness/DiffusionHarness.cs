using System.Globalization;
using ImageAI.Diffusion;
using ImageAI.Diffusion.Schedulers;
using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Processing;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Diffusion evaluation: (1) VAElight encode-decode PSNR on Kodak photos resized to 512x512, through the library's
/// image-to-image path at strength 0; (2) the library's per-step overhead (everything in the denoising loop except
/// ONNX Runtime's UNet run) for every scheduler at 64x64 latents (512x512 images) with batched guidance, using the
/// tiny-sd stand-ins. Usage: <c>diffusion [--images N] [--runs N] [--steps N] [--no-vae] [--inpaint-demo OUT.png]</c>.
/// </summary>
internal static class DiffusionHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int images = 24, runs = 3, steps = 10;
        bool vae = true;
        string? demo = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--images": images = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--no-vae": vae = false; break;
                case "--inpaint-demo": demo = args[++i]; break;
            }
        }
        var shared = SharedFolder.Find();
        var work = Directory.CreateTempSubdirectory("imageai-diffusion-").FullName;
        try
        {
            string tiny = Assemble(shared, Path.Combine(work, "tiny"), vaeLight: false);
            string light = Assemble(shared, Path.Combine(work, "light"), vaeLight: true);
            using var editor = new OnnxImageEditor();
            if (demo is not null) return await InpaintDemoAsync(editor, shared, light, demo);

            Console.WriteLine("VAElight encode-decode, Kodak photos resized to 512x512 (library path: edit-with-prompt, strength 0)");
            Console.WriteLine("image        PSNR dB   ms");
            var psnrs = new List<double>();
            var files = Directory.GetFiles(Path.Combine(shared, "eval", "general", "kodak24"), "*.png").Order().Take(vae ? images : 0);
            foreach (var file in files)
            {
                var photo = Resampler.Resize(ImageAI.Codecs.ImageIO.Decode(File.ReadAllBytes(file)), 512, 512);
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var result = await editor.EditAsync(new ImageEditRequest(photo, new EditWithPrompt { ModelId = light, Prompt = "", Strength = 0, Seed = 1 }));
                double psnr = ImageMetrics.Psnr(photo, result.Image);
                psnrs.Add(psnr);
                Console.WriteLine($"{Path.GetFileName(file),-12} {psnr,7:F2} {sw.ElapsedMilliseconds,6}");
            }
            if (psnrs.Count > 0) Console.WriteLine($"mean {psnrs.Average():F2} dB, min {psnrs.Min():F2} dB over {psnrs.Count} images");
            Console.WriteLine();

            Console.WriteLine($"Per-step overhead at 64x64 latents (512x512), guidance batched, {steps} steps, median of {runs} runs (tiny-sd stand-ins)");
            Console.WriteLine("scheduler        overhead ms/step   UNet (ORT) ms/step");
            foreach (var name in SchedulerFactory.Names)
            {
                var overhead = new List<double>();
                var unet = new List<double>();
                for (int r = 0; r < runs + 1; r++)
                {
                    var result = await editor.EditAsync(new ImageEditRequest(null, new GenerateImage
                    {
                        ModelId = tiny, Prompt = "a photo of a cat", NegativePrompt = "blurry", Steps = steps, Seed = r,
                        Scheduler = name, Width = 512, Height = 512,
                    }));
                    if (r == 0) continue;   // warm-up
                    var report = result.GetDetails<DiffusionReport>()!;
                    overhead.Add(report.StepOverhead.TotalMilliseconds);
                    unet.Add(result.Timings["denoise"].TotalMilliseconds / report.StepsRun - report.StepOverhead.TotalMilliseconds);
                }
                Console.WriteLine($"{name,-16} {Median(overhead),10:F3} {Median(unet),18:F1}");
            }
            return 0;
        }
        finally
        {
            try { Directory.Delete(work, true); } catch (IOException) { }
        }
    }

    /// <summary>Inpaints a rectangle of a Kodak photo with the VAElight stand-in and writes the result (look at it: outside the hole must be the photo).</summary>
    private static async Task<int> InpaintDemoAsync(OnnxImageEditor editor, string shared, string model, string output)
    {
        var photo = ImageAI.Codecs.ImageIO.Decode(File.ReadAllBytes(Path.Combine(shared, "eval", "general", "kodak24", "kodim23.png")));
        var mask = new GrayImage(photo.Width, photo.Height);
        for (int y = 150; y < 300; y++) for (int x = 250; x < 420; x++) mask.Pixels[y * photo.Width + x] = 255;
        var result = await editor.EditAsync(new ImageEditRequest(photo, new InpaintWithPrompt
        {
            ModelId = model, Prompt = "a red ball", Steps = 10, Seed = 1, Scheduler = "ddim", Mask = mask, MaskBlur = 8, Strength = 0.6,
        }));
        await ImageAI.Codecs.ImageIO.SaveAsync(result.Image, output);
        int changedOutside = 0;
        for (int i = 0; i < mask.Pixels.Length; i++)
            if (mask.Pixels[i] == 0 && !photo.PixelArray.AsSpan(i * 4, 4).SequenceEqual(result.Image.PixelArray.AsSpan(i * 4, 4))) changedOutside++;
        var report = result.GetDetails<DiffusionReport>()!;
        Console.WriteLine($"{output}: region {report.Region}, work {report.Width}x{report.Height}, unmasked pixels changed: {changedOutside}");
        return 0;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>A diffusers-layout folder from the tiny-sd stand-ins (optionally with the VAElight VAE).</summary>
    internal static string Assemble(string shared, string folder, bool vaeLight)
    {
        foreach (var part in new[] { "text_encoder", "unet", "vae_encoder", "vae_decoder" })
        {
            Directory.CreateDirectory(Path.Combine(folder, part));
            string source = vaeLight && part.StartsWith("vae_", StringComparison.Ordinal)
                ? Path.Combine(shared, "models", "diffusion", "vaelight", part == "vae_encoder" ? "encoder.onnx" : "decoder.onnx")
                : Path.Combine(shared, "models", "test-doubles", "tiny-sd", part, "model.onnx");
            File.Copy(source, Path.Combine(folder, part, "model.onnx"));
        }
        Directory.CreateDirectory(Path.Combine(folder, "tokenizer"));
        foreach (var f in new[] { "vocab.json", "merges.txt" })
            File.Copy(Path.Combine(shared, "models", "diffusion", "clip", f), Path.Combine(folder, "tokenizer", f));
        Directory.CreateDirectory(Path.Combine(folder, "scheduler"));
        File.WriteAllText(Path.Combine(folder, "scheduler", "scheduler_config.json"),
            """{"_class_name": "PNDMScheduler", "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear", "steps_offset": 1, "skip_prk_steps": true}""");
        File.WriteAllText(Path.Combine(folder, "model_index.json"), """{"_class_name": "OnnxStableDiffusionPipeline"}""");
        return folder;
    }
}
