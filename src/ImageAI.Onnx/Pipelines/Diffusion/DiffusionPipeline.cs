using System.Collections.Concurrent;
using ImageAI.Diffusion;
using ImageAI.Diffusion.Schedulers;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Models;
using ImageAI.Operations;
using ImageAI.Processing;

namespace ImageAI.Onnx.Pipelines.Diffusion;

/// <summary>
/// Latent diffusion (Stable Diffusion 1.x/2.x ONNX exports): text-to-image, image-to-image and inpainting share the
/// model cache, the prompt encoding and the sampler; each operation only prepares its starting latents and
/// composes its output.
/// </summary>
internal sealed class DiffusionPipeline(EditorContext context)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<DiffusionModel>>> _models = new();

    /// <summary>The three operation handlers, sharing one model cache.</summary>
    public static IEnumerable<IOperationHandler> Handlers(EditorContext context)
    {
        var pipeline = new DiffusionPipeline(context);
        yield return new Handler(GenerateImage.OperationName, pipeline.GenerateAsync);
        yield return new Handler(EditWithPrompt.OperationName, pipeline.EditAsync);
        yield return new Handler(InpaintWithPrompt.OperationName, pipeline.InpaintAsync);
    }

    private sealed class Handler(string name, Func<ImageEditRequest, IProgress<ImageEditProgress>?, CancellationToken, Task<ImageEditResult>> run) : IOperationHandler
    {
        public string OperationName => name;
        public Task<ImageEditResult> ExecuteAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken) =>
            run(request, progress, cancellationToken);
    }

    /// <summary>Loads (once) the model of a folder path or catalog id.</summary>
    public async Task<DiffusionModel> LoadModelAsync(string modelId, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        DiffusionModelFiles files;
        string? scheduler = null;
        if (Directory.Exists(modelId))
        {
            files = DiffusionModelFiles.FromFolder(modelId);
        }
        else if (context.Store.Catalog.Find(modelId) is { } entry)
        {
            files = await DiffusionModelFiles.FromCatalogAsync(context.Store, entry, progress, ct).ConfigureAwait(false);
            scheduler = entry.Parameters.GetValueOrDefault("scheduler");
        }
        else
        {
            throw new ModelNotFoundException(modelId,
                $"'{modelId}' is neither a diffusion model folder nor a catalog id (expected a folder with text_encoder/, unet/, vae_decoder/, tokenizer/, scheduler/).");
        }
        var lazy = _models.GetOrAdd(files.Key, _ => new Lazy<Task<DiffusionModel>>(() => DiffusionModel.LoadAsync(files, context.Sessions, scheduler, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            _models.TryRemove(new KeyValuePair<string, Lazy<Task<DiffusionModel>>>(files.Key, lazy));
            throw;
        }
    }

    private sealed record Setup(DiffusionModel Model, float[] Conditional, float[]? Unconditional, long Seed, StageTimer Timer);

    private async Task<Setup> PrepareAsync(PromptDiffusionOperation op, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        var timer = new StageTimer();
        var model = await LoadModelAsync(op.ModelId!, progress, ct).ConfigureAwait(false);
        timer.Lap("load");
        var cond = model.TextEncoder.Encode(op.Prompt, weighted: true, ct);
        float[]? uncond = op.GuidanceScale > 1 ? model.TextEncoder.Encode(op.NegativePrompt ?? "", weighted: true, ct) : null;
        timer.Lap("text-encoder");
        long seed = op.Seed ?? Random.Shared.NextInt64(0, int.MaxValue);
        return new Setup(model, cond, uncond, seed, timer);
    }

    private static DiffusionScheduler CreateScheduler(DiffusionModel model, PromptDiffusionOperation op)
    {
        var scheduler = SchedulerFactory.Create(op.Scheduler ?? model.DefaultScheduler ?? "pndm", model.SchedulerConfig);
        scheduler.SetTimesteps(op.Steps);
        return scheduler;
    }

    private static void CheckSize(DiffusionModel model, int width, int height)
    {
        if (model.Unet.FixedLatentWidth > 0 && model.Unet.FixedLatentWidth * 8 != width || model.Unet.FixedLatentHeight > 0 && model.Unet.FixedLatentHeight * 8 != height)
            throw new ArgumentException($"This UNet export only accepts {model.Unet.FixedLatentWidth * 8}x{model.Unet.FixedLatentHeight * 8} images (asked for {width}x{height}).");
    }

    public async Task<ImageEditResult> GenerateAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        var op = (GenerateImage)request.Operation;
        var setup = await PrepareAsync(op, progress, ct).ConfigureAwait(false);
        var model = setup.Model;
        int width = op.Width ?? (model.Unet.FixedLatentWidth > 0 ? model.Unet.FixedLatentWidth * 8 : 512);
        int height = op.Height ?? (model.Unet.FixedLatentHeight > 0 ? model.Unet.FixedLatentHeight * 8 : 512);
        CheckSize(model, width, height);
        return await RunBatchAsync(op, setup, width, height, progress, ct, (scheduler, random, latents) =>
        {
            StartFromNoise(scheduler, random, latents);
            return (0, null);
        }, (image, _) => image, null).ConfigureAwait(false);
    }

    public async Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        var op = (EditWithPrompt)request.Operation;
        var input = request.Image!;
        var setup = await PrepareAsync(op, progress, ct).ConfigureAwait(false);
        var model = setup.Model;
        int width = op.Width ?? Round64(input.Width), height = op.Height ?? Round64(input.Height);
        CheckSize(model, width, height);
        var work = input.Width == width && input.Height == height ? input : Resampler.Resize(input, width, height, ResizeMode.Bicubic);
        var original = model.Vae.Encode(Opaque(work), ct);
        setup.Timer.Lap("vae-encode");
        return await RunBatchAsync(op, setup, width, height, progress, ct, (scheduler, random, latents) =>
        {
            var noise = DrawNoise(random, latents.Length);
            if (op.Strength >= 1)
            {
                // strength 1 ignores the input entirely: exactly text-to-image with the same noise
                ScaleNoise(scheduler, noise, latents);
                return (0, null);
            }
            int start = scheduler.StartIndexForStrength(op.Strength);
            if (start >= scheduler.Timesteps.Length) original.AsSpan().CopyTo(latents);
            else scheduler.AddNoise(original, noise, start, latents);
            return (start, null);
        }, (image, _) => Restore(image, input), null).ConfigureAwait(false);
    }

    public async Task<ImageEditResult> InpaintAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        var op = (InpaintWithPrompt)request.Operation;
        var input = request.Image!;
        var mask = op.Mask!;
        mask.EnsureSameSize(input.Width, input.Height);
        var bounds = InpaintCompositor.MaskBounds(mask, op.CropToMask ? op.CropMargin : 0);
        if (bounds is null)
        {
            return new ImageEditResult { Image = input.Clone(), Mask = mask, Warnings = ["The mask is empty: nothing to inpaint."] };
        }
        var region = op.CropToMask ? bounds.Value : (0, 0, input.Width, input.Height);
        var setup = await PrepareAsync(op, progress, ct).ConfigureAwait(false);
        var model = setup.Model;
        var (width, height) = WorkingSize(op, region.Width, region.Height, op.CropToMask);
        CheckSize(model, width, height);

        var regionImage = Resampler.Resize(Crop(input, region), width, height, ResizeMode.Bicubic);
        var regionMask = Resampler.Resize(CropMask(mask, region), width, height, ResizeMode.Bilinear);
        var original = model.Vae.Encode(Opaque(regionImage), ct);
        var latentMask = LatentMask(regionMask, width / 8, height / 8);
        float[]? maskedLatents = null;
        if (model.Unet.InChannels == 9)
        {
            var blanked = Opaque(regionImage);
            var px = blanked.Pixels;
            ReadOnlySpan<byte> m = regionMask.Pixels;
            for (int i = 0; i < m.Length; i++)
                if (m[i] >= 128) { px[4 * i] = 128; px[4 * i + 1] = 128; px[4 * i + 2] = 128; }   // 0 in -1..1
            maskedLatents = model.Vae.Encode(blanked, ct);
        }
        setup.Timer.Lap("vae-encode");
        var weight = InpaintCompositor.FeatherInside(mask, op.MaskBlur);

        return await RunBatchAsync(op, setup, width, height, progress, ct, (scheduler, random, latents) =>
        {
            var noise = DrawNoise(random, latents.Length);
            int start = 0;
            if (op.Strength >= 1) ScaleNoise(scheduler, noise, latents);
            else
            {
                start = scheduler.StartIndexForStrength(op.Strength);
                if (start >= scheduler.Timesteps.Length) original.AsSpan().CopyTo(latents);
                else scheduler.AddNoise(original, noise, start, latents);
            }
            return (start, new InpaintLatents(latentMask, original, noise, maskedLatents));
        }, (generated, _) =>
        {
            var back = generated.Width == region.Item3 && generated.Height == region.Item4
                ? generated : Resampler.Resize(generated, region.Item3, region.Item4, ResizeMode.Bicubic);
            return InpaintCompositor.PasteBack(input, back, weight, region.Item1, region.Item2);
        }, region).ConfigureAwait(false);
    }

    private delegate (int Start, InpaintLatents? Inpaint) StartLatents(DiffusionScheduler scheduler, GaussianRandom random, float[] latents);

    private async Task<ImageEditResult> RunBatchAsync(PromptDiffusionOperation op, Setup setup, int width, int height,
        IProgress<ImageEditProgress>? progress, CancellationToken ct, StartLatents start,
        Func<ImageBuffer, int, ImageBuffer> finish, (int, int, int, int)? region)
    {
        var model = setup.Model;
        var timer = setup.Timer;
        int h = height / 8, w = width / 8;
        var images = new List<ImageBuffer>(op.BatchCount);
        var seeds = new List<long>(op.BatchCount);
        var sampler = new DiffusionSampler(model);
        string schedulerName = "";
        for (int k = 0; k < op.BatchCount; k++)
        {
            ct.ThrowIfCancellationRequested();
            long seed = setup.Seed + k;
            var random = new GaussianRandom(seed);
            var scheduler = CreateScheduler(model, op);
            schedulerName = scheduler.Name;
            var latents = new float[4 * h * w];
            var (startIndex, inpaint) = start(scheduler, random, latents);
            var before = sampler.UnetTime + sampler.OverheadTime;
            await Task.Run(() => sampler.Denoise(scheduler, latents, h, w, setup.Conditional, setup.Unconditional, (float)op.GuidanceScale,
                startIndex, random, inpaint, progress, op.PreviewEvery, ct), ct).ConfigureAwait(false);
            timer.Lap("denoise");
            var image = model.Vae.Decode(latents, h, w, ct);
            timer.Lap("vae-decode");
            images.Add(finish(image, k));
            seeds.Add(seed);
            timer.Lap("postprocess");
            _ = before;
        }
        return new ImageEditResult
        {
            Image = images[0],
            Images = images,
            Mask = (op as InpaintWithPrompt)?.Mask,
            ExecutionProvider = model.ExecutionProvider,
            FallbackReason = model.FallbackReason,
            Models = model.Usage,
            Timings = timer.Timings,
            Details = new DiffusionReport
            {
                Seeds = seeds,
                Scheduler = schedulerName,
                Steps = op.Steps,
                StepsRun = sampler.StepsRun / op.BatchCount,
                Width = width,
                Height = height,
                GuidanceScale = op.GuidanceScale,
                UnetCalls = sampler.UnetCalls,
                BatchedGuidance = sampler.Batched,
                TimestepType = model.Unet.TimestepType.ToString(),
                LatentType = model.Unet.SampleType.ToString(),
                StepOverhead = sampler.MedianStepOverhead,
                Region = region,
            },
        };
    }

    private static float[] DrawNoise(GaussianRandom random, int length)
    {
        var noise = new float[length];
        random.FillGaussian(noise);
        return noise;
    }

    private static void ScaleNoise(DiffusionScheduler scheduler, ReadOnlySpan<float> noise, Span<float> latents) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(noise, (float)scheduler.InitNoiseSigma, latents);

    private static void StartFromNoise(DiffusionScheduler scheduler, GaussianRandom random, float[] latents) =>
        ScaleNoise(scheduler, DrawNoise(random, latents.Length), latents);

    /// <summary>The working size: the requested one, or the region scaled (512 on the long side for crops, at most 512 otherwise), multiples of 64.</summary>
    private static (int Width, int Height) WorkingSize(PromptDiffusionOperation op, int regionWidth, int regionHeight, bool crop)
    {
        if (op.Width is { } ow && op.Height is { } oh) return (ow, oh);
        double scale = 512.0 / Math.Max(regionWidth, regionHeight);
        if (!crop) scale = Math.Min(1, scale);
        return (op.Width ?? Round64(regionWidth * scale), op.Height ?? Round64(regionHeight * scale));
    }

    /// <summary>
    /// The nearest multiple of 64 (at least 64) for sizes the pipeline picks itself: SD UNets halve the latent three
    /// times, so their skip connections only line up when the latent side is a multiple of 8.
    /// </summary>
    private static int Round64(double v) => Math.Max(64, (int)Math.Round(v / 64) * 64);

    /// <summary>1 where any pixel of the latent cell is masked, else 0.</summary>
    private static float[] LatentMask(GrayImage mask, int w, int h)
    {
        var result = new float[w * h];
        for (int y = 0; y < mask.Height; y++)
        {
            var row = mask.GetRow(y);
            for (int x = 0; x < row.Length; x++)
                if (row[x] != 0) result[(y / 8) * w + x / 8] = 1f;
        }
        return result;
    }

    private static ImageBuffer Crop(ImageBuffer image, (int X, int Y, int Width, int Height) r)
    {
        if (r.X == 0 && r.Y == 0 && r.Width == image.Width && r.Height == image.Height) return image;
        var result = new ImageBuffer(r.Width, r.Height);
        for (int y = 0; y < r.Height; y++) image.GetRow(r.Y + y).Slice(r.X * 4, r.Width * 4).CopyTo(result.GetRow(y));
        return result;
    }

    private static GrayImage CropMask(GrayImage mask, (int X, int Y, int Width, int Height) r)
    {
        var result = new GrayImage(r.Width, r.Height);
        for (int y = 0; y < r.Height; y++) mask.GetRow(r.Y + y).Slice(r.X, r.Width).CopyTo(result.GetRow(y));
        return result;
    }

    /// <summary>The image with alpha forced to 255 (the VAE sees colour only).</summary>
    private static ImageBuffer Opaque(ImageBuffer image)
    {
        if (image.IsOpaque()) return image;
        var copy = image.Clone();
        var px = copy.Pixels;
        for (int i = 3; i < px.Length; i += 4) px[i] = 255;
        return copy;
    }

    /// <summary>Back to the input's size, with the input's alpha.</summary>
    private static ImageBuffer Restore(ImageBuffer output, ImageBuffer input)
    {
        var result = output.Width == input.Width && output.Height == input.Height ? output : Resampler.Resize(output, input.Width, input.Height, ResizeMode.Bicubic);
        if (!input.IsOpaque())
        {
            var px = result.Pixels;
            ReadOnlySpan<byte> src = input.Pixels;
            for (int i = 3; i < px.Length; i += 4) px[i] = src[i];
        }
        return result;
    }
}
