using ImageAI.Diffusion;
using ImageAI.Diffusion.Schedulers;
using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Diffusion;

/// <summary>End-to-end runs on the random-weight tiny-sd stand-ins (and the real VAElight VAE).</summary>
[Collection(SharedEditorCollection.Name)]
public sealed class DiffusionPipelineTests : IClassFixture<DiffusionPipelineTests.Folders>
{
    private readonly SharedEditorFixture _fixture;
    private readonly Folders _folders;

    public DiffusionPipelineTests(SharedEditorFixture fixture, Folders folders)
    {
        _fixture = fixture;
        _folders = folders;
    }

    /// <summary>One assembled folder per variant for the whole class.</summary>
    public sealed class Folders : IDisposable
    {
        public TinySdFolder Tiny { get; } = new();
        public TinySdFolder Light { get; } = new(vaeLight: true);
        public void Dispose() { Tiny.Dispose(); Light.Dispose(); }
    }

    private OnnxImageEditor Editor => _fixture.Editor;

    private static GenerateImage Generate(string model, string scheduler, long seed = 1) => new()
    {
        ModelId = model, Prompt = "a photo of a cat", NegativePrompt = "blurry", Steps = 4, Seed = seed,
        Scheduler = scheduler, Width = 64, Height = 64,
    };

    [Theory]
    [InlineData("ddim")]
    [InlineData("euler")]
    [InlineData("euler-a")]
    [InlineData("dpm++2m")]
    [InlineData("dpm++2m-karras")]
    [InlineData("lcm")]
    [InlineData("pndm")]
    [InlineData("lms")]
    public async Task EveryScheduler_RunsEndToEnd_Reproducibly(string scheduler)
    {
        var folders = Folders_();
        var progress = new List<ImageEditProgress>();
        var op = Generate(folders.Tiny.Path, scheduler) with { PreviewEvery = 2 };
        var first = await Editor.EditAsync(new ImageEditRequest(null, op), new SyncProgress(progress.Add));
        var again = await Editor.EditAsync(new ImageEditRequest(null, op));
        var other = await Editor.EditAsync(new ImageEditRequest(null, op with { Seed = 2 }));

        Assert.Equal(64, first.Image.Width);
        Assert.Equal(64, first.Image.Height);
        Assert.Equal(first.Image.PixelArray, again.Image.PixelArray);          // same seed: bit-identical
        Assert.NotEqual(first.Image.PixelArray, other.Image.PixelArray);       // different seed: differs
        var report = first.GetDetails<DiffusionReport>()!;
        Assert.Equal(scheduler, report.Scheduler);
        Assert.True(report.BatchedGuidance);                                   // cond + uncond in one call
        int modelCalls = scheduler == "pndm" ? 5 : 4;                          // PLMS repeats one timestep
        Assert.Equal(modelCalls, report.UnetCalls);
        Assert.Equal("Float", report.TimestepType);
        var steps = progress.Where(p => p.Stage == "step").ToList();
        Assert.Equal(modelCalls, steps.Count);
        Assert.Equal(steps.Count, steps[^1].Current);
        Assert.NotNull(steps[1].Preview);
        Assert.Equal(8, steps[1].Preview!.Width);
        Assert.Null(steps[0].Preview);
    }

    [Fact]
    public async Task GuidanceOff_RunsTheConditionalPassOnly_AndDiffers()
    {
        var folders = Folders_();
        var guided = await Editor.EditAsync(new ImageEditRequest(null, Generate(folders.Tiny.Path, "ddim")));
        var plain = await Editor.EditAsync(new ImageEditRequest(null, Generate(folders.Tiny.Path, "ddim") with { GuidanceScale = 1 }));
        var report = plain.GetDetails<DiffusionReport>()!;
        Assert.False(report.BatchedGuidance);
        Assert.Equal(4, report.UnetCalls);
        Assert.NotEqual(guided.Image.PixelArray, plain.Image.PixelArray);
    }

    [Fact]
    public async Task BatchCount_UsesConsecutiveSeeds()
    {
        var folders = Folders_();
        var batch = await Editor.EditAsync(new ImageEditRequest(null, Generate(folders.Tiny.Path, "euler", seed: 10) with { BatchCount = 2 }));
        var second = await Editor.EditAsync(new ImageEditRequest(null, Generate(folders.Tiny.Path, "euler", seed: 11)));
        Assert.Equal(2, batch.Images.Count);
        Assert.Equal([10L, 11L], batch.GetDetails<DiffusionReport>()!.Seeds);
        Assert.Equal(second.Image.PixelArray, batch.Images[1].PixelArray);
    }

    [Fact]
    public async Task ModelFolderDefaultSchedulerIsUsed()
    {
        var folders = Folders_();
        var result = await Editor.EditAsync(new ImageEditRequest(null, Generate(folders.Tiny.Path, "ddim") with { Scheduler = null }));
        Assert.Equal("pndm", result.GetDetails<DiffusionReport>()!.Scheduler);
    }

    [Fact]
    public async Task ImageToImage_Strength0ReturnsTheVaeRoundTrip_Strength1IgnoresTheInput()
    {
        var folders = Folders_();
        var input = Pattern(64, 64, 0);
        var other = Pattern(64, 64, 99);
        EditWithPrompt Edit(double strength) => new()
        {
            ModelId = folders.Tiny.Path, Prompt = "cinematic lighting", Steps = 4, Seed = 3, Scheduler = "euler", Strength = strength,
        };
        var zero = await Editor.EditAsync(new ImageEditRequest(input, Edit(0)));
        var roundTrip = await Editor.EditAsync(new ImageEditRequest(input, Edit(0) with { Seed = 77, Prompt = "anything" }));
        Assert.Equal(0, zero.GetDetails<DiffusionReport>()!.StepsRun);
        Assert.Equal(0, zero.GetDetails<DiffusionReport>()!.UnetCalls);
        Assert.Equal(zero.Image.PixelArray, roundTrip.Image.PixelArray);     // only the VAE round trip, nothing random

        var full = await Editor.EditAsync(new ImageEditRequest(input, Edit(1)));
        var fullOther = await Editor.EditAsync(new ImageEditRequest(other, Edit(1)));
        Assert.Equal(full.Image.PixelArray, fullOther.Image.PixelArray);     // strength 1: the input does not matter
        var t2i = await Editor.EditAsync(new ImageEditRequest(null, new GenerateImage
        {
            ModelId = folders.Tiny.Path, Prompt = "cinematic lighting", Steps = 4, Seed = 3, Scheduler = "euler", Width = 64, Height = 64,
        }));
        Assert.Equal(t2i.Image.PixelArray, full.Image.PixelArray);           // ... it is exactly text-to-image

        var half = await Editor.EditAsync(new ImageEditRequest(input, Edit(0.5)));
        var halfOther = await Editor.EditAsync(new ImageEditRequest(other, Edit(0.5)));
        Assert.Equal(2, half.GetDetails<DiffusionReport>()!.StepsRun);
        Assert.NotEqual(half.Image.PixelArray, halfOther.Image.PixelArray);  // strength 0.5: the input matters
    }

    [Fact]
    public async Task ImageToImage_KeepsSizeAndAlpha_ForSizesNotMultipleOf8()
    {
        var folders = Folders_();
        var input = Pattern(61, 35, 5);
        input.Pixels[3] = 10;   // a transparent pixel
        var result = await Editor.EditAsync(new ImageEditRequest(input, new EditWithPrompt
        {
            ModelId = folders.Tiny.Path, Prompt = "x", Steps = 2, Seed = 1, Strength = 0.5,
        }));
        Assert.Equal(61, result.Image.Width);
        Assert.Equal(35, result.Image.Height);
        Assert.Equal(10, result.Image.Pixels[3]);
        Assert.Equal(64, result.GetDetails<DiffusionReport>()!.Width);   // auto sizes are multiples of 64
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Inpainting_LeavesUnmaskedPixelsBitIdentical(bool crop)
    {
        var folders = Folders_();
        var input = Pattern(160, 120, 7);
        var mask = new GrayImage(160, 120);
        for (int y = 40; y < 80; y++) for (int x = 60; x < 110; x++) mask.Pixels[y * 160 + x] = 255;
        var result = await Editor.EditAsync(new ImageEditRequest(input, new InpaintWithPrompt
        {
            ModelId = folders.Tiny.Path, Prompt = "a red ball", Steps = 4, Seed = 1, Scheduler = "ddim", Mask = mask, MaskBlur = 6, CropToMask = crop,
        }));
        Assert.Equal(160, result.Image.Width);
        int changedInside = 0;
        for (int i = 0; i < mask.Pixels.Length; i++)
        {
            if (mask.Pixels[i] == 0)
                Assert.True(input.PixelArray.AsSpan(i * 4, 4).SequenceEqual(result.Image.PixelArray.AsSpan(i * 4, 4)), $"unmasked pixel {i % 160},{i / 160} changed");
            else if (!input.PixelArray.AsSpan(i * 4, 3).SequenceEqual(result.Image.PixelArray.AsSpan(i * 4, 3))) changedInside++;
        }
        Assert.True(changedInside > mask.Pixels.ToArray().Count(v => v != 0) / 2, $"only {changedInside} masked pixels changed");
        var report = result.GetDetails<DiffusionReport>()!;
        if (crop)
        {
            Assert.Equal((28, 8, 114, 104), report.Region);
            Assert.Equal(0, report.Width % 8);
        }
    }

    [Fact]
    public async Task VaeLight_RoundTripOfAKodakPhoto_Reaches25Db()
    {
        var folders = Folders_();
        var photo = ImageAI.Processing.Resampler.Resize(TestData.Load(TestData.Eval("general", "kodak24", "kodim02.png")), 512, 512);   // 25.95 dB here, the README's ~25.9 dB figure
        var result = await Editor.EditAsync(new ImageEditRequest(photo, new EditWithPrompt
        {
            ModelId = folders.Light.Path, Prompt = "", Steps = 4, Seed = 1, Strength = 0,
        }));
        double psnr = ImageMetrics.Psnr(photo, result.Image);
        Assert.True(psnr >= 25, $"VAElight round trip PSNR {psnr:F2} dB");
    }

    [Fact]
    public async Task CatalogId_ResolvesComponentsThroughTheModelStore()
    {
        var folders = Folders_();
        var byId = await Editor.EditAsync(new ImageEditRequest(null, Generate("tiny-sd", "euler")));
        var byFolder = await Editor.EditAsync(new ImageEditRequest(null, Generate(folders.Tiny.Path, "euler")));
        Assert.Equal(byFolder.Image.PixelArray, byId.Image.PixelArray);   // same weights, same tokenizer, same seed
        Assert.Contains(byId.Models, m => m.Sha256 == "84d0259826a189c8477dead5e2830594073d8daaa67a91bc1fcb123557502c93");
        await Assert.ThrowsAsync<ModelContractException>(() => Editor.EditAsync(new ImageEditRequest(null, Generate("isnet-general", "euler"))));
    }

    [Fact]
    public async Task Fp16ModelsWithInt64Timestep_Work()
    {
        // hand-written fp16 stand-ins: int64 token ids, float16 tensors, int64 timestep, as real fp16 exports declare
        using var fp16 = new TinySdFolder();
        OnnxModelWriter.WriteFp16Sd(fp16.Path);
        var op = Generate(fp16.Path, "euler") with { Steps = 3 };
        var result = await Editor.EditAsync(new ImageEditRequest(null, op));
        var again = await Editor.EditAsync(new ImageEditRequest(null, op));
        var otherPrompt = await Editor.EditAsync(new ImageEditRequest(null, op with { Prompt = "a red bicycle" }));
        var report = result.GetDetails<DiffusionReport>()!;
        Assert.Equal("Int64", report.TimestepType);
        Assert.Equal("Float16", report.LatentType);
        Assert.True(report.BatchedGuidance);
        Assert.Equal(64, result.Image.Width);
        Assert.Equal(result.Image.PixelArray, again.Image.PixelArray);
        Assert.NotEqual(result.Image.PixelArray, otherPrompt.Image.PixelArray);   // the prompt reaches the UNet
        Assert.True(result.Image.PixelArray.Distinct().Count() > 10);
    }

    [Fact]
    public async Task ConcurrentGenerations_ShareTheModel_AndMatchSequentialResults()
    {
        var folders = Folders_();
        var sequential = new List<byte[]>();
        for (int seed = 20; seed < 23; seed++)
            sequential.Add((await Editor.GenerateImageAsync(folders.Tiny.Path, "a photo of a cat", Generate("", "dpm++2m", seed))).Image.PixelArray);
        var parallel = await Task.WhenAll(Enumerable.Range(20, 3).Select(seed =>
            Editor.GenerateImageAsync(folders.Tiny.Path, "a photo of a cat", Generate("", "dpm++2m", seed))));
        for (int i = 0; i < 3; i++) Assert.Equal(sequential[i], parallel[i].Image.PixelArray);
    }

    [Fact]
    public async Task Cancellation_StopsBetweenSteps()
    {
        var folders = Folders_();
        using var cts = new CancellationTokenSource();
        int seen = 0;
        var progress = new SyncProgress(p => { if (p.Stage == "step" && ++seen == 2) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Editor.EditAsync(new ImageEditRequest(null, Generate(folders.Tiny.Path, "euler") with { Steps = 10 }), progress, cts.Token));
        Assert.Equal(2, seen);
    }

    private Folders Folders_() => _folders;

    internal static ImageBuffer Pattern(int w, int h, int seed)
    {
        var image = new ImageBuffer(w, h);
        var r = new Random(seed);
        var px = image.Pixels;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 4;
                px[i] = (byte)(x * 255 / w);
                px[i + 1] = (byte)(y * 255 / h);
                px[i + 2] = (byte)r.Next(256);
                px[i + 3] = 255;
            }
        return image;
    }

    /// <summary>Progress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    internal sealed class SyncProgress(Action<ImageEditProgress> report) : IProgress<ImageEditProgress>
    {
        public void Report(ImageEditProgress value) => report(value);
    }
}
