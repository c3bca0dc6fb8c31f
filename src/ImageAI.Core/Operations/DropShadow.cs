using ImageAI.Imaging;

namespace ImageAI.Operations;

/// <summary>A soft shadow cast by the subject onto the new background, made from the subject's alpha.</summary>
public sealed record DropShadow
{
    /// <summary>Horizontal offset in pixels (positive = right).</summary>
    public int OffsetX { get; init; } = 12;

    /// <summary>Vertical offset in pixels (positive = down).</summary>
    public int OffsetY { get; init; } = 12;

    /// <summary>Softness: blur radius in pixels (0 = hard edge).</summary>
    public double BlurRadius { get; init; } = 24;

    /// <summary>Opacity 0..1 of the darkest part.</summary>
    public double Opacity { get; init; } = 0.45;

    /// <summary>Shadow colour (default black).</summary>
    public Rgba32 Color { get; init; } = Rgba32.Black;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a negative or non-finite radius or an opacity outside 0..1.</summary>
    public void Validate()
    {
        if (!(BlurRadius >= 0) || !double.IsFinite(BlurRadius)) throw new ArgumentOutOfRangeException(nameof(BlurRadius), BlurRadius, "The shadow blur radius must not be negative.");
        if (!(Opacity >= 0 && Opacity <= 1)) throw new ArgumentOutOfRangeException(nameof(Opacity), Opacity, "The shadow opacity must be between 0 and 1.");
    }
}
