namespace ImageAI.Tiling;

/// <summary>One tile of a <see cref="TileGrid"/>: its place in the grid and its rectangle in the source image.</summary>
/// <param name="Index">Row-major index of the tile.</param>
/// <param name="Column">Grid column.</param>
/// <param name="Row">Grid row.</param>
/// <param name="X">Left edge in source pixels.</param>
/// <param name="Y">Top edge in source pixels.</param>
/// <param name="Width">Width in source pixels.</param>
/// <param name="Height">Height in source pixels.</param>
public readonly record struct Tile(int Index, int Column, int Row, int X, int Y, int Width, int Height);

/// <summary>A grid of overlapping tiles covering an image (see <see cref="TileAxis"/> for the placement rule).</summary>
public sealed class TileGrid
{
    /// <summary>Creates the grid for an image of the given size.</summary>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="tileSize">Largest tile side.</param>
    /// <param name="overlap">Smallest overlap between neighbouring tiles, in source pixels.</param>
    public TileGrid(int width, int height, int tileSize, int overlap)
    {
        Columns = TileAxis.Create(width, tileSize, overlap);
        Rows = TileAxis.Create(height, tileSize, overlap);
        Overlap = overlap;
    }

    /// <summary>The horizontal axis.</summary>
    public TileAxis Columns { get; }

    /// <summary>The vertical axis.</summary>
    public TileAxis Rows { get; }

    /// <summary>The requested overlap.</summary>
    public int Overlap { get; }

    /// <summary>The number of tiles.</summary>
    public int Count => Columns.Count * Rows.Count;

    /// <summary>The tile at a grid position.</summary>
    public Tile this[int column, int row] =>
        new(row * Columns.Count + column, column, row, Columns.Positions[column], Rows.Positions[row], Columns.Length, Rows.Length);

    /// <inheritdoc />
    public override string ToString() => $"{Columns.Count}x{Rows.Count} tiles of {Columns.Length}x{Rows.Length}, overlap >= {Overlap}";
}
