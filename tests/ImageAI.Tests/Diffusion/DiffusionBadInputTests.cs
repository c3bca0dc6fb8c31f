using System.Text.Json;
using ImageAI.Imaging;
using ImageAI.Operations;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Diffusion;

/// <summary>Invalid options and broken model folders give clear typed errors, before any work is done.</summary>
[Collection(SharedEditorCollection.Name)]
public sealed class DiffusionBadInputTests(SharedEditorFixture fixture)
{
    private static GenerateImage Op(string model) => new() { ModelId = model, Prompt = "a cat", Steps = 2, Seed = 1, Width = 64, Height = 64 };

    [Fact]
    public async Task SizeNotMultipleOf8_IsRejected()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, Op("x") with { Width = 100 })));
        Assert.Contains("multiple of 8", ex.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, Op("x") with { Height = 0 })));
    }

    [Fact]
    public async Task StepsZero_IsRejected()
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, Op("x") with { Steps = 0 })));
        Assert.Equal("Steps", ex.ParamName);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public async Task StrengthOutside0To1_IsRejected(double strength)
    {
        var image = new ImageBuffer(64, 64);
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Editor.EditAsync(new ImageEditRequest(image,
            new EditWithPrompt { ModelId = "x", Prompt = "a", Strength = strength })));
        Assert.Equal("Strength", ex.ParamName);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Editor.EditAsync(new ImageEditRequest(image,
            new InpaintWithPrompt { ModelId = "x", Prompt = "a", Strength = strength, Mask = new GrayImage(64, 64) })));
    }

    [Fact]
    public async Task UnknownScheduler_IsRejected()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, Op("x") with { Scheduler = "heun" })));
        Assert.Contains("Unknown scheduler 'heun'", ex.Message);
        Assert.Contains("euler-a", ex.Message);
    }

    [Fact]
    public async Task MissingModel_AndMissingParts_AreReported()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, Op("x") with { ModelId = null })));
        var notFound = await Assert.ThrowsAsync<ModelNotFoundException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, Op("/no/such/folder"))));
        Assert.Contains("/no/such/folder", notFound.Message);

        using var folder = new TinySdFolder();
        File.Delete(folder.File_("unet/model.onnx"));
        File.Delete(folder.File_("tokenizer/merges.txt"));
        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, Op(folder.Path))));
        Assert.Contains("unet/model.onnx", ex.Message);
        Assert.Contains("tokenizer/merges.txt", ex.Message);
    }

    [Fact]
    public async Task EditWithoutVaeEncoder_IsAContractError()
    {
        using var folder = new TinySdFolder();
        Directory.Delete(folder.File_("vae_encoder"), recursive: true);
        var ex = await Assert.ThrowsAsync<ModelContractException>(() => fixture.Editor.EditAsync(new ImageEditRequest(new ImageBuffer(64, 64),
            new EditWithPrompt { ModelId = folder.Path, Prompt = "a", Steps = 2 })));
        Assert.Contains("vae_encoder", ex.Message);
    }

    [Fact]
    public async Task TokenizerWithMoreTokensThanTheTextEncoder_IsAMismatch()
    {
        using var folder = new TinySdFolder();
        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllBytes(folder.File_("tokenizer/vocab.json")))!;
        vocab["<|extra_token|>"] = 60_000;   // e.g. a tokenizer of another model with a larger vocabulary
        File.WriteAllText(folder.File_("tokenizer/vocab.json"), JsonSerializer.Serialize(vocab));
        var ex = await Assert.ThrowsAsync<ModelContractException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, Op(folder.Path))));
        Assert.Contains("does not match its text encoder", ex.Message);
    }

    [Fact]
    public async Task MergesFromAnotherTokenizer_AreAMismatch()
    {
        using var folder = new TinySdFolder();
        File.WriteAllLines(folder.File_("tokenizer/merges.txt"), ["#version: 0.2", "q z", "qz x"]);
        var ex = await Assert.ThrowsAsync<ModelContractException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, Op(folder.Path))));
        Assert.Contains("tokenizer", ex.Message);
    }

    [Fact]
    public async Task InpaintMask_MustBeGivenAndMatchTheImage()
    {
        var image = new ImageBuffer(64, 64);
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Editor.EditAsync(new ImageEditRequest(image, new InpaintWithPrompt { ModelId = "x", Prompt = "a" })));
        using var folder = new TinySdFolder();
        await Assert.ThrowsAsync<MaskSizeMismatchException>(() => fixture.Editor.EditAsync(new ImageEditRequest(image,
            new InpaintWithPrompt { ModelId = folder.Path, Prompt = "a", Mask = new GrayImage(32, 64) })));
    }

    [Fact]
    public async Task ImageOperations_NeedAnImage_GenerateDoesNot()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Editor.EditAsync(new ImageEditRequest(null, new EditWithPrompt { ModelId = "x", Prompt = "a" })));
        Assert.False(new GenerateImage().RequiresImage);
    }
}
