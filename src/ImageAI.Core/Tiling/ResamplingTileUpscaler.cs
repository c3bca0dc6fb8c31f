using ImageAI.Processing;

namespace ImageAI.Tiling;

/// <summary>A classical interpolating upscaler (bicubic by default): used for alpha, and as the baseline in evaluations.</summary>
public sealed class ResamplingTileUpscaler : ITileUpscaler
{
    private readonly ResizeMode _mode;

    /// <summary>Creates the upscaler.</summary>
    public ResamplingTileUpscaler(int scale, int channels, ResizeMode mode = ResizeMode.Bicubic)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        Scale = scale;
        Channels = channels;
        _mode = mode;
    }

    /// <inheritdoc />
    public int Scale { get; }

    /// <inheritdoc />
    public int Channels { get; }

    /// <inheritdoc />
    public void Upscale(ReadOnlySpan<float> input, int width, int height, Span<float> output, CancellationToken cancellationToken)
    {
        int inPlane = width * height, outPlane = inPlane * Scale * Scale;
        for (int c = 0; c < Channels; c++)
            Resampler.Resize(input.Slice(c * inPlane, inPlane), width, height, output.Slice(c * outPlane, outPlane), width * Scale, height * Scale, 1, _mode);
    }
}
