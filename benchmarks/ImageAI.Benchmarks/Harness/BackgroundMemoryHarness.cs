using System.Diagnostics;
using ImageAI.Codecs;
using ImageAI.Onnx.Editing;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Memory across many sequential removals through one editor: managed heap after a full GC and the process
/// working set, sampled every 10 runs. Usage: <c>background-memory [RUNS]</c> (default 50).
/// </summary>
internal static class BackgroundMemoryHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int runs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50;
        var shared = SharedFolder.Find();
        var files = Directory.GetFiles(Path.Combine(shared, "eval", "general", "kodak24"), "*.png").Order().ToArray();
        using var editor = new OnnxImageEditor();
        var process = Process.GetCurrentProcess();
        var samples = new List<(int Run, double ManagedMb, double WorkingSetMb)>();
        for (int i = 1; i <= runs; i++)
        {
            var image = await ImageIO.LoadAsync(files[(i - 1) % files.Length]);
            var result = await editor.RemoveBackgroundAsync(image);
            _ = ImageIO.Encode(result.Image);
            if (i == 1 || i % 10 == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                process.Refresh();
                samples.Add((i, GC.GetTotalMemory(true) / 1048576.0, process.WorkingSet64 / 1048576.0));
                Console.WriteLine($"after run {i,3}: managed {samples[^1].ManagedMb,7:F1} MB, working set {samples[^1].WorkingSetMb,7:F1} MB");
            }
        }
        var first = samples.First(s => s.Run >= 10);
        var last = samples[^1];
        Console.WriteLine($"growth from run {first.Run} to {last.Run}: managed {last.ManagedMb - first.ManagedMb:+0.0;-0.0;0.0} MB, working set {last.WorkingSetMb - first.WorkingSetMb:+0.0;-0.0;0.0} MB");
        return 0;
    }
}
