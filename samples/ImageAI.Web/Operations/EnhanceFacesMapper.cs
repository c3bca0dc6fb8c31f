using System.Globalization;
using System.Text.Json;
using ImageAI.Operations;

namespace ImageAI.Web.Operations;

/// <summary><c>enhance-faces</c>: options <c>scale</c> (1 or 2: the whole image upscaled too) and <c>blend</c> (feather | seamless).</summary>
public sealed class EnhanceFacesMapper : IOperationMapper
{
    private static readonly string[] Scales = ["1", "2"];
    private static readonly string[] Blends = ["feather", "seamless"];

    /// <inheritdoc />
    public string Name => EnhanceFaces.OperationName;

    /// <inheritdoc />
    public string Title => "Enhance faces";

    /// <inheritdoc />
    public IReadOnlyList<OptionDescriptor> Options =>
    [
        new("scale", "Scale", "choice", "1", Scales, "2 also upscales the rest of the image."),
        new("blend", "Blend", "choice", "feather", Blends, "How restored faces are pasted back."),
    ];

    /// <inheritdoc />
    public ImageOperation Map(JsonElement? options)
    {
        var reader = new OptionReader(options, Options);
        return new EnhanceFaces
        {
            Scale = double.Parse(reader.Choice("scale", Scales) ?? "1", CultureInfo.InvariantCulture),
            Blend = reader.Choice("blend", Blends) == "seamless" ? FaceBlendMode.Seamless : FaceBlendMode.Feather,
        };
    }
}
