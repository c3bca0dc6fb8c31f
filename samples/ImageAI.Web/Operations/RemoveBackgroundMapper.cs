using System.Text.Json;
using ImageAI.Imaging;
using ImageAI.Onnx.Models;
using ImageAI.Operations;

namespace ImageAI.Web.Operations;

/// <summary>
/// <c>remove-background</c>: options <c>output</c> (cutout | mask | solid-color), <c>backgroundColor</c>
/// (#RRGGBB, for solid-color) and <c>model</c> (a background-removal catalog id; file paths are refused so a
/// client cannot make the server load arbitrary files).
/// </summary>
public sealed class RemoveBackgroundMapper(ModelCatalog catalog) : IOperationMapper
{
    private static readonly string[] Outputs = ["cutout", "mask", "solid-color"];
    private readonly string[] _models = catalog.Models.Where(m => m.Task == "background-removal").Select(m => m.Id).ToArray();

    /// <inheritdoc />
    public string Name => RemoveBackground.OperationName;

    /// <inheritdoc />
    public string Title => "Remove background";

    /// <inheritdoc />
    public IReadOnlyList<OptionDescriptor> Options =>
    [
        new("output", "Output", "choice", "cutout", Outputs, "Cutout keeps the subject on transparency; mask is the matte alone."),
        new("backgroundColor", "Background colour", "color", "#ffffff", null, "Used with the solid-color output."),
        new("model", "Model", "choice", _models.FirstOrDefault(m => catalog.Find(m)?.Default == true) ?? _models.FirstOrDefault(), _models),
    ];

    /// <inheritdoc />
    public ImageOperation Map(JsonElement? options)
    {
        var reader = new OptionReader(options, Options);
        var output = reader.Choice("output", Outputs) switch
        {
            "mask" => BackgroundOutput.Mask,
            "solid-color" => BackgroundOutput.SolidColor,
            _ => BackgroundOutput.Cutout,
        };
        var colour = Rgba32.White;
        if (reader.String("backgroundColor") is { } text && !Rgba32.TryParse(text, out colour))
            throw new OperationOptionsException("backgroundColor", $"Option 'backgroundColor' must be a colour such as #00ff00; got '{text}'.");
        return new RemoveBackground { Output = output, BackgroundColor = colour, ModelId = reader.Choice("model", _models) };
    }
}
