using System.Diagnostics;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Mask agreement with the peer (same ISNet model) and with ground truth where it exists, on
/// general/kodak24 and matting/adobe-crops320. Usage:
/// <c>peer-agreement [--model ID] [--peer-sampling] [--peer-runtime ORT_VERSION] [--peer-vs-peer ORT_VERSION]</c>.
/// The peer runs all images in one warm Node.js process (Peer/remove-many.mjs). <c>--peer-runtime</c> compares with the
/// peer installed on another onnxruntime-node release (Peer/install-peer-runtime.sh, cached beside the default peer);
/// <c>--peer-vs-peer</c> compares the peer on its own runtime with the peer on that release, without our pipeline.
/// </summary>
internal static class PeerAgreementHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        string model = args.SkipWhile(a => a != "--model").Skip(1).FirstOrDefault() ?? "isnet-general";
        bool peerSampling = args.Contains("--peer-sampling");
        string? peerRuntime = args.SkipWhile(a => a != "--peer-runtime").Skip(1).FirstOrDefault();
        string? peerVsPeer = args.SkipWhile(a => a != "--peer-vs-peer").Skip(1).FirstOrDefault();
        string peerModel = model.EndsWith("quint8", StringComparison.Ordinal) ? "small" : "medium";
        var shared = SharedFolder.Find();
        var sets = new (string Name, List<(string Image, string? Alpha)> Items)[]
        {
            ("general/kodak24", Directory.GetFiles(Path.Combine(shared, "eval", "general", "kodak24"), "*.png").Order(StringComparer.Ordinal).Select(p => (p, (string?)null)).ToList()),
            ("matting/adobe-crops320", Directory.EnumerateFiles(Path.Combine(shared, "eval", "matting", "adobe-crops320"), "*_image.png", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).Select(p => (p, (string?)p.Replace("_image.png", "_alpha.png"))).ToList()),
        };
        using var editor = new OnnxImageEditor();
        var op = new RemoveBackground { ModelId = model, Output = BackgroundOutput.Mask };
        foreach (var (name, items) in sets)
        {
            var images = items.Select(i => i.Image).ToList();
            if (peerVsPeer is not null)
            {
                await PeerVsPeerAsync(shared, name, peerModel, images, peerVsPeer);
                continue;
            }
            var peerFiles = await PeerOutputsAsync(shared, peerModel, images, peerRuntime);
            var agree = new List<double>();
            var soft = new List<double>();
            long pooledInter = 0, pooledUnion = 0;
            var oursGt = new List<double>();
            var peerGt = new List<double>();
            for (int i = 0; i < items.Count; i++)
            {
                var result = await editor.EditAsync(new ImageEditRequest(ImageIO.Decode(await File.ReadAllBytesAsync(items[i].Image)), op));
                var ours = peerSampling
                    ? PeerSamplingVariant.Mask(await editor.Sessions.GetAsync(await editor.Models.ResolveAsync(model)), ImageIO.Decode(await File.ReadAllBytesAsync(items[i].Image)))
                    : result.Mask!;
                var peer = ImageIO.Decode(await File.ReadAllBytesAsync(peerFiles[i])).ExtractAlpha();
                agree.Add(MaskMetrics.IoU(ours, peer));
                soft.Add(MaskMetrics.SoftIoU(ours, peer));
                var (inter, union) = MaskMetrics.IntersectionAndUnion(ours, peer);
                pooledInter += inter;
                pooledUnion += union;
                if (items[i].Alpha is { } alphaPath)
                {
                    var gt = GroundTruth(alphaPath);
                    oursGt.Add(MaskMetrics.IoU(ours, gt));
                    peerGt.Add(MaskMetrics.IoU(peer, gt));
                }
                Console.WriteLine($"  {Path.GetRelativePath(shared, items[i].Image),-60} IoU(ours,peer) {agree[^1]:F4} soft {soft[^1]:F4}" +
                                  (oursGt.Count == agree.Count ? $"  IoU(ours,gt) {oursGt[^1]:F4}  IoU(peer,gt) {peerGt[^1]:F4}" : ""));
            }
            Console.WriteLine($"{name}: {items.Count} images, IoU(ours,peer) at 0.5 mean {agree.Average():F4} min {agree.Min():F4}; data-set IoU {(double)pooledInter / pooledUnion:F4}; soft IoU mean {soft.Average():F4} min {soft.Min():F4}" +
                              (oursGt.Count > 0 ? $"; IoU vs ground truth: ours {oursGt.Average():F4}, peer {peerGt.Average():F4}" : ""));
        }
        return 0;
    }

    /// <summary>Ground-truth alpha files are grey PNGs (decoded opaque with the value in R, G, B).</summary>
    internal static GrayImage GroundTruth(string path)
    {
        var img = ImageIO.Decode(File.ReadAllBytes(path));
        var g = new GrayImage(img.Width, img.Height);
        PixelConversions.ExtractChannel(img.Pixels, g.Pixels, 0);
        return g;
    }

    /// <summary>
    /// The peer's output for each image, from a cache keyed by model and image content (the peer takes ~5 s per
    /// image here); missing ones are computed in one warm Node.js process.
    /// </summary>
    private static async Task<List<string>> PeerOutputsAsync(string shared, string model, List<string> images, string? runtime = null)
    {
        var cacheRoot = Environment.GetEnvironmentVariable("IMAGEAI_PEER_CACHE")
                        ?? Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "imageai-peers");
        if (runtime is not null)
        {
            cacheRoot = Path.Combine(cacheRoot, $"ort-{runtime}");
            if (!File.Exists(Path.Combine(cacheRoot, "imgly-node", "node_modules", "@imgly", "background-removal-node", "package.json")))
                await Run("bash", [Path.Combine(AppContext.BaseDirectory, "Peer", "install-peer-runtime.sh"), runtime, cacheRoot]);
        }
        var outputs = Path.Combine(cacheRoot, "outputs", model);
        Directory.CreateDirectory(outputs);
        var files = new List<string>();
        foreach (var image in images)
            files.Add(Path.Combine(outputs, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(image)))[..32] + ".png"));
        var missing = Enumerable.Range(0, images.Count).Where(i => !File.Exists(files[i])).ToList();
        if (missing.Count == 0) return files;

        // Make sure the peer is installed (its run.sh installs on first use), then run our many-image script beside it.
        var peerHome = Path.Combine(cacheRoot, "imgly-node");
        if (!File.Exists(Path.Combine(peerHome, "node_modules", "@imgly", "background-removal-node", "package.json")))
            await Run("bash", [Path.Combine(shared, "peers", "imgly-node", "run.sh"), images[0], Path.Combine(Path.GetTempPath(), "peer-install.png"), model, "1"]);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Peer", "remove-many.mjs"), Path.Combine(peerHome, "remove-many.mjs"), overwrite: true);
        var outDir = Directory.CreateTempSubdirectory("imageai-peer-out-").FullName;
        await Run("node", [Path.Combine(peerHome, "remove-many.mjs"), model, outDir, .. missing.Select(i => images[i])]);
        for (int k = 0; k < missing.Count; k++)
            File.Move(Path.Combine(outDir, $"{k}.png"), files[missing[k]], overwrite: true);
        Directory.Delete(outDir, recursive: true);
        return files;
    }

    /// <summary>The peer against itself on another runtime release: how far the same code moves with the runtime alone.</summary>
    private static async Task PeerVsPeerAsync(string shared, string name, string peerModel, List<string> images, string runtime)
    {
        var pinned = await PeerOutputsAsync(shared, peerModel, images);
        var other = await PeerOutputsAsync(shared, peerModel, images, runtime);
        var iou = new List<double>();
        long inter = 0, union = 0;
        for (int i = 0; i < images.Count; i++)
        {
            var a = ImageIO.Decode(await File.ReadAllBytesAsync(pinned[i])).ExtractAlpha();
            var b = ImageIO.Decode(await File.ReadAllBytesAsync(other[i])).ExtractAlpha();
            iou.Add(MaskMetrics.IoU(a, b));
            var (n, u) = MaskMetrics.IntersectionAndUnion(a, b);
            inter += n;
            union += u;
            Console.WriteLine($"  {Path.GetRelativePath(shared, images[i]),-60} IoU(peer, peer on onnxruntime-node {runtime}) {iou[^1]:F4}");
        }
        Console.WriteLine($"{name}: {images.Count} images, IoU(peer, peer on onnxruntime-node {runtime}) at 0.5 mean {iou.Average():F4} min {iou.Min():F4}; data-set IoU {(double)inter / union:F4}");
    }

    private static async Task Run(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({p.ExitCode}): {await stderr}");
    }
}
