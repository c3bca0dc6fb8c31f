using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Operations;
using ImageAI.Processing;
using ImageAI.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ImageAI.Tests.Upscaling;

/// <summary>The upscale operation end to end with real models (compact Real-ESRGAN and the tiny x3 Y-channel CNN).</summary>
[Collection(SharedEditorCollection.Name)]
public sealed class UpscalePipelineTests(SharedEditorFixture fixture, ITestOutputHelper output)
{
    private const string Compact = "realesr-general-x4v3";
    private const string Tiny = "sub_pixel_cnn_x3";

    private static ImageBuffer Crop(ImageBuffer image, int x0, int y0, int width, int height)
    {
        var crop = new ImageBuffer(width, height);
        for (int y = 0; y < height; y++)
            image.GetRow(y0 + y).Slice(x0 * 4, width * 4).CopyTo(crop.GetRow(y));
        return crop;
    }

    private static ImageBuffer Kodak(int x0, int y0, int width, int height) =>
        Crop(TestData.Load(TestData.Eval("general", "kodak24", "kodim23.png")), x0, y0, width, height);

    [Fact]
    public async Task TilingIsInvisible()
    {
        var image = Kodak(150, 100, 112, 96);
        var untiled = await fixture.Editor.EditAsync(image, new Upscale { ModelId = Compact, TileSize = 128 });
        var tiled = await fixture.Editor.EditAsync(image, new Upscale { ModelId = Compact, TileSize = 64, TileOverlap = 16 });
        Assert.Equal(1, untiled.GetDetails<UpscaleReport>()!.Tiles);
        Assert.Equal(4, tiled.GetDetails<UpscaleReport>()!.Tiles);

        var (fraction, max) = Differences(untiled.Image, tiled.Image);
        output.WriteLine($"tiled vs untiled: {fraction:P3} of channel values differ by more than 1/255 (max {max})");
        Assert.True(fraction <= 0.001, $"{fraction:P3} of values differ by more than 1/255");

        // The check can fail: butted tiles without overlap leave visible seams.
        var butted = await fixture.Editor.EditAsync(image, new Upscale { ModelId = Compact, TileSize = 56, TileOverlap = 0 });
        var (seams, seamMax) = Differences(untiled.Image, butted.Image);
        output.WriteLine($"no overlap: {seams:P3} differ by more than 1/255 (max {seamMax})");
        Assert.True(seams > 0.001, $"no-overlap tiling unexpectedly invisible ({seams:P3})");
    }

    private static (double Fraction, int Max) Differences(ImageBuffer x, ImageBuffer y)
    {
        ReadOnlySpan<byte> a = x.Pixels, b = y.Pixels;
        int over = 0, max = 0, channels = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if ((i & 3) == 3) continue;
            int d = Math.Abs(a[i] - b[i]);
            max = Math.Max(max, d);
            if (d > 1) over++;
            channels++;
        }
        return ((double)over / channels, max);
    }

    [Fact]
    public async Task KeepsRgbOrderAndReportsTheModel()
    {
        // A red-to-blue gradient: a channel swap anywhere would turn the left side blue.
        var image = new ImageBuffer(40, 24);
        for (int y = 0; y < 24; y++)
            for (int x = 0; x < 40; x++)
            {
                var p = image.GetRow(y).Slice(x * 4, 4);
                p[0] = (byte)(230 - 5 * x); p[1] = 30; p[2] = (byte)(30 + 5 * x); p[3] = 255;
            }
        var result = await fixture.Editor.EditAsync(image, new Upscale { ModelId = Compact });
        Assert.Equal(160, result.Image.Width);
        Assert.Equal(96, result.Image.Height);
        var left = result.Image.GetRow(48).Slice(8 * 4, 4);
        var right = result.Image.GetRow(48).Slice(150 * 4, 4);
        Assert.True(left[0] > 180 && left[2] < 80, $"left pixel {left[0]},{left[1]},{left[2]}");
        Assert.True(right[2] > 180 && right[0] < 80, $"right pixel {right[0]},{right[1]},{right[2]}");
        Assert.Equal(Compact, Assert.Single(result.Models).Id);
        Assert.Equal(4, result.GetDetails<UpscaleReport>()!.NetworkScale);
    }

    [Fact]
    public async Task YChannelModelUpscalesBy3AndStaysCloseToBicubic()
    {
        var lr = TestData.Load(TestData.Eval("sr", "lr-bicubic", "CSet5", "X2", "bird.png"));
        var result = await fixture.Editor.EditAsync(lr, new Upscale { ModelId = Tiny, Scale = 3 });
        Assert.Equal(lr.Width * 3, result.Image.Width);
        Assert.Equal("y-channel", result.GetDetails<UpscaleReport>()!.Contract);
        var bicubic = Resampler.Resize(lr, lr.Width * 3, lr.Height * 3, ResizeMode.Bicubic);
        // Same chroma path, so a sane luma network keeps the colours and stays close to bicubic.
        double psnr = ImageMetrics.Psnr(result.Image, bicubic);
        output.WriteLine($"sub-pixel CNN vs bicubic: {psnr:F2} dB");
        Assert.True(psnr > 28, $"{psnr:F2} dB");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(2.5)]
    [InlineData(0.5)]
    public async Task AnyFactorGivesTheRoundedSize(double scale)
    {
        var image = Kodak(0, 0, 41, 30);
        var result = await fixture.Editor.EditAsync(image, new Upscale { ModelId = Tiny, Scale = scale });
        Assert.Equal((int)Math.Round(41 * scale, MidpointRounding.AwayFromZero), result.Image.Width);
        Assert.Equal((int)Math.Round(30 * scale, MidpointRounding.AwayFromZero), result.Image.Height);
    }

    [Fact]
    public async Task ReportsProgressPerTileAndCancelsBetweenTiles()
    {
        var image = Kodak(0, 0, 120, 120);
        var reports = new List<ImageEditProgress>();
        await fixture.Editor.EditAsync(image, new Upscale { ModelId = Tiny, TileSize = 48, TileOverlap = 8 }, new SyncProgress(reports.Add));
        var tiles = reports.Where(r => r.Stage == "upscale").ToList();
        Assert.Equal(9, tiles.Count);
        Assert.Equal(Enumerable.Range(1, 9), tiles.Select(t => (int)t.Current));

        using var cts = new CancellationTokenSource();
        int seen = 0;
        var progress = new SyncProgress(p => { if (p.Stage == "upscale" && ++seen == 3) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            fixture.Editor.EditAsync(image, new Upscale { ModelId = Tiny, TileSize = 48, TileOverlap = 8 }, progress, cts.Token));
        Assert.Equal(3, seen);
    }

    [Fact]
    public async Task TransparentPixelsStayTransparent()
    {
        var image = Kodak(0, 0, 48, 40);
        var px = image.Pixels;
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 24; x++)
                px[(y * 48 + x) * 4 + 3] = 0;
        var result = await fixture.Editor.EditAsync(image, new Upscale { ModelId = Tiny, Scale = 3 });
        Assert.Equal(0, result.Image.GetRow(60)[30 * 4 + 3]);
        Assert.Equal(255, result.Image.GetRow(60)[120 * 4 + 3]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(8.5)]
    [InlineData(double.NaN)]
    public async Task RejectsScalesOutsideZeroToEight(double scale)
    {
        var image = Kodak(0, 0, 16, 16);
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Editor.EditAsync(image, new Upscale { Scale = scale }));
        Assert.Equal("Scale", ex.ParamName);
    }

    [Fact]
    public async Task RejectsImagesTooLargeForTheBudgetEvenTiled()
    {
        var image = new ImageBuffer(2000, 1500);
        var ex = await Assert.ThrowsAsync<MemoryBudgetExceededException>(() =>
            fixture.Editor.EditAsync(image, new Upscale { ModelId = Tiny, Scale = 4, MemoryBudget = 64L << 20 }));
        Assert.True(ex.RequiredBytes > ex.BudgetBytes);
        Assert.Contains("MemoryBudget", ex.Message);
    }

    [Fact]
    public async Task RejectsAModelWithTheWrongContract()
    {
        // YuNet takes [1,3,H,W] like an upscaler but returns detections: refused before any tile runs.
        var image = Kodak(0, 0, 32, 32);
        var yunet = TestData.Model("face", "yunet_2023mar_dynamic.onnx");
        var ex = await Assert.ThrowsAsync<ModelContractException>(() => fixture.Editor.EditAsync(image, new Upscale { ModelId = yunet }));
        Assert.Contains("not a super-resolution model", ex.Message);
    }

    [Fact]
    public void InvalidTileOptionsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Upscale { TileSize = 32, TileOverlap = 16 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Upscale { TileOverlap = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Upscale { MemoryBudget = 0 }.Validate());
    }

    private sealed class SyncProgress(Action<ImageEditProgress> report) : IProgress<ImageEditProgress>
    {
        public void Report(ImageEditProgress value) => report(value);
    }
}
