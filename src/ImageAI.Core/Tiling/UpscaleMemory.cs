namespace ImageAI.Tiling;

/// <summary>
/// Estimates the memory one tiled upscale needs, so a tile size can be chosen from a budget and an image that
/// cannot fit even with the smallest tile is refused before any work. Counted: the 8-bit output, the float band
/// accumulator (3 colour planes + weights, one tile-row high across the whole output width), the tile tensors
/// (input, the runtime's output and our copy), the network's own activations (<c>modelBytesPerPixel</c> per
/// input pixel of a tile, measured per model) and, when the requested scale differs from the network's, the
/// final resize's float buffers.
/// </summary>
public static class UpscaleMemory
{
    /// <summary>The smallest tile side the budget search will try.</summary>
    public const int MinimumTile = 64;

    /// <summary>Tile sides tried, largest first, when the tile size comes from the budget.</summary>
    public static ReadOnlySpan<int> Candidates => [512, 448, 384, 320, 256, 192, 128, 96, MinimumTile];

    /// <summary>
    /// Bytes needed to upscale a width x height image with the given tile size and overlap by a network of
    /// integer factor <c>networkScale</c>, to a final outputWidth x outputHeight (a resize follows when that is
    /// not the network's size).
    /// </summary>
    public static long Estimate(int width, int height, int tileSize, int overlap, int networkScale, long modelBytesPerPixel, int outputWidth, int outputHeight)
    {
        var grid = new TileGrid(width, height, tileSize, overlap);
        long s = networkScale, tw = grid.Columns.Length, th = grid.Rows.Length;
        long netW = width * s, netH = height * s;
        long netImage = netW * netH * 4;
        long band = 4L * 4 * th * s * netW;
        long tileTensors = 4L * 3 * tw * th * (1 + 2 * s * s);
        long model = modelBytesPerPixel * tw * th;
        long resize = 0;
        if (outputWidth != netW || outputHeight != netH)
        {
            long outPx = (long)outputWidth * outputHeight;
            // float copy of the network output, the horizontal pass, the float result and the 8-bit result.
            resize = netW * netH * 16 + netH * outputWidth * 16 + outPx * 16 + outPx * 4;
        }
        return netImage + band + tileTensors + model + resize;
    }

    /// <summary>The largest candidate tile (not above <paramref name="maxTile"/>) whose estimate fits the budget, or null when none does.</summary>
    public static int? ChooseTile(int width, int height, int overlap, int networkScale, long modelBytesPerPixel, int outputWidth, int outputHeight, long budget, int maxTile = 512)
    {
        foreach (var tile in Candidates)
        {
            if (tile > maxTile || tile <= 2 * overlap) continue;
            if (Estimate(width, height, tile, overlap, networkScale, modelBytesPerPixel, outputWidth, outputHeight) <= budget) return tile;
        }
        return null;
    }
}
