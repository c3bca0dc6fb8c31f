using BenchmarkDotNet.Attributes;
using ImageAI.Compositing;

namespace ImageAI.Benchmarks;

/// <summary>
/// Straight-alpha "over" of a 12 MP (4000x3000) RGBA cutout onto an opaque background (colour or photo), scalar
/// reference vs vectorised. Each call first restores the background (a 48 MB copy, measured alone as
/// <see cref="CopyOnly"/>), so subtract that to get the compositing cost.
/// Run: <c>dotnet run -c Release --project benchmarks/ImageAI.Benchmarks -- --filter '*Compositing*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class CompositingBenchmarks
{
    private const int Width = 4000, Height = 3000;
    private byte[] _foreground = [];
    private byte[] _background = [];
    private byte[] _work = [];

    /// <summary>realistic: a subject (40 % opaque, 50 % transparent, 10 % soft edge); fractional: every pixel translucent (worst case).</summary>
    [Params("realistic", "fractional")]
    public string Alpha { get; set; } = "realistic";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _foreground = new byte[Width * Height * 4];
        _background = new byte[Width * Height * 4];
        random.NextBytes(_foreground);
        random.NextBytes(_background);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width + x) * 4;
                _background[i + 3] = 255;
                if (Alpha == "fractional") { _foreground[i + 3] = (byte)(1 + random.Next(254)); continue; }
                // A disc-shaped subject with a 10 %-of-area soft rim.
                double d = Math.Sqrt((x - Width / 2.0) * (x - Width / 2.0) + (y - Height / 2.0) * (y - Height / 2.0)) / (Height * 0.62);
                _foreground[i + 3] = d < 0.9 ? (byte)255 : d > 1.0 ? (byte)0 : (byte)((1.0 - d) / 0.1 * 255);
            }
        _work = new byte[_background.Length];
    }

    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        _background.CopyTo(_work, 0);
        Compositor.OverScalar(_foreground, _work);
    }

    [Benchmark]
    public void Vectorised()
    {
        _background.CopyTo(_work, 0);
        Compositor.Over(_foreground, _work);
    }

    [Benchmark]
    public void CopyOnly() => _background.CopyTo(_work, 0);
}
