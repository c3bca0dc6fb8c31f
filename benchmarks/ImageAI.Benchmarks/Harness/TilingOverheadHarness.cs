using System.Diagnostics;
using System.Globalization;
using ImageAI.Benchmarks.Upscaling;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Tiling overhead at equal output, robust to a shared machine: untiled and default-tiled x4 runs of the same
/// 600x300 image alternate in one process, and the medians are compared.
/// Usage: <c>upscale-overhead [--runs N] [--model ID] [--tile N]</c> (default tile: the budget's choice).
/// </summary>
internal static class TilingOverheadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int runs = 5;
        string model = "realesr-general-x4v3";
        int? tile = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--model": model = args[++i]; break;
                case "--tile": tile = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        var image = UpscaleInputs.Wide();
        var tiled = new Upscale { ModelId = model, TileSize = tile };
        var untiled = new Upscale { ModelId = model, TileSize = Math.Max(image.Width, image.Height), MemoryBudget = 8L << 30 };
        using var editor = new OnnxImageEditor();
        var plan = (await editor.EditAsync(image, tiled)).GetDetails<UpscaleReport>()!;
        await editor.EditAsync(image, untiled);
        var (a, b) = (new List<double>(), new List<double>());
        for (int r = 0; r < runs; r++)
        {
            a.Add(await TimeAsync(untiled));
            b.Add(await TimeAsync(tiled));
        }
        double untiledMs = Median(a), tiledMs = Median(b);
        Console.WriteLine($"{model}, {image.Width}x{image.Height} x4, {runs} alternating runs, medians; {Environment.ProcessorCount} cores (shared machine)");
        Console.WriteLine($"untiled            {untiledMs,8:F0} ms");
        Console.WriteLine($"tiled ({plan.Tiles} tiles, tile {plan.TileSize}, overlap {plan.TileOverlap}) {tiledMs,8:F0} ms");
        Console.WriteLine($"overhead {100 * (tiledMs / untiledMs - 1),6:F1} %   (per-run ratios: {string.Join(" ", a.Zip(b, (x, y) => (y / x).ToString("F2", CultureInfo.InvariantCulture)))})");
        return 0;

        async Task<double> TimeAsync(Upscale operation)
        {
            var clock = Stopwatch.StartNew();
            await editor.EditAsync(image, operation);
            return clock.Elapsed.TotalMilliseconds;
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
