namespace ImageAI.Tiling;

/// <summary>
/// Upscales one tile by an integer factor: planar float input (<see cref="Channels"/> planes of
/// width x height, values 0..1) to planar output (the same planes at Scale x the size, 0..1).
/// Implementations are called from one thread at a time per tiling run.
/// </summary>
public interface ITileUpscaler
{
    /// <summary>The integer scale factor.</summary>
    int Scale { get; }

    /// <summary>The number of planes in and out (3 for RGB, 1 for a grey plane such as alpha).</summary>
    int Channels { get; }

    /// <summary>Upscales <paramref name="input"/> into <paramref name="output"/> (length Channels x width x height x Scale²).</summary>
    void Upscale(ReadOnlySpan<float> input, int width, int height, Span<float> output, CancellationToken cancellationToken);
}
