using BenchmarkDotNet.Attributes;
using ImageAI.Benchmarks.Harness;
using ImageAI.Blending;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Processing;

namespace ImageAI.Benchmarks.Faces;

/// <summary>
/// Face enhancement on a ~1 MP portrait (an FFHQ face resized to 1000x1000) at x1 with each blend mode, detection
/// alone, and seamless cloning of a 512x512 region. Run with
/// <c>dotnet run -c Release --project benchmarks/ImageAI.Benchmarks -- --filter '*FaceBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class FaceBenchmarks
{
    private OnnxImageEditor _editor = null!;
    private ImageBuffer _portrait = null!;
    private ImageBuffer _cloneSource = null!, _cloneDestination = null!;
    private GrayImage _cloneMask = null!;

    [GlobalSetup]
    public void Setup()
    {
        var shared = SharedFolder.Find();
        var face = ImageIO.Decode(File.ReadAllBytes(Path.Combine(shared, "eval", "faces", "ffhq-hr", "00001.png")));
        _portrait = Resampler.Resize(face, 1000, 1000, ResizeMode.Area);
        _editor = new OnnxImageEditor();
        // Load the models once, outside the measurement.
        _editor.EditAsync(new ImageEditRequest(_portrait, new EnhanceFaces())).GetAwaiter().GetResult();

        _cloneSource = Resampler.Resize(face, 520, 520, ResizeMode.Area);
        _cloneDestination = Resampler.Resize(ImageIO.Decode(File.ReadAllBytes(Path.Combine(shared, "eval", "faces", "ffhq-hr", "00002.png"))), 520, 520, ResizeMode.Area);
        _cloneMask = new GrayImage(520, 520);
        for (int y = 4; y < 516; y++) _cloneMask.GetRow(y)[4..516].Fill(255);
    }

    [GlobalCleanup]
    public void Cleanup() => _editor.Dispose();

    [Benchmark]
    public object DetectFaces1MP() => _editor.EditAsync(new ImageEditRequest(_portrait, new DetectFaces())).GetAwaiter().GetResult();

    [Benchmark]
    public object EnhanceFaces1MPFeather() => _editor.EditAsync(new ImageEditRequest(_portrait, new EnhanceFaces())).GetAwaiter().GetResult();

    [Benchmark]
    public object EnhanceFaces1MPSeamless() => _editor.EditAsync(new ImageEditRequest(_portrait, new EnhanceFaces { Blend = FaceBlendMode.Seamless })).GetAwaiter().GetResult();

    [Benchmark]
    public object SeamlessClone512() => SeamlessClone.Clone(_cloneSource, _cloneDestination.Clone(), _cloneMask);
}
