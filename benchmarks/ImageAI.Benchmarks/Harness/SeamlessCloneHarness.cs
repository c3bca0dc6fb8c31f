using System.Diagnostics;
using System.Globalization;
using ImageAI.Blending;
using ImageAI.Imaging;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Seamless clone timing: <c>seamless-clone [--side 512] [--runs 7] [--ellipse]</c>. Clones a textured source into a
/// different destination over a side x side square (or an inscribed ellipse) and prints iterations, residuals and the
/// median wall time.
/// </summary>
internal static class SeamlessCloneHarness
{
    public static Task<int> RunAsync(string[] args)
    {
        int side = 512, runs = 7;
        bool ellipse = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--side": side = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--ellipse": ellipse = true; break;
            }
        }
        int size = side + 8;
        var src = Pattern(size, 1);
        var dst = Pattern(size, 2);
        var mask = new GrayImage(size, size);
        for (int y = 4; y < 4 + side; y++)
            for (int x = 4; x < 4 + side; x++)
            {
                double u = (x - 4 - side / 2.0) / (side / 2.0), v = (y - 4 - side / 2.0) / (side / 2.0);
                if (!ellipse || u * u + v * v <= 1) mask.Pixels[y * size + x] = 255;
            }
        var times = new List<double>();
        var cpuTimes = new List<double>();
        var process = Process.GetCurrentProcess();
        PoissonSolveReport? report = null;
        for (int r = 0; r < runs + 1; r++)
        {
            var d = dst.Clone();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            report = SeamlessClone.Clone(src, d, mask);
            double wall = sw.Elapsed.TotalMilliseconds;
            process.Refresh();
            if (r == 0) continue; // the first run warms up the JIT
            times.Add(wall);
            cpuTimes.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        }
        times.Sort();
        cpuTimes.Sort();
        Console.WriteLine($"seamless clone {side}x{side} {(ellipse ? "ellipse" : "square")}: {report!.Unknowns} unknowns, {report.Cycles} PCG iterations, " +
                          $"RMS residual {report.InitialResidual:0.###} -> {report.FinalResidual:0.######} (max {report.MaxResidual:0.#####})");
        Console.WriteLine($"wall: median {times[times.Count / 2]:0.0} ms, min {times[0]:0.0} ms; CPU time (single-threaded, so what an idle core takes): median {cpuTimes[cpuTimes.Count / 2]:0.0} ms, min {cpuTimes[0]:0.0} ms; over {runs} runs");
        return Task.FromResult(0);
    }

    private static ImageBuffer Pattern(int size, int seed)
    {
        var rng = new Random(seed);
        var img = new ImageBuffer(size, size);
        var px = img.Pixels;
        for (int i = 0; i < px.Length; i += 4)
        {
            int x = i / 4 % size, y = i / 4 / size;
            px[i] = (byte)(100 + 60 * Math.Sin(x * 0.02 * seed) + rng.Next(20));
            px[i + 1] = (byte)(120 + 50 * Math.Cos(y * 0.03 * seed) + rng.Next(20));
            px[i + 2] = (byte)(rng.Next(40) + 80 * seed);
            px[i + 3] = 255;
        }
        return img;
    }
}
