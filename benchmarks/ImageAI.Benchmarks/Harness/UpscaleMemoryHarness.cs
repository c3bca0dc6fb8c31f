using System.Globalization;
using ImageAI.Benchmarks.Upscaling;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Measures a model's activation memory per input pixel (the catalog's <c>workingBytesPerPixel</c>): one untiled
/// x4 run of a side x side crop in a fresh editor, peak resident set (Linux VmHWM, reset through clear_refs) minus
/// the resident set before, divided by side². Usage: <c>upscale-memory [--model ID] [--side N]</c>.
/// </summary>
internal static class UpscaleMemoryHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        string model = "realesr-general-x4v3";
        int side = 128;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--model": model = args[++i]; break;
                case "--side": side = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        if (!OperatingSystem.IsLinux()) { Console.Error.WriteLine("needs Linux /proc"); return 1; }
        var image = UpscaleInputs.Crop(Path.Combine("general", "kodak24", "kodim23.png"), 100, 100, side, side);
        using var editor = new OnnxImageEditor();
        var operation = new Upscale { ModelId = model, TileSize = side, TileOverlap = 0, MemoryBudget = 16L << 30 };
        await editor.EditAsync(new Imaging.ImageBuffer(8, 8), operation);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        File.WriteAllText("/proc/self/clear_refs", "5");
        long before = Read("VmRSS");
        await editor.EditAsync(image, operation);
        long rise = Read("VmHWM") - before;
        Console.WriteLine($"{model}: {side}x{side} untiled x4, peak rise {rise >> 20} MiB = {rise / ((long)side * side)} bytes per input pixel (all buffers included)");
        return 0;
    }

    private static long Read(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(key.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException(key);
    }
}
