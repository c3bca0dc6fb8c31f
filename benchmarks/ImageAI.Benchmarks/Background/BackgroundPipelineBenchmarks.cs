using BenchmarkDotNet.Attributes;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Pipelines.Background;
using ImageAI.Onnx.Sessions;
using ImageAI.Operations;
using ImageAI.Processing;
using ImageAI.Benchmarks.Harness;

namespace ImageAI.Benchmarks.Background;

/// <summary>
/// Background removal stage by stage (decode, preprocess, inference per model variant, postprocess, PNG encode)
/// and end to end, on a 500x500 Kodak photo and a ~2 MP portrait.
/// Run: <c>dotnet run -c Release --project benchmarks/ImageAI.Benchmarks -- --filter '*BackgroundPipeline*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class BackgroundPipelineBenchmarks
{
    private OnnxImageEditor _editor = null!;
    private ModelSession _session = null!;
    private byte[] _encoded = null!;
    private ImageBuffer _image = null!;
    private float[] _lowRes = null!;
    private ImageBuffer _cutout = null!;

    /// <summary>The input photo.</summary>
    [Params("kodak-500x500", "portrait-2mp")]
    public string Input { get; set; } = "kodak-500x500";

    /// <summary>The model variant.</summary>
    [Params("isnet-general", "isnet-general-quint8")]
    public string Model { get; set; } = "isnet-general";

    [GlobalSetup]
    public void Setup()
    {
        var shared = SharedFolder.Find();
        var kodak = File.ReadAllBytes(Path.Combine(shared, "eval", "general", "kodak24", "kodim04.png"));
        if (Input == "kodak-500x500")
        {
            _encoded = kodak;
        }
        else
        {
            var face = ImageIO.Decode(File.ReadAllBytes(Directory.GetFiles(Path.Combine(shared, "eval", "faces", "ffhq-hr"), "*.png").Order().First()));
            _encoded = ImageIO.Encode(Resampler.Resize(face, 1448, 1448), new ImageEncodeOptions { Format = ImageFormat.Jpeg, Quality = 92 });
        }
        _image = ImageIO.Decode(_encoded);
        _editor = new OnnxImageEditor();
        var resolved = _editor.Models.ResolveAsync(Model).GetAwaiter().GetResult();
        _session = _editor.Sessions.GetAsync(resolved).GetAwaiter().GetResult();
        _lowRes = SalientObjectSegmenter.PredictLowResolution(_session, _image, out _, CancellationToken.None);
        _cutout = BackgroundRemovalPipeline.Cutout(_image, SalientObjectSegmenter.ToMask(_lowRes, 1024, _image.Width, _image.Height));
    }

    [GlobalCleanup]
    public void Cleanup() => _editor.Dispose();

    [Benchmark(Description = "decode")]
    public ImageBuffer Decode() => ImageIO.Decode(_encoded);

    [Benchmark(Description = "preprocess (resize 1024 + tensor)")]
    public float[] Preprocess() => TensorConversion.ToTensor(Resampler.Resize(_image, 1024, 1024, ResizeMode.Bilinear), SalientObjectSegmenter.Spec);

    [Benchmark(Description = "inference")]
    public float[] Inference() => SalientObjectSegmenter.PredictLowResolution(_session, _image, out _, CancellationToken.None);

    [Benchmark(Description = "postprocess (mask resize + cutout)")]
    public ImageBuffer Postprocess() => BackgroundRemovalPipeline.Cutout(_image, SalientObjectSegmenter.ToMask(_lowRes, 1024, _image.Width, _image.Height));

    [Benchmark(Description = "encode PNG")]
    public byte[] EncodePng() => ImageIO.Encode(_cutout);

    [Benchmark(Description = "end to end (decode, remove, encode PNG)")]
    public async Task<byte[]> EndToEnd()
    {
        var result = await _editor.EditAsync(new ImageEditRequest(ImageIO.Decode(_encoded), new RemoveBackground { ModelId = Model }));
        return ImageIO.Encode(result.Image);
    }
}
