namespace ImageAI.Tiling;

/// <summary>
/// How one axis is cut into tiles: <see cref="Count"/> tiles of equal <see cref="Length"/>, spread evenly so
/// neighbours overlap by at least the requested overlap and the last tile ends at the edge.
/// </summary>
public sealed class TileAxis
{
    private readonly int[] _positions;

    private TileAxis(int size, int length, int[] positions)
    {
        Size = size;
        Length = length;
        _positions = positions;
    }

    /// <summary>The length of the axis being tiled.</summary>
    public int Size { get; }

    /// <summary>The length of every tile on this axis (at most the requested tile size, at most <see cref="Size"/>).</summary>
    public int Length { get; }

    /// <summary>The number of tiles.</summary>
    public int Count => _positions.Length;

    /// <summary>Where each tile starts.</summary>
    public ReadOnlySpan<int> Positions => _positions;

    /// <summary>How many pixels tile <paramref name="index"/> shares with the tile before it (0 for the first).</summary>
    public int OverlapBefore(int index) => index == 0 ? 0 : _positions[index - 1] + Length - _positions[index];

    /// <summary>How many pixels tile <paramref name="index"/> shares with the tile after it (0 for the last).</summary>
    public int OverlapAfter(int index) => index == Count - 1 ? 0 : OverlapBefore(index + 1);

    /// <summary>
    /// Cuts an axis. The tile count is the fewest that cover <paramref name="size"/> with tiles of at most
    /// <paramref name="tileSize"/> overlapping by <paramref name="overlap"/>; the tiles are then shrunk to the
    /// smallest equal length that still covers the axis with that overlap, so no work is wasted on overlap
    /// beyond the requested amount (a 768-pixel axis with 512-pixel tiles gets two 396-pixel tiles, not two 512s).
    /// </summary>
    public static TileAxis Create(int size, int tileSize, int overlap)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The axis must not be empty.");
        if (overlap < 0) throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "The overlap must not be negative.");
        if (tileSize <= overlap) throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize, $"The tile size must exceed the overlap ({overlap}).");
        if (size <= tileSize) return new TileAxis(size, size, [0]);

        int count = (int)Math.Ceiling((double)(size - overlap) / (tileSize - overlap));
        int length = Math.Min(tileSize, (size + (count - 1) * overlap + count - 1) / count);
        var positions = new int[count];
        for (int i = 0; i < count; i++)
            positions[i] = (int)Math.Round((double)i * (size - length) / (count - 1), MidpointRounding.AwayFromZero);
        return new TileAxis(size, length, positions);
    }
}
