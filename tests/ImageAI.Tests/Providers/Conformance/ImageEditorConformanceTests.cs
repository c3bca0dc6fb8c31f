using System.Diagnostics;
using System.Security.Cryptography;
using ImageAI.Imaging;
using ImageAI.Operations;
using ImageAI.Processing;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Providers.Conformance;

/// <summary>An operation no editor supports, to probe the unsupported path.</summary>
public sealed record ConformanceProbe : ImageOperation
{
    /// <inheritdoc />
    public override string Name => "conformance-probe";
}

/// <summary>
/// How every <see cref="IImageEditor"/> must behave, whatever runs it (local ONNX on any provider, a remote service):
/// each operation's output size and format, the input left untouched, the provider reported, progress, metadata,
/// cancellation before and during the work, and typed errors for bad input. Subclass it once per editor; editors are
/// built with MaxPixels = <see cref="MaxPixels"/>. Cases are lean: one small image, one model run per output kind.
/// </summary>
public abstract class ImageEditorConformanceTests
{
    /// <summary>The pixel limit the editor under test must be configured with.</summary>
    public const long MaxPixels = 1_000_000;

    private static readonly Lazy<ImageBuffer> SharedInput = new(MakeInput);

    /// <summary>The editor under test.</summary>
    protected abstract IImageEditor Editor { get; }

    /// <summary>For editors whose capabilities come from elsewhere (a service): fetch them before metadata is read.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>What the results' ExecutionProvider must look like (e.g. "CPU", or "remote:" + name).</summary>
    protected abstract void AssertProvider(string executionProvider);

    /// <summary>A 256x192 (non-square) picture: a portrait on a flat grey canvas, so there is subject and background.</summary>
    protected static ImageBuffer Input => SharedInput.Value;

    [ConformanceFact]
    public async Task RemoveBackground_Cutout_KeepsSizeAndColoursAndCutsTheBackground()
    {
        var input = Input;
        var before = SHA256.HashData(input.Pixels);
        var result = await Editor.EditAsync(input, new RemoveBackground());

        Assert.Equal(before, SHA256.HashData(input.Pixels)); // the input is not modified
        Assert.Equal((input.Width, input.Height), (result.Image.Width, result.Image.Height));
        Assert.Same(result.Image, result.Images[0]);
        AssertProvider(result.ExecutionProvider);
        Assert.Null(result.FallbackReason);
        if (result.Mask is { } mask) Assert.Equal((input.Width, input.Height), (mask.Width, mask.Height));

        // Colour channels are the input's wherever the subject is visible (no RGB/BGR swap, no lossy round trip).
        var src = input.Pixels;
        var dst = result.Image.Pixels;
        int visible = 0, transparent = 0;
        for (int i = 0; i < dst.Length; i += 4)
        {
            if (dst[i + 3] >= 250) { visible++; Assert.True(src[i] == dst[i] && src[i + 1] == dst[i + 1] && src[i + 2] == dst[i + 2], $"colour changed at pixel {i / 4}"); }
            else if (dst[i + 3] <= 5) transparent++;
        }
        int total = input.Width * input.Height;
        Assert.InRange(visible, total / 10, total * 9 / 10);
        Assert.InRange(transparent, total / 10, total * 9 / 10);
    }

    [ConformanceFact]
    public async Task RemoveBackground_Mask_IsOpaqueGreyAtInputSize_AndProgressIsReported()
    {
        var progress = new ProgressRecorder();
        var result = await Editor.EditAsync(Input, new RemoveBackground { Output = BackgroundOutput.Mask }, progress);

        Assert.Equal((Input.Width, Input.Height), (result.Image.Width, result.Image.Height));
        var px = result.Image.Pixels;
        for (int i = 0; i < px.Length; i += 4)
            Assert.True(px[i + 3] == 255 && px[i] == px[i + 1] && px[i] == px[i + 2], $"pixel {i / 4} is not opaque grey");
        AssertProvider(result.ExecutionProvider);

        Assert.NotEmpty(progress.Reports);
        Assert.All(progress.Reports, p =>
        {
            Assert.False(string.IsNullOrEmpty(p.Stage));
            Assert.InRange(p.Fraction, 0, 1);
            if (p.Total > 0) Assert.InRange(p.Current, 0, p.Total);
        });
        Assert.Contains(progress.Reports, p => p.Total > 0 && p.Current == p.Total); // some stage is seen to finish
    }

    [ConformanceFact]
    public async Task RemoveBackground_SolidColour_IsOpaqueAndUsesTheColour()
    {
        var magenta = new Rgba32(255, 0, 255);
        var result = await Editor.EditAsync(Input, new RemoveBackground { Output = BackgroundOutput.SolidColor, BackgroundColor = magenta });

        Assert.Equal((Input.Width, Input.Height), (result.Image.Width, result.Image.Height));
        Assert.True(result.Image.IsOpaque());
        var px = result.Image.Pixels;
        int coloured = 0;
        for (int i = 0; i < px.Length; i += 4)
            if (px[i] == 255 && px[i + 1] == 0 && px[i + 2] == 255) coloured++;
        Assert.InRange(coloured, Input.Width * Input.Height / 10, Input.Width * Input.Height * 9 / 10);
    }

    [ConformanceFact]
    public async Task Metadata_NamesTheSupportedOperations()
    {
        await PrepareAsync();
        var metadata = Editor.GetMetadata();
        Assert.NotNull(metadata);
        Assert.False(string.IsNullOrEmpty(metadata.ProviderName));
        Assert.True(metadata.Supports(new RemoveBackground()));
        Assert.False(metadata.Supports(new ConformanceProbe()));
        Assert.Same(Editor, Editor.GetService(Editor.GetType()));
        Assert.Null(Editor.GetService(typeof(ImageEditorMetadata), serviceKey: "no-such-key"));
    }

    [ConformanceFact]
    public async Task UnsupportedOperation_ThrowsOperationNotSupported()
    {
        var ex = await Assert.ThrowsAsync<OperationNotSupportedException>(() => Editor.EditAsync(Input, new ConformanceProbe()));
        Assert.Equal("conformance-probe", ex.Operation);
        Assert.Contains("remove-background", ex.Message);
    }

    [ConformanceFact]
    public async Task MissingImage_ThrowsArgumentException()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Editor.EditAsync(new ImageEditRequest(null, new RemoveBackground())));
    }

    [ConformanceFact]
    public async Task ImageOverThePixelLimit_ThrowsImageTooLarge_BeforeAnyWork()
    {
        var huge = new ImageBuffer(1001, 1000); // 1,001,000 pixels > MaxPixels
        var ex = await Assert.ThrowsAsync<ImageTooLargeException>(() => Editor.EditAsync(huge, new RemoveBackground()));
        Assert.Equal(MaxPixels, ex.MaxPixels);
    }

    [ConformanceFact]
    public async Task CancelledBeforeStart_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Editor.EditAsync(Input, new RemoveBackground(), null, cts.Token));
    }

    [ConformanceFact]
    public async Task CancelledDuringTheWork_StopsPromptly()
    {
        // Options no other case uses (a colour no other case asks for), so no cache in front of a model can
        // answer before the cancellation lands.
        var unique = new RemoveBackground { Output = BackgroundOutput.SolidColor, BackgroundColor = new Rgba32(1, 2, 3) };
        // Cancelled at the first progress report, when the work has begun: a fixed delay could outlast a whole edit on a
        // fast machine (and a remote service's cache would then answer the next class's run at once).
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource();
        var progress = new Background.SynchronousProgress<ImageEditProgress>(_ => cts.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Editor.EditAsync(Input, unique, progress, cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cancellation took {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static ImageBuffer MakeInput()
    {
        var portrait = Resampler.Resize(TestData.Load(TestData.Eval("general", "kodak24", "kodim04.png")), 128, 128, ResizeMode.Area);
        var canvas = ImageBuffer.Filled(256, 192, new Rgba32(128, 128, 128));
        for (int y = 0; y < 128; y++)
            portrait.GetRow(y).CopyTo(canvas.GetRow(y + 40)[(64 * 4)..]);
        return canvas;
    }

    /// <summary>Records progress synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class ProgressRecorder : IProgress<ImageEditProgress>
    {
        private readonly List<ImageEditProgress> _reports = [];
        public IReadOnlyList<ImageEditProgress> Reports { get { lock (_reports) return _reports.ToArray(); } }
        public void Report(ImageEditProgress value) { lock (_reports) _reports.Add(value); }
    }
}
