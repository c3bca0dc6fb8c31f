using System.Globalization;
using System.Text.Json;
using ImageAI.Onnx.Models;
using ImageAI.Operations;

namespace ImageAI.Web.Operations;

/// <summary><c>upscale</c>: options <c>scale</c> (2, 3 or 4) and <c>model</c> (a super-resolution catalog id).</summary>
public sealed class UpscaleMapper(ModelCatalog catalog) : IOperationMapper
{
    private static readonly string[] Scales = ["2", "3", "4"];
    private readonly string[] _models = catalog.Models.Where(m => m.Task == "super-resolution").Select(m => m.Id).ToArray();

    /// <inheritdoc />
    public string Name => Upscale.OperationName;

    /// <inheritdoc />
    public string Title => "Upscale";

    /// <inheritdoc />
    public IReadOnlyList<OptionDescriptor> Options =>
    [
        new("scale", "Scale", "choice", "2", Scales, "The output is this many times wider and taller."),
        new("model", "Model", "choice", _models.FirstOrDefault(m => catalog.Find(m)?.Default == true) ?? _models.FirstOrDefault(), _models),
    ];

    /// <inheritdoc />
    public ImageOperation Map(JsonElement? options)
    {
        var reader = new OptionReader(options, Options);
        var scale = double.Parse(reader.Choice("scale", Scales) ?? "2", CultureInfo.InvariantCulture);
        return new Upscale { Scale = scale, ModelId = reader.Choice("model", _models) };
    }
}
