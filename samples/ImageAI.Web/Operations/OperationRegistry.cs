using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageAI.Web.Operations;

/// <summary>
/// The operations the web API offers: every registered <see cref="IOperationMapper"/> whose operation the editor
/// supports. An operation added to the library later needs one mapper class and one line in
/// <see cref="AddDefaultMappers"/>.
/// </summary>
public sealed class OperationRegistry
{
    private readonly Dictionary<string, IOperationMapper> _mappers;

    /// <summary>Keeps the mappers the editor can run.</summary>
    public OperationRegistry(IEnumerable<IOperationMapper> mappers, IImageEditor editor)
    {
        var metadata = editor.GetService(typeof(ImageEditorMetadata)) as ImageEditorMetadata;
        _mappers = mappers
            .Where(m => metadata is null || metadata.SupportedOperations.Contains(m.Name))
            .ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>The offered operations, sorted by name.</summary>
    public IEnumerable<IOperationMapper> Operations => _mappers.Values.OrderBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>Maps a request; throws <see cref="UnknownOperationException"/> or <see cref="OperationOptionsException"/>.</summary>
    public ImageOperation Map(string? name, string? optionsJson)
    {
        if (string.IsNullOrWhiteSpace(name) || !_mappers.TryGetValue(name.Trim(), out var mapper))
            throw new UnknownOperationException(name, _mappers.Keys.Order());
        JsonElement? options = null;
        if (!string.IsNullOrWhiteSpace(optionsJson))
        {
            try
            {
                using var doc = JsonDocument.Parse(optionsJson, new JsonDocumentOptions { MaxDepth = 8 });
                options = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new OperationOptionsException("options", $"Options are not valid JSON: {e.Message}");
            }
        }
        var operation = mapper.Map(options);
        try
        {
            operation.Validate();
        }
        catch (ArgumentException e) when (e is not OperationOptionsException)
        {
            throw new OperationOptionsException(e.ParamName ?? "options", e.Message);
        }
        return operation;
    }

    /// <summary>Registers the built-in mappers (add one line per new operation).</summary>
    public static void AddDefaultMappers(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOperationMapper, RemoveBackgroundMapper>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOperationMapper, ReplaceBackgroundMapper>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOperationMapper, UpscaleMapper>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOperationMapper, EnhanceFacesMapper>());
    }
}

/// <summary>The requested operation is not offered; becomes a 400 problem listing the supported ones.</summary>
public sealed class UnknownOperationException(string? name, IEnumerable<string> supported) : ArgumentException(null, "operation")
{
    private readonly string _reason = string.IsNullOrWhiteSpace(name)
        ? $"The 'operation' field is required. Supported: {string.Join(", ", supported)}."
        : $"Unknown operation '{name}'. Supported: {string.Join(", ", supported)}.";

    /// <summary>The reason alone (the base message would append the parameter name).</summary>
    public override string Message => _reason;
}
