using System.Buffers;
using System.Numerics.Tensors;
using ImageAI.Imaging;

namespace ImageAI.Tiling;

/// <summary>
/// Runs an <see cref="ITileUpscaler"/> over an image tile by tile and blends the tiles with feathered weights.
/// Tiles are processed row by row into a band accumulator one tile-row high: once the next tile row starts, the
/// output rows above it are final and are normalised into the 8-bit result, so memory is the output image plus
/// one band of floats, whatever the image size. Cancellation is checked between tiles.
/// </summary>
public static class TiledUpscaler
{
    /// <summary>
    /// Upscales <paramref name="image"/>: colour with <paramref name="colour"/> (3 channels), and alpha (when the
    /// image is not opaque) with a bicubic <see cref="ResamplingTileUpscaler"/> over the same grid.
    /// <c>onTile</c> is called after each tile with (tiles done, total tiles); alpha tiles count too.
    /// </summary>
    public static ImageBuffer Upscale(ImageBuffer image, ITileUpscaler colour, TileGrid grid, Action<int, int>? onTile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(colour);
        ArgumentNullException.ThrowIfNull(grid);
        if (colour.Channels != 3) throw new ArgumentException("The colour upscaler must have 3 channels.", nameof(colour));
        if (grid.Columns.Size != image.Width || grid.Rows.Size != image.Height)
            throw new ArgumentException($"The grid is for {grid.Columns.Size}x{grid.Rows.Size}, the image is {image.Width}x{image.Height}.", nameof(grid));

        int scale = colour.Scale;
        var output = new ImageBuffer(checked(image.Width * scale), checked(image.Height * scale));
        bool opaque = image.IsOpaque();
        int total = opaque ? grid.Count : 2 * grid.Count;
        Run(image, colour, grid, output, 0, onTile is null ? null : done => onTile(done, total), cancellationToken);
        if (opaque)
        {
            var px = output.Pixels;
            for (int i = 3; i < px.Length; i += 4) px[i] = 255;
        }
        else
        {
            var alpha = new ResamplingTileUpscaler(scale, 1);
            Run(image, alpha, grid, output, 3, onTile is null ? null : done => onTile(grid.Count + done, total), cancellationToken);
        }
        return output;
    }

    /// <summary>
    /// Upscales channels <paramref name="firstChannel"/>.. (as many as the upscaler has) of <paramref name="image"/>
    /// into the same channels of <paramref name="output"/>, which must be Scale x the image size.
    /// </summary>
    public static void Run(ImageBuffer image, ITileUpscaler upscaler, TileGrid grid, ImageBuffer output, int firstChannel,
        Action<int>? onTile, CancellationToken cancellationToken)
    {
        int s = upscaler.Scale, channels = upscaler.Channels;
        if (firstChannel < 0 || firstChannel + channels > 4) throw new ArgumentOutOfRangeException(nameof(firstChannel));
        if (output.Width != image.Width * s || output.Height != image.Height * s) throw new ArgumentException("The output must be Scale x the image size.", nameof(output));

        int tileW = grid.Columns.Length, tileH = grid.Rows.Length;
        int outW = output.Width, bandRows = tileH * s, outTileW = tileW * s, outTileH = tileH * s;
        int inCount = channels * tileW * tileH, outPlane = outTileW * outTileH, outCount = channels * outPlane;
        var pool = ArrayPool<float>.Shared;
        var input = pool.Rent(inCount);
        var tileOut = pool.Rent(outCount);
        var acc = pool.Rent(channels * bandRows * outW);
        var weightSum = pool.Rent(bandRows * outW);
        var wx = pool.Rent(outTileW);
        var wy = pool.Rent(outTileH);
        var rowWeight = pool.Rent(outTileW);
        var scratch = pool.Rent(outW);
        try
        {
            var band = new Band(acc, weightSum, channels, bandRows, outW).Reset();
            int done = 0;
            for (int row = 0; row < grid.Rows.Count; row++)
            {
                int top = grid.Rows.Positions[row] * s;
                band.AdvanceTo(top, output, firstChannel, scratch);
                FeatherWeights.Fill(wy.AsSpan(0, outTileH), grid.Rows.OverlapBefore(row) * s, grid.Rows.OverlapAfter(row) * s);
                for (int column = 0; column < grid.Columns.Count; column++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var tile = grid[column, row];
                    ExtractPlanes(image, tile, firstChannel, channels, input.AsSpan(0, inCount));
                    upscaler.Upscale(input.AsSpan(0, inCount), tile.Width, tile.Height, tileOut.AsSpan(0, outCount), cancellationToken);
                    FeatherWeights.Fill(wx.AsSpan(0, outTileW), grid.Columns.OverlapBefore(column) * s, grid.Columns.OverlapAfter(column) * s);
                    band.Accumulate(tileOut.AsSpan(0, outCount), tile.X * s, outTileW, outTileH, wx.AsSpan(0, outTileW), wy.AsSpan(0, outTileH), rowWeight.AsSpan(0, outTileW));
                    onTile?.Invoke(++done);
                }
            }
            band.AdvanceTo(output.Height, output, firstChannel, scratch);
        }
        finally
        {
            pool.Return(input);
            pool.Return(tileOut);
            pool.Return(acc);
            pool.Return(weightSum);
            pool.Return(wx);
            pool.Return(wy);
            pool.Return(rowWeight);
            pool.Return(scratch);
        }
    }

    /// <summary>Copies the tile's channels into planes scaled to 0..1.</summary>
    private static void ExtractPlanes(ImageBuffer image, Tile tile, int firstChannel, int channels, Span<float> planes)
    {
        int plane = tile.Width * tile.Height;
        for (int y = 0; y < tile.Height; y++)
        {
            var src = image.GetRow(tile.Y + y).Slice(tile.X * 4, tile.Width * 4);
            for (int c = 0; c < channels; c++)
            {
                var dst = planes.Slice(c * plane + y * tile.Width, tile.Width);
                for (int x = 0, i = firstChannel + c; x < dst.Length; x++, i += 4) dst[x] = src[i] * (1f / 255f);
            }
        }
    }

    /// <summary>The weighted sums for the output rows [Top, Top + Rows) that tiles may still touch.</summary>
    private sealed class Band(float[] acc, float[] weightSum, int channels, int rows, int width)
    {
        private int _top;

        /// <summary>Adds one upscaled tile (planar) whose top edge is the band's top.</summary>
        public void Accumulate(ReadOnlySpan<float> tile, int left, int tileW, int tileH, ReadOnlySpan<float> wx, ReadOnlySpan<float> wy, Span<float> rowWeight)
        {
            int plane = tileW * tileH, bandPlane = rows * width;
            for (int y = 0; y < tileH; y++)
            {
                TensorPrimitives.Multiply(wx, wy[y], rowWeight);
                var sum = weightSum.AsSpan(y * width + left, tileW);
                TensorPrimitives.Add(sum, rowWeight, sum);
                for (int c = 0; c < channels; c++)
                {
                    var dst = acc.AsSpan(c * bandPlane + y * width + left, tileW);
                    TensorPrimitives.MultiplyAdd(tile.Slice(c * plane + y * tileW, tileW), rowWeight, dst, dst);
                }
            }
        }

        /// <summary>Writes the finished rows above <paramref name="newTop"/> and moves the band down to start there.</summary>
        public void AdvanceTo(int newTop, ImageBuffer output, int firstChannel, float[] scratch)
        {
            int finished = Math.Min(newTop - _top, rows);
            if (finished <= 0) return;
            int bandPlane = rows * width;
            for (int y = 0; y < finished; y++)
            {
                var outRow = output.GetRow(_top + y);
                var sum = weightSum.AsSpan(y * width, width);
                for (int c = 0; c < channels; c++)
                {
                    var value = scratch.AsSpan(0, width);
                    TensorPrimitives.Divide(acc.AsSpan(c * bandPlane + y * width, width), sum, value);
                    for (int x = 0, i = firstChannel + c; x < width; x++, i += 4)
                    {
                        float v = value[x] * 255f + 0.5f;
                        outRow[i] = v <= 0f ? (byte)0 : v >= 255f ? (byte)255 : (byte)v;
                    }
                }
            }
            // Keep the rows the next tile row overlaps; clear the rest for reuse.
            int kept = rows - finished;
            for (int c = 0; c < channels; c++)
            {
                var planeSpan = acc.AsSpan(c * bandPlane, bandPlane);
                planeSpan.Slice(finished * width, kept * width).CopyTo(planeSpan);
                planeSpan.Slice(kept * width).Clear();
            }
            weightSum.AsSpan(finished * width, kept * width).CopyTo(weightSum);
            weightSum.AsSpan(kept * width, finished * width).Clear();
            _top = newTop;
        }

        /// <summary>Clears the band before first use (pooled arrays are dirty).</summary>
        public Band Reset()
        {
            acc.AsSpan(0, channels * rows * width).Clear();
            weightSum.AsSpan(0, rows * width).Clear();
            _top = 0;
            return this;
        }
    }
}
