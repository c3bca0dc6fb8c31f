namespace ImageAI.Watermarks;

/// <summary>Where a known watermark was found and how strongly it was applied.</summary>
/// <param name="X">Left column of the placed template.</param>
/// <param name="Y">Top row of the placed template.</param>
/// <param name="Width">Placed width in pixels.</param>
/// <param name="Height">Placed height in pixels.</param>
/// <param name="Scale">Placed width / template width.</param>
/// <param name="Opacity">Estimated opacity, 0..1, relative to the template's most opaque pixel (1 = fully opaque).</param>
/// <param name="Score">Normalised cross-correlation of the edge maps, -1..1 (above about 0.2 is a confident match).</param>
public sealed record TemplateMatch(int X, int Y, int Width, int Height, double Scale, double Opacity, double Score);

/// <summary>Search settings for <see cref="TemplateLocator"/>.</summary>
public sealed record TemplateSearchOptions
{
    /// <summary>Smallest scale tried (placed width / template width). Default 0.25.</summary>
    public double MinScale { get; init; } = 0.25;
    /// <summary>Largest scale tried; also limited by the image size. Default 4.</summary>
    public double MaxScale { get; init; } = 4;
    /// <summary>Ratio between successive scales in the coarse search. Default 1.04.</summary>
    public double ScaleStep { get; init; } = 1.04;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for impossible settings.</summary>
    public void Validate()
    {
        if (!(MinScale > 0) || !(MaxScale >= MinScale)) throw new ArgumentOutOfRangeException(nameof(MinScale), $"Need 0 < MinScale <= MaxScale (got {MinScale}, {MaxScale}).");
        if (!(ScaleStep > 1.0) || ScaleStep > 2) throw new ArgumentOutOfRangeException(nameof(ScaleStep), ScaleStep, "ScaleStep must be in (1, 2].");
    }
}
