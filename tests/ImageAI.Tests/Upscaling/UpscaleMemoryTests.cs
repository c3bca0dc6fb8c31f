using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Processing;
using ImageAI.Tests.Infrastructure;
using ImageAI.Tiling;
using Xunit.Abstractions;

namespace ImageAI.Tests.Upscaling;

/// <summary>Tiled upscaling stays within its memory budget: measured as the rise of the process's peak resident set.</summary>
[Collection(MeasuredAloneCollection.Name)]
public sealed class UpscaleMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void BudgetPicksSmallerTilesAndRefusesWhatCannotFit()
    {
        const long perPixel = 3000;
        int? roomy = UpscaleMemory.ChooseTile(1000, 800, 16, 4, perPixel, 4000, 3200, 2L << 30);
        int? tight = UpscaleMemory.ChooseTile(1000, 800, 16, 4, perPixel, 4000, 3200, 160L << 20);
        Assert.Equal(512, roomy);
        Assert.NotNull(tight);
        Assert.True(tight < 512);
        Assert.Null(UpscaleMemory.ChooseTile(1000, 800, 16, 4, perPixel, 4000, 3200, 40L << 20)); // the output alone is 49 MiB
    }

    [Fact]
    public async Task PeakWorkingSetStaysUnderTheBudget()
    {
        if (!OperatingSystem.IsLinux()) return; // the peak is read from /proc (VmHWM), reset through clear_refs
        const long budget = 48L << 20;
        var image = Resampler.Resize(TestData.Load(TestData.Eval("general", "kodak24", "kodim05.png")), 240, 160, ResizeMode.Area);
        var operation = new Upscale { ModelId = "realesr-general-x4v3", MemoryBudget = budget };
        using var editor = new OnnxImageEditor();
        await editor.EditAsync(new Imaging.ImageBuffer(16, 16), operation); // load the model outside the measurement

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        File.WriteAllText("/proc/self/clear_refs", "5");
        long baseline = ReadKiB("VmRSS") * 1024;
        var result = await editor.EditAsync(image, operation);
        long peak = ReadKiB("VmHWM") * 1024;
        var report = result.GetDetails<UpscaleReport>()!;
        output.WriteLine($"{image.Width}x{image.Height} x4: tile {report.TileSize}, {report.Tiles} tiles, estimate {report.EstimatedBytes >> 20} MiB, " +
                         $"peak rise {(peak - baseline) >> 20} MiB, budget {budget >> 20} MiB");
        Assert.True(report.Tiles > 1, "the budget should force tiling");
        Assert.True(peak - baseline <= budget, $"peak rose by {(peak - baseline) >> 20} MiB, over the {budget >> 20} MiB budget");
    }

    private static long ReadKiB(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(key.Length + 1).Trim().TrimEnd("kB").Trim());
        throw new InvalidOperationException($"{key} not in /proc/self/status");
    }
}
