namespace ImageAI.Watermarks;

/// <summary>
/// How far a found text line runs past each end of its box by other evidence than the detector's (a recogniser that
/// reads characters there), in image pixels along the line; zero where nothing more was read.
/// </summary>
/// <param name="Before">Past the start of the line's width axis (towards -x once straightened).</param>
/// <param name="After">Past its end.</param>
public readonly record struct LineReach(float Before, float After)
{
    /// <summary>Nothing read past either end.</summary>
    public static LineReach None => default;

    /// <summary>The reach in one direction: -1 before the start, +1 past the end.</summary>
    public float Towards(int direction) => direction < 0 ? Before : After;
}
