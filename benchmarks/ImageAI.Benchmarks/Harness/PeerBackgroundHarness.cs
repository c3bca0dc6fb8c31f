using System.Diagnostics;
using System.Globalization;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Processing;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Side by side with the peer (@imgly/background-removal-node, same ISNet model): warm per-image time for
/// decode + inference + PNG encode, our time outside inference, and mask agreement (IoU).
/// Usage: <c>peer-background [--runs N] [--model isnet-general|isnet-general-quint8] [--peer PATH/run.sh] [IMAGES...]</c>.
/// Without images it uses a 500x500 Kodak photo and a ~2 MP photo made by upscaling an FFHQ portrait.
/// </summary>
internal static class PeerBackgroundHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int runs = 5;
        string model = "isnet-general";
        string? peer = null;
        var images = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--model": model = args[++i]; break;
                case "--peer": peer = args[++i]; break;
                default: images.Add(args[i]); break;
            }
        }
        var shared = SharedFolder.Find();
        peer ??= Path.Combine(shared, "peers", "imgly-node", "run.sh");
        var work = Directory.CreateTempSubdirectory("imageai-peer-").FullName;
        if (images.Count == 0)
        {
            images.Add(Path.Combine(shared, "eval", "general", "kodak24", "kodim04.png"));
            images.Add(await MakeTwoMegapixelAsync(shared, work));
        }
        string peerModel = model.EndsWith("quint8", StringComparison.Ordinal) ? "small" : "medium";

        Console.WriteLine($"model {model} (peer: {peerModel}), {runs} warm runs each, medians; machine: {Environment.ProcessorCount} cores");
        Console.WriteLine("image                      size        ours ms  infer ms  outside%  peer ms  speedup  IoU(ours,peer)");
        using var editor = new OnnxImageEditor();
        var operation = new RemoveBackground { ModelId = model };
        foreach (var path in images)
        {
            var ourOut = Path.Combine(work, "ours-" + Path.GetFileNameWithoutExtension(path) + ".png");
            var peerOut = Path.Combine(work, "peer-" + Path.GetFileNameWithoutExtension(path) + ".png");
            var info = ImageIO.Identify(await File.ReadAllBytesAsync(path));

            await OnceAsync(editor, operation, path, ourOut); // warm: load the session
            var (totals, inferences) = (new List<double>(), new List<double>());
            var peerTimes = new List<double>();
            // Interleave halves of our runs around the peer's, so machine noise hits both alike.
            await OursAsync(runs / 2);
            peerTimes.AddRange(await PeerAsync(peer, path, peerOut, peerModel, runs - runs / 2 + 1));
            await OursAsync(runs - runs / 2);
            peerTimes.AddRange(await PeerAsync(peer, path, peerOut, peerModel, runs / 2 + 1));

            double ours = Median(totals), infer = Median(inferences), theirs = Median(peerTimes);
            var iou = MaskMetrics.IoU(ImageIO.Decode(await File.ReadAllBytesAsync(ourOut)).ExtractAlpha(),
                                      ImageIO.Decode(await File.ReadAllBytesAsync(peerOut)).ExtractAlpha());
            Console.WriteLine($"{Path.GetFileName(path),-26} {info.Width + "x" + info.Height,-11} {ours,7:F0} {infer,9:F0} {100 * (ours - infer) / ours,8:F1}% {theirs,8:F0} {theirs / ours,7:F2}x {iou,10:F4}");

            async Task OursAsync(int count)
            {
                for (int r = 0; r < count; r++)
                {
                    var (total, inference) = await OnceAsync(editor, operation, path, ourOut);
                    totals.Add(total);
                    inferences.Add(inference);
                }
            }
        }
        Directory.Delete(work, recursive: true);
        return 0;
    }

    /// <summary>One warm run as a user would do it: read and decode the file, remove the background, encode PNG and write it.</summary>
    private static async Task<(double Total, double Inference)> OnceAsync(IImageEditor editor, RemoveBackground op, string input, string output)
    {
        var sw = Stopwatch.StartNew();
        var image = await ImageIO.LoadAsync(input);
        var result = await editor.EditAsync(new ImageEditRequest(image, op));
        await ImageIO.SaveAsync(result.Image, output);
        sw.Stop();
        return (sw.Elapsed.TotalMilliseconds, result.Timings["inference"].TotalMilliseconds);
    }

    /// <summary>Runs the peer's warm loop; its first run (cold) is dropped.</summary>
    private static async Task<List<double>> PeerAsync(string runScript, string input, string output, string model, int runs)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { runScript, input, output, model, runs.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"peer failed with exit code {p.ExitCode}: {stdout}");
        // Lines look like: "imgly medium run 3 4952 ms".
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Where(t => t.Length >= 6 && t[0] == "imgly" && t[3] != "0")
            .Select(t => double.Parse(t[4], CultureInfo.InvariantCulture))
            .ToList();
    }

    private static async Task<string> MakeTwoMegapixelAsync(string shared, string work)
    {
        var face = ImageIO.Decode(await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(shared, "eval", "faces", "ffhq-hr")).Where(f => f.EndsWith(".png", StringComparison.Ordinal)).Order().First()));
        var big = Resampler.Resize(face, 1448, 1448, ResizeMode.Bicubic);
        var path = Path.Combine(work, "portrait-2mp.jpg");
        await ImageIO.SaveAsync(big, path, new ImageEncodeOptions { Format = ImageFormat.Jpeg, Quality = 92 });
        return path;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
