using ImageAI.Imaging;

namespace ImageAI.Operations;

/// <summary>How a background image is placed behind a subject of another size.</summary>
public enum BackgroundFit
{
    /// <summary>Scale to cover the whole output, keeping the aspect ratio, and crop the overflow (centred).</summary>
    Fill,
    /// <summary>Scale to fit inside the output, keeping the aspect ratio; the bars show <see cref="ImageFill.PadColor"/>.</summary>
    Fit,
    /// <summary>No scaling: centred, cropped or padded with <see cref="ImageFill.PadColor"/>.</summary>
    Center,
    /// <summary>Scale to the output size exactly, ignoring the aspect ratio.</summary>
    Stretch,
}

/// <summary>What goes behind the subject in <see cref="ReplaceBackground"/>.</summary>
public abstract record BackgroundFill
{
    /// <summary>Throws <see cref="ArgumentException"/> (or a subclass) when the fill is invalid.</summary>
    public virtual void Validate() { }
}

/// <summary>One colour.</summary>
/// <param name="Color">The colour (its alpha is kept: a translucent colour gives a translucent background).</param>
public sealed record SolidFill(Rgba32 Color) : BackgroundFill;

/// <summary>A linear gradient across the image.</summary>
/// <param name="Start">Colour at the start.</param>
/// <param name="End">Colour at the end.</param>
/// <param name="AngleDegrees">Direction: 0 = left to right, 90 = top to bottom.</param>
public sealed record LinearGradientFill(Rgba32 Start, Rgba32 End, double AngleDegrees = 90) : BackgroundFill
{
    /// <inheritdoc />
    public override void Validate()
    {
        if (!double.IsFinite(AngleDegrees)) throw new ArgumentOutOfRangeException(nameof(AngleDegrees), AngleDegrees, "The gradient angle must be a finite number.");
    }
}

/// <summary>A radial gradient from the image centre to its corners.</summary>
/// <param name="Inner">Colour at the centre.</param>
/// <param name="Outer">Colour at the corners.</param>
public sealed record RadialGradientFill(Rgba32 Inner, Rgba32 Outer) : BackgroundFill;

/// <summary>Another image; it may have any size (see <see cref="Fit"/>).</summary>
/// <param name="Image">The background picture.</param>
/// <param name="Fit">How it is placed (default: cover the output).</param>
public sealed record ImageFill(ImageBuffer Image, BackgroundFit Fit = BackgroundFit.Fill) : BackgroundFill
{
    /// <summary>Colour of the bars for <see cref="BackgroundFit.Fit"/> and <see cref="BackgroundFit.Center"/> (default black).</summary>
    public Rgba32 PadColor { get; init; } = Rgba32.Black;

    /// <inheritdoc />
    public override void Validate()
    {
        ArgumentNullException.ThrowIfNull(Image);
        if (!Enum.IsDefined(Fit)) throw new ArgumentOutOfRangeException(nameof(Fit), Fit, "Unknown background fit.");
    }
}

/// <summary>The original background, blurred ("portrait mode"); the subject's colours are kept out of the blur.</summary>
/// <param name="Radius">Blur radius in pixels (the Gaussian's sigma is a third of it); must be positive.</param>
public sealed record BlurFill(double Radius) : BackgroundFill
{
    /// <inheritdoc />
    public override void Validate()
    {
        if (!(Radius > 0) || !double.IsFinite(Radius)) throw new ArgumentOutOfRangeException(nameof(Radius), Radius, "The blur radius must be a positive number.");
    }
}
