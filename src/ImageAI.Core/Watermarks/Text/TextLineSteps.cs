namespace ImageAI.Watermarks;

/// <summary>
/// What a CTC text recogniser saw at each of its steps along a straightened line: the most likely class (0 = the CTC
/// blank, no character) and its probability. Steps are evenly spaced over the line's length, so a step's index gives
/// where along the line a character was read.
/// </summary>
/// <param name="Classes">The most likely class per step; <see cref="Blank"/> where no character is read.</param>
/// <param name="Confidence">That class's probability per step, 0..1.</param>
/// <param name="Length">The line's length in image pixels (its long side).</param>
public sealed record TextLineSteps(int[] Classes, float[] Confidence, float Length)
{
    /// <summary>The CTC blank's class index.</summary>
    public const int Blank = 0;

    /// <summary>The number of steps.</summary>
    public int Count => Classes.Length;

    /// <summary>Distance in image pixels from the line's start (its left end once straightened) to the middle of <paramref name="step"/>.</summary>
    public float PositionOf(int step) => (step + 0.5f) * Length / Count;

    /// <summary>Whether a character (not the blank) is read at <paramref name="step"/> with at least <paramref name="minConfidence"/>.</summary>
    public bool IsCharacter(int step, float minConfidence) => Classes[step] != Blank && Confidence[step] >= minConfidence;
}
