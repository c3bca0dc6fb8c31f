using ImageAI.Imaging;
using ImageAI.Tiling;

namespace ImageAI.Tests.Upscaling;

/// <summary>Tile placement, feather weights and blending, without a model.</summary>
public sealed class TilingTests
{
    [Theory]
    [InlineData(100, 256, 16, 1, 100)]
    [InlineData(768, 512, 24, 2, 396)]
    [InlineData(1000, 256, 16, 5, 213)]
    [InlineData(257, 256, 16, 2, 137)]
    public void AxisCoversTheImageWithAtLeastTheOverlap(int size, int tile, int overlap, int expectedCount, int expectedLength)
    {
        var axis = TileAxis.Create(size, tile, overlap);
        Assert.Equal(expectedCount, axis.Count);
        Assert.Equal(expectedLength, axis.Length);
        Assert.Equal(0, axis.Positions[0]);
        Assert.Equal(size, axis.Positions[^1] + axis.Length);
        for (int i = 1; i < axis.Count; i++)
        {
            Assert.True(axis.OverlapBefore(i) >= overlap, $"overlap {axis.OverlapBefore(i)} < {overlap}");
            Assert.True(axis.OverlapBefore(i) <= overlap + 1, "tiles were not shrunk to the requested overlap");
        }
    }

    [Fact]
    public void NeighbourWeightsSumToOneAcrossAnOverlap()
    {
        const int length = 64, overlap = 24;
        var first = new float[length];
        var second = new float[length];
        FeatherWeights.Fill(first, 0, overlap);
        FeatherWeights.Fill(second, overlap, 0);
        int offset = length - overlap;
        for (int t = 0; t < overlap; t++)
            Assert.Equal(1f, first[offset + t] + second[t], 3);
        // The outer quarter of each overlap is ignored (edge pixels saw zero padding), the inner quarter is full weight.
        Assert.True(first[^1] <= FeatherWeights.Floor);
        Assert.True(second[0] <= FeatherWeights.Floor);
        Assert.Equal(1f, first[offset], 3);
        Assert.Equal(1f, second[overlap - 1], 3);
    }

    [Fact]
    public void TiledNearestNeighbourUpscaleEqualsUntiledExactly()
    {
        // A position-independent upscaler must give identical results whatever the tiling: this checks the
        // grid, the band accumulator (rows flushed and carried over) and the normalisation.
        var image = Noise(157, 131, seed: 3);
        var upscaler = new NearestUpscaler(3);
        var whole = TiledUpscaler.Upscale(image, upscaler, new TileGrid(157, 131, 512, 8));
        var tiled = TiledUpscaler.Upscale(image, upscaler, new TileGrid(157, 131, 40, 12));
        Assert.Equal(471, tiled.Width);
        Assert.Equal(393, tiled.Height);
        Assert.Equal(whole.PixelArray, tiled.PixelArray);
        for (int y = 0; y < 131; y++)
            for (int x = 0; x < 157; x++)
                Assert.Equal(image.GetRow(y)[x * 4 + 1], tiled.GetRow(y * 3 + 1)[(x * 3 + 2) * 4 + 1]);
    }

    [Fact]
    public void AlphaIsUpscaledWithTheImage()
    {
        var image = Noise(64, 48, seed: 5);
        var px = image.Pixels;
        for (int y = 0; y < 48; y++)
            for (int x = 0; x < 64; x++)
                px[(y * 64 + x) * 4 + 3] = (byte)(x < 32 ? 0 : 255);
        var output = TiledUpscaler.Upscale(image, new NearestUpscaler(2), new TileGrid(64, 48, 32, 8));
        Assert.Equal(0, output.GetRow(10)[20 * 4 + 3]);
        Assert.Equal(255, output.GetRow(10)[100 * 4 + 3]);
        Assert.Equal(255, output.GetRow(95)[127 * 4 + 3]);
    }

    [Fact]
    public void CancellationStopsBetweenTiles()
    {
        var image = Noise(100, 100, seed: 1);
        using var cts = new CancellationTokenSource();
        int tiles = 0;
        Assert.Throws<OperationCanceledException>(() => TiledUpscaler.Upscale(image, new NearestUpscaler(2), new TileGrid(100, 100, 32, 8),
            (done, total) => { tiles = done; if (done == 2) cts.Cancel(); }, cts.Token));
        Assert.Equal(2, tiles);
    }

    internal static ImageBuffer Noise(int width, int height, int seed)
    {
        var image = new ImageBuffer(width, height);
        new Random(seed).NextBytes(image.Pixels);
        var px = image.Pixels;
        for (int i = 3; i < px.Length; i += 4) px[i] = 255;
        return image;
    }

    /// <summary>Pixel replication: each output pixel depends only on one input pixel.</summary>
    private sealed class NearestUpscaler(int scale) : ITileUpscaler
    {
        public int Scale => scale;
        public int Channels => 3;

        public void Upscale(ReadOnlySpan<float> input, int width, int height, Span<float> output, CancellationToken cancellationToken)
        {
            int inPlane = width * height, outW = width * scale, outPlane = inPlane * scale * scale;
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < height * scale; y++)
                    for (int x = 0; x < outW; x++)
                        output[c * outPlane + y * outW + x] = input[c * inPlane + y / scale * width + x / scale];
        }
    }
}
