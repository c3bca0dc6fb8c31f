namespace ImageAI.Tiling;

/// <summary>
/// Per-axis blending weights for one tile. In each overlap the weight is 0 over the outer quarter (where the
/// network saw zero padding instead of real neighbours), rises along a smoothstep through the middle half and
/// is 1 over the inner quarter. The ramps of two neighbours mirror each other exactly, so in an overlap their
/// weights sum to 1 and the separable product of four tiles at a corner does too; the blender still divides by
/// the weight sum, which keeps any tile placement correct.
/// </summary>
public static class FeatherWeights
{
    /// <summary>A floor that keeps every covered pixel's weight sum positive; it mixes in at most 1e-5 of an edge pixel.</summary>
    public const float Floor = 1e-5f;

    /// <summary>Fills <paramref name="weights"/> (the tile's length in output pixels) for the given overlaps, in output pixels.</summary>
    public static void Fill(Span<float> weights, int overlapBefore, int overlapAfter)
    {
        int length = weights.Length;
        for (int t = 0; t < length; t++)
        {
            float w = 1f;
            if (overlapBefore > 0) w *= Ramp(t, overlapBefore);
            if (overlapAfter > 0) w *= Ramp(length - 1 - t, overlapAfter);
            weights[t] = Math.Max(w, Floor);
        }
    }

    /// <summary>The rising edge: position <paramref name="t"/> pixels into an overlap of <paramref name="overlap"/> pixels.</summary>
    public static float Ramp(int t, int overlap)
    {
        if (t >= overlap) return 1f;
        float margin = overlap / 4f;
        float u = (t + 0.5f - margin) / (overlap - 2 * margin);
        if (u <= 0f) return 0f;
        if (u >= 1f) return 1f;
        return u * u * (3f - 2f * u);
    }
}
