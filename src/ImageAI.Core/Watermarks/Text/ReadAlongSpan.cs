namespace ImageAI.Watermarks;

/// <summary>
/// How far a found text line really runs, from a recogniser's reading of a strip that continues it: starting at the
/// found end, characters read with enough confidence that follow each other with gaps no wider than a word space
/// belong to the same line; the first wider gap (or the strip's end) ends it. Pure geometry on the reading, so it is
/// tested without a model.
/// </summary>
public static class ReadAlongSpan
{
    /// <summary>
    /// The position (distance from the strip's start, image pixels) where the line ends when followed from
    /// <paramref name="foundEnd"/> in <paramref name="direction"/> (+1: towards the strip's end, -1: towards its start),
    /// and how many confident characters lie beyond <paramref name="foundEnd"/>. With none, the found end is returned.
    /// </summary>
    /// <param name="steps">The recogniser's reading of the strip.</param>
    /// <param name="foundEnd">Where the found line ends on the strip.</param>
    /// <param name="direction">+1 or -1.</param>
    /// <param name="lineHeight">The line's height in pixels (characters and spaces scale with it).</param>
    /// <param name="minConfidence">A step counts as a character at this probability or more.</param>
    /// <param name="maxGap">Largest distance between consecutive characters, in line heights (a word space is about half of one).</param>
    /// <param name="chainConfidence">Characters read with at least this (below <paramref name="minConfidence"/>) keep the chain going without counting.</param>
    /// <param name="pad">The end is put this many line heights past the last character's step (the step is near the glyph's middle).</param>
    /// <param name="known">Per step, whether it lies in text found already (another region of the same line): characters
    /// there keep the chain going but are not new; null: none.</param>
    public static (float End, int Characters) Follow(TextLineSteps steps, float foundEnd, int direction, float lineHeight,
        float minConfidence, float chainConfidence, float maxGap, float pad, IReadOnlyList<bool>? known = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (direction is not (1 or -1)) throw new ArgumentOutOfRangeException(nameof(direction), direction, "Direction must be +1 or -1.");
        float gap = maxGap * lineHeight;
        // The chain starts at the found part's last glyph read near its end (the detector's box ends a margin past it);
        // where none is read there, about half a glyph inside the box.
        float last = foundEnd - direction * 0.5f * lineHeight;
        for (int k = 0; k < steps.Count; k++)
        {
            float position = steps.PositionOf(k), inside = (foundEnd - position) * direction;
            if (inside >= 0 && inside <= gap && steps.IsCharacter(k, chainConfidence) && (position - last) * direction > 0) last = position;
        }
        int characters = 0;
        float end = foundEnd;
        int start = direction > 0 ? 0 : steps.Count - 1;
        for (int k = start; k >= 0 && k < steps.Count; k += direction)
        {
            float position = steps.PositionOf(k);
            if ((position - foundEnd) * direction <= 0) continue;
            // Weakly read glyphs keep the chain going (a letter half lost in texture); only confident ones count and move the end.
            if (!steps.IsCharacter(k, chainConfidence)) continue;
            if ((position - last) * direction > gap) break;
            last = position;
            if (!steps.IsCharacter(k, minConfidence) || (known is not null && known[k])) continue;
            // A glyph is often read over two or three steps in a row: count it once.
            int previous = k - direction;
            if (previous < 0 || previous >= steps.Count || steps.Classes[previous] != steps.Classes[k]) characters++;
            end = position;
        }
        return characters == 0 ? (foundEnd, 0) : (end + direction * pad * lineHeight, characters);
    }
}
