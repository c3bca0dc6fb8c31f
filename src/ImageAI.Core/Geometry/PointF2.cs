namespace ImageAI.Geometry;

/// <summary>A point in pixel coordinates (x to the right, y down; pixel centres at integer + 0.5 are NOT assumed: pixel (i, j) is at (i, j)).</summary>
/// <param name="X">Horizontal coordinate.</param>
/// <param name="Y">Vertical coordinate.</param>
public readonly record struct PointF2(float X, float Y)
{
    /// <inheritdoc />
    public override string ToString() => $"({X:0.##}, {Y:0.##})";
}
