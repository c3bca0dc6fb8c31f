using BenchmarkDotNet.Attributes;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Sessions;
using ImageAI.Operations;

namespace ImageAI.Benchmarks.Upscaling;

/// <summary>
/// x4 upscaling with the compact model (realesr-general-x4v3) on a 320x240 photo: tile size and intra-op threads.
/// Run: <c>dotnet run -c Release --project benchmarks/ImageAI.Benchmarks -- --filter '*UpscaleBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class UpscaleBenchmarks
{
    private OnnxImageEditor _editor = null!;
    private ImageBuffer _image = null!;
    private Upscale _operation = null!;

    /// <summary>Largest tile side.</summary>
    [Params(128, 256, 512)]
    public int Tile { get; set; }

    /// <summary>ONNX Runtime intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _editor = new OnnxImageEditor(new OnnxEditorOptions { Sessions = new SessionSettings { IntraOpThreads = Threads } });
        _image = UpscaleInputs.Photo();
        _operation = new Upscale { ModelId = "realesr-general-x4v3", TileSize = Tile };
        _editor.EditAsync(_image, _operation).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _editor.Dispose();

    [Benchmark]
    public ImageBuffer Compact() => _editor.EditAsync(_image, _operation).GetAwaiter().GetResult().Image;
}

/// <summary>
/// The RRDB model (RealESRGAN_x4plus, about 12x slower than the compact one) on a tiny 96x64 input, untiled and in
/// 48-pixel tiles.
/// </summary>
[MemoryDiagnoser]
public class RrdbUpscaleBenchmarks
{
    private OnnxImageEditor _editor = null!;
    private ImageBuffer _image = null!;
    private Upscale _operation = null!;

    /// <summary>Largest tile side (128 = untiled for this input).</summary>
    [Params(48, 128)]
    public int Tile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _editor = new OnnxImageEditor();
        _image = UpscaleInputs.Tiny();
        _operation = new Upscale { ModelId = "RealESRGAN_x4plus", TileSize = Tile, TileOverlap = 8 };
        _editor.EditAsync(_image, _operation).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _editor.Dispose();

    [Benchmark]
    public ImageBuffer Rrdb() => _editor.EditAsync(_image, _operation).GetAwaiter().GetResult().Image;
}

/// <summary>
/// Tiling overhead at the default tile size: a 600x300 image upscaled x4 with the default plan (two 316x300 tiles,
/// overlap 16) against one untiled run, equal output. The target is under 20 %.
/// </summary>
public class TilingOverheadBenchmarks
{
    private OnnxImageEditor _editor = null!;
    private ImageBuffer _image = null!;
    private readonly Upscale _default = new() { ModelId = "realesr-general-x4v3" };
    private readonly Upscale _untiled = new() { ModelId = "realesr-general-x4v3", TileSize = 1024, MemoryBudget = 4L << 30 };

    [GlobalSetup]
    public void Setup()
    {
        _editor = new OnnxImageEditor();
        _image = UpscaleInputs.Wide();
        _editor.EditAsync(_image, _default).GetAwaiter().GetResult();
        _editor.EditAsync(_image, _untiled).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _editor.Dispose();

    [Benchmark(Baseline = true)]
    public ImageBuffer Untiled() => _editor.EditAsync(_image, _untiled).GetAwaiter().GetResult().Image;

    [Benchmark]
    public ImageBuffer DefaultTiles() => _editor.EditAsync(_image, _default).GetAwaiter().GetResult().Image;
}
