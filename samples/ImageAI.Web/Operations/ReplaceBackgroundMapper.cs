using System.Text.Json;
using ImageAI.Imaging;
using ImageAI.Operations;

namespace ImageAI.Web.Operations;

/// <summary>
/// <c>replace-background</c>: options <c>background</c> (color | gradient | radial | blur), <c>color</c> and
/// <c>color2</c> (#RRGGBB), <c>blur</c> (radius in pixels, for blur) and <c>shadow</c> (none | soft).
/// </summary>
public sealed class ReplaceBackgroundMapper : IOperationMapper
{
    private static readonly string[] Backgrounds = ["color", "gradient", "radial", "blur"];
    private static readonly string[] Shadows = ["none", "soft"];

    /// <inheritdoc />
    public string Name => ReplaceBackground.OperationName;

    /// <inheritdoc />
    public string Title => "Replace background";

    /// <inheritdoc />
    public IReadOnlyList<OptionDescriptor> Options =>
    [
        new("background", "New background", "choice", "color", Backgrounds, "A colour, a linear or radial gradient, or the photo's own background blurred (portrait mode)."),
        new("color", "Colour", "color", "#2050a0", null, "The colour, or the gradient's first colour."),
        new("color2", "Second colour", "color", "#ffffff", null, "The gradient's second colour."),
        new("blur", "Blur radius", "number", "25", null, "For the blurred background, in pixels (1-200)."),
        new("shadow", "Shadow", "choice", "none", Shadows, "A soft drop shadow under the subject."),
    ];

    /// <inheritdoc />
    public ImageOperation Map(JsonElement? options)
    {
        var reader = new OptionReader(options, Options);
        var first = Colour(reader, "color", new Rgba32(0x20, 0x50, 0xA0));
        var second = Colour(reader, "color2", Rgba32.White);
        BackgroundFill fill = (reader.Choice("background", Backgrounds) ?? "color") switch
        {
            "gradient" => new LinearGradientFill(first, second),
            "radial" => new RadialGradientFill(first, second),
            "blur" => new BlurFill(reader.Number("blur", 1, 200) ?? 25),
            _ => new SolidFill(first),
        };
        var shadow = reader.Choice("shadow", Shadows) == "soft" ? new DropShadow() : null;
        return new ReplaceBackground { Background = fill, Shadow = shadow };
    }

    private static Rgba32 Colour(OptionReader reader, string name, Rgba32 fallback)
    {
        if (reader.String(name) is not { } text) return fallback;
        return Rgba32.TryParse(text, out var colour)
            ? colour
            : throw new OperationOptionsException(name, $"Option '{name}' must be a colour such as #00ff00; got '{text}'.");
    }
}
