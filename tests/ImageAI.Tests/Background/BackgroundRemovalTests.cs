using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Onnx.Pipelines.Background;
using ImageAI.Operations;
using ImageAI.Processing;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Background;

/// <summary>Output contract of background removal on real photos with the real ISNet model.</summary>
[Collection(SharedEditorCollection.Name)]
public class BackgroundRemovalTests(SharedEditorFixture fixture)
{
    private static ImageBuffer Kodak(string name) => TestData.Load(TestData.Eval("general", "kodak24", name));

    /// <summary>A non-square crop, so a transposed or squashed mask would show.</summary>
    private static ImageBuffer NonSquare()
    {
        var src = Kodak("kodim04.png");
        var crop = new ImageBuffer(500, 320);
        for (int y = 0; y < 320; y++) src.GetRow(y + 90).CopyTo(crop.GetRow(y));
        return crop;
    }

    [Fact]
    public async Task Every_output_keeps_the_input_size()
    {
        var image = NonSquare();
        foreach (var output in Enum.GetValues<BackgroundOutput>())
        {
            var result = await fixture.Editor.RemoveBackgroundAsync(image, new RemoveBackground { Output = output });
            Assert.Equal((500, 320), (result.Image.Width, result.Image.Height));
            Assert.Equal((500, 320), (result.Mask!.Width, result.Mask.Height));
            Assert.Equal("CPU", result.ExecutionProvider);
            Assert.Equal("isnet-general", result.Models.Single().Id);
            Assert.True(result.Timings.ContainsKey("inference"));
        }
    }

    [Fact]
    public async Task Cutout_keeps_colours_and_puts_the_mask_in_alpha()
    {
        var image = Kodak("kodim04.png");
        var result = await fixture.Editor.RemoveBackgroundAsync(image);
        var px = result.Image.Pixels;
        var mask = result.Mask!.Pixels;
        int foreground = 0, background = 0, clear = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            // Colour bytes are the input's, untouched and in the same order (no RGB/BGR swap on the way out).
            Assert.Equal(image.Pixels.Slice(i * 4, 3).ToArray(), px.Slice(i * 4, 3).ToArray());
            Assert.Equal(mask[i], px[i * 4 + 3]);
            if (mask[i] > 200) foreground++;
            if (mask[i] < 50) background++;
            if (mask[i] == 0) clear++;
        }
        // kodim04 is a portrait: a face filling the middle on a plain background.
        Assert.InRange(foreground / (double)mask.Length, 0.3, 0.8);
        Assert.InRange(background / (double)mask.Length, 0.15, 0.7);
        // The model's faint background noise (under one grey level) must come out exactly transparent.
        Assert.True(clear > mask.Length / 10, $"only {clear} fully transparent pixels");
        int centre = 250 * 500 + 250;
        Assert.True(mask[centre] > 200, "the face at the centre is foreground");
        Assert.True(mask[10 * 500 + 490] < 50, "the top-right corner is background");
    }

    [Fact]
    public async Task Solid_colour_output_fills_background_with_the_exact_colour()
    {
        var image = Kodak("kodim04.png");
        var colour = new Rgba32(0, 200, 10);
        var result = await fixture.Editor.RemoveBackgroundAsync(image, new RemoveBackground { Output = BackgroundOutput.SolidColor, BackgroundColor = colour });
        var mask = result.Mask!.Pixels;
        for (int i = 0; i < mask.Length; i++)
        {
            var p = result.Image.Pixels.Slice(i * 4, 4);
            Assert.Equal(255, p[3]);
            if (mask[i] == 0) Assert.Equal([0, 200, 10], p[..3].ToArray());
            if (mask[i] == 255) Assert.Equal(image.Pixels.Slice(i * 4, 3).ToArray(), p[..3].ToArray());
        }
    }

    [Fact]
    public async Task Mask_output_is_an_opaque_grey_image()
    {
        var result = await fixture.Editor.RemoveBackgroundAsync(NonSquare(), new RemoveBackground { Output = BackgroundOutput.Mask });
        for (int i = 0; i < result.Mask!.Pixels.Length; i++)
        {
            var p = result.Image.Pixels.Slice(i * 4, 4);
            Assert.Equal(result.Mask.Pixels[i], p[0]);
            Assert.Equal(p[0], p[1]);
            Assert.Equal(p[0], p[2]);
            Assert.Equal(255, p[3]);
        }
    }

    [Fact]
    public async Task Transparent_input_stays_transparent()
    {
        var image = Kodak("kodim04.png");
        for (int y = 200; y < 300; y++)
            for (int x = 200; x < 300; x++) image.GetRow(y)[x * 4 + 3] = 0; // a hole in the subject
        var result = await fixture.Editor.RemoveBackgroundAsync(image);
        Assert.Equal(0, result.Image.GetRow(250)[250 * 4 + 3]);
    }

    [Fact]
    public void Model_input_is_rgb_normalised_as_isnet_expects()
    {
        // The exact spec the pipeline feeds ISNet: (pixel - 128) / 256 with R in the first plane.
        var red = ImageBuffer.Filled(2, 2, new Rgba32(255, 0, 64));
        var tensor = TensorConversion.ToTensor(red, SalientObjectSegmenter.Spec);
        Assert.Equal((255 - 128) / 256f, tensor[0], 6);
        Assert.Equal((0 - 128) / 256f, tensor[4], 6);
        Assert.Equal((64 - 128) / 256f, tensor[8], 6);
    }

    [Fact]
    public async Task Identical_input_gives_an_identical_mask()
    {
        // Inference on the CPU provider is deterministic: the same bytes in give the same mask out.
        var image = Kodak("kodim04.png");
        var a = await fixture.Editor.RemoveBackgroundAsync(image);
        var b = await fixture.Editor.RemoveBackgroundAsync(image.Clone());
        Assert.Equal(a.Mask!.Pixels.ToArray(), b.Mask!.Pixels.ToArray());
    }

    [Fact]
    public async Task Quantised_model_agrees_with_fp32()
    {
        var image = Kodak("kodim04.png");
        var fp32 = await fixture.Editor.RemoveBackgroundAsync(image);
        var q = await fixture.Editor.RemoveBackgroundAsync(image, new RemoveBackground { ModelId = "isnet-general-quint8" });
        Assert.Equal("isnet-general-quint8", q.Models.Single().Id);
        Assert.True(MaskMetrics.IoU(fp32.Mask!, q.Mask!) > 0.95);
    }

    [Fact]
    public async Task Stream_path_and_buffer_inputs_give_the_same_result()
    {
        var path = TestData.Eval("general", "kodak24", "kodim04.png");
        var fromPath = await fixture.Editor.RemoveBackgroundAsync(path);
        await using var stream = File.OpenRead(path);
        var fromStream = await fixture.Editor.RemoveBackgroundAsync(stream);
        var fromBuffer = await fixture.Editor.RemoveBackgroundAsync(TestData.Load(path));
        Assert.Equal(fromPath.Image.Pixels.ToArray(), fromStream.Image.Pixels.ToArray());
        Assert.Equal(fromPath.Image.Pixels.ToArray(), fromBuffer.Image.Pixels.ToArray());
    }

    [Fact]
    public async Task Progress_reports_inference()
    {
        var stages = new List<ImageEditProgress>();
        var progress = new SynchronousProgress<ImageEditProgress>(stages.Add);
        await fixture.Editor.RemoveBackgroundAsync(NonSquare(), progress: progress);
        Assert.Contains(stages, p => p.Stage == "inference" && p.Current == 1 && p.Total == 1);
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Editor.RemoveBackgroundAsync(NonSquare(), cancellationToken: cts.Token));

        // Cancelling while the model runs stops ONNX Runtime part-way (terminate flag), well before a full run.
        // The countdown starts when the model starts (a fixed delay from the call could outlast a whole run on a fast
        // machine); a run shorter than the countdown still stops at the check after it.
        await fixture.Editor.RemoveBackgroundAsync(NonSquare()); // warm
        var image = NonSquare();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var during = new CancellationTokenSource();
        var progress = new SynchronousProgress<ImageEditProgress>(p =>
        {
            if (p.Stage == "inference" && p.Current == 0) TestCancellation.CancelSoon(during, TimeSpan.FromMilliseconds(20));
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Editor.RemoveBackgroundAsync(image, progress: progress, cancellationToken: during.Token));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Over_the_pixel_limit_is_refused_before_inference()
    {
        using var editor = new Onnx.Editing.OnnxImageEditor(new Onnx.Editing.OnnxEditorOptions { MaxPixels = 1000 });
        await Assert.ThrowsAsync<ImageTooLargeException>(() => editor.RemoveBackgroundAsync(NonSquare()));
        Assert.Equal(0, editor.Sessions.LoadCount);
    }

    [Fact]
    public async Task Unknown_model_id_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => fixture.Editor.RemoveBackgroundAsync(NonSquare(), new RemoveBackground { ModelId = "no-such-model" }));
        Assert.Contains("isnet-general", ex.Message);
    }

    [Fact]
    public async Task A_model_of_another_task_is_refused()
    {
        var ex = await Assert.ThrowsAsync<ModelContractException>(() => fixture.Editor.RemoveBackgroundAsync(NonSquare(), new RemoveBackground { ModelId = "ppocr-v4-det" }));
        Assert.Contains("text-detection", ex.Message);
    }
}

/// <summary>An IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly object _gate = new();

    /// <inheritdoc />
    public void Report(T value)
    {
        lock (_gate) report(value);
    }
}
