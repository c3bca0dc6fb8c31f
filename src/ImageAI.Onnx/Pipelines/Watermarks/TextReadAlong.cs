using ImageAI.Imaging;
using ImageAI.Watermarks;

namespace ImageAI.Onnx.Pipelines.Watermarks;

/// <summary>
/// Found lines read past their ends: where the detector saw only part of a line (a word over hair, a fence, a pale
/// wall), the recogniser, given a strip that continues the line at its height and angle, still reads the rest
/// ("COPY" found, "DO NOT COPY" read). The characters it reads with confidence, following on from the found part
/// without a gap wider than a word space, give how far the line runs (<see cref="ReadAlongSpan"/>); the line
/// continuation then takes that part (<see cref="TextLineContinuation"/>). Texture beyond a line reads as nothing or
/// as scattered low-confidence characters.
/// </summary>
internal static class TextReadAlong
{
    /// <summary>Only lines at least this many times longer than tall are read along (a word, not a glyph).</summary>
    private const float MinAspect = 2f;

    /// <summary>A strip reaches at most this many line heights past the line's end.</summary>
    private const float Reach = 12f;

    /// <summary>A step counts as a new character at this probability or more.</summary>
    private const float MinConfidence = 0.5f;

    /// <summary>Weaker readings keep a chain of characters going without counting.</summary>
    private const float ChainConfidence = 0.3f;

    /// <summary>Largest gap between consecutive characters, in line heights (a word space with the glyphs either side).</summary>
    private const float MaxGap = 1.6f;

    /// <summary>The line runs this many line heights past the last character's step.</summary>
    private const float Pad = 0.5f;

    /// <summary>At least this many new characters must be read past the found end.</summary>
    private const int MinCharacters = 2;

    /// <summary>Per region, how far the recogniser reads its line past each end (zero for regions that are not lines).</summary>
    public static LineReach[] Read(TextLineReader reader, ImageBuffer image, IReadOnlyList<TextRegion> regions, CancellationToken cancellationToken)
    {
        var reaches = new LineReach[regions.Count];
        for (int i = 0; i < regions.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = regions[i];
            if (line.Width < MinAspect * line.Height) continue;
            reaches[i] = new LineReach(Beyond(reader, image, line, regions, -1, cancellationToken), Beyond(reader, image, line, regions, 1, cancellationToken));
        }
        return reaches;
    }

    /// <summary>How far past its end in <paramref name="direction"/> the recogniser reads the line (pixels), or 0.</summary>
    private static float Beyond(TextLineReader reader, ImageBuffer image, TextRegion line, IReadOnlyList<TextRegion> regions, int direction,
        CancellationToken cancellationToken)
    {
        var (ux, uy) = line.Axis;
        float half = line.Width / 2, height = line.Height;
        // How far the line's axis runs inside the image past this end.
        float room = Room(image.Width, image.Height, line.CenterX, line.CenterY, direction * ux, direction * uy) - half;
        float reach = Math.Min(Reach * height, room);
        if (reach < height) return 0;
        // The strip: the found line and its continuation, in reading order (from the start of the line's axis).
        float start = direction > 0 ? -half : -half - reach, end = direction > 0 ? half + reach : half;
        var strip = line.Along((start + end) / 2, end - start);
        var steps = reader.ReadSteps(image, strip, cancellationToken);
        // Steps over text other regions hold already (a longer box of the same line) are not new characters.
        var known = new bool[steps.Count];
        for (int k = 0; k < steps.Count; k++)
        {
            float t = start + steps.PositionOf(k);
            int x = (int)(line.CenterX + ux * t), y = (int)(line.CenterY + uy * t);
            foreach (var other in regions)
                if (other != line && other.Contains(x, y)) { known[k] = true; break; }
        }
        float foundEnd = direction > 0 ? 2 * half : reach;
        var (runsTo, characters) = ReadAlongSpan.Follow(steps, foundEnd, direction, height, MinConfidence, ChainConfidence, MaxGap, Pad, known);
        return characters < MinCharacters ? 0 : Math.Min(reach, Math.Abs(runsTo - foundEnd));
    }

    /// <summary>Distance from (x, y) along (dx, dy) to the image's border.</summary>
    private static float Room(int width, int height, float x, float y, float dx, float dy)
    {
        float t = float.MaxValue;
        if (dx > 1e-6f) t = Math.Min(t, (width - x) / dx);
        else if (dx < -1e-6f) t = Math.Min(t, -x / dx);
        if (dy > 1e-6f) t = Math.Min(t, (height - y) / dy);
        else if (dy < -1e-6f) t = Math.Min(t, -y / dy);
        return Math.Max(0, t);
    }
}
