using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImageAI.Imaging;

namespace ImageAI.Providers.Remote.Protocol;

/// <summary>
/// The wire form of an operation: its <see cref="ImageOperation.Name"/> plus its options as a JSON object
/// (camelCase property names, enums as camelCase strings, colours as <c>"#RRGGBBAA"</c>; <c>name</c> and
/// <c>requiresImage</c> are left out). Both ends use it: the client to send, a service to rebuild the record.
/// Operation types are found by name among the <see cref="ImageOperation"/> subclasses of loaded ImageAI
/// assemblies; <see cref="Register{T}"/> adds others.
/// </summary>
public static class OperationJson
{
    private static readonly ConcurrentDictionary<string, Type> Registered = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Discovered = new(Discover);

    /// <summary>The serializer settings of the wire format.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    /// <summary>Makes <typeparamref name="T"/> known by its operation name (for operations outside ImageAI's assemblies).</summary>
    public static void Register<T>() where T : ImageOperation, new() => Registered[new T().Name] = typeof(T);

    /// <summary>The options of <paramref name="operation"/> as a JSON object.</summary>
    /// <exception cref="OperationNotSupportedException">The operation carries an image-valued option (a trimap, a mask,
    /// a template): the protocols upload one image, so such an option would be lost on the way.</exception>
    public static string Serialize(ImageOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        foreach (var property in operation.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (IsImage(property.PropertyType) && property.GetIndexParameters().Length == 0 && property.GetValue(operation) is not null)
                throw new OperationNotSupportedException(operation.Name,
                    $"'{operation.Name}' with a {property.Name} cannot be sent to a remote service: the protocols upload only the input image. Run it locally, or leave {property.Name} unset.");
        return JsonSerializer.Serialize(operation, operation.GetType(), SerializerOptions);
    }

    private static bool IsImage(Type type) => type == typeof(GrayImage) || type == typeof(ImageBuffer);

    /// <summary>Rebuilds an operation from its name and options JSON (null or empty: default options).</summary>
    /// <exception cref="OperationNotSupportedException">No operation type has this name.</exception>
    /// <exception cref="ArgumentException">The options are not valid JSON for the operation.</exception>
    public static ImageOperation Deserialize(string name, string? optionsJson)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TryGetType(name, out var type))
            throw new OperationNotSupportedException(name, $"Unknown operation '{name}'.");
        try
        {
            var operation = string.IsNullOrWhiteSpace(optionsJson)
                ? (ImageOperation)Activator.CreateInstance(type)!
                : (ImageOperation?)JsonSerializer.Deserialize(optionsJson, type, SerializerOptions)
                  ?? throw new ArgumentException("The options JSON is null.");
            return operation;
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The options of '{name}' are not valid: {ex.Message}", nameof(optionsJson), ex);
        }
    }

    /// <summary>Finds the operation type for a name.</summary>
    public static bool TryGetType(string name, out Type type) =>
        Registered.TryGetValue(name, out type!) || Discovered.Value.TryGetValue(name, out type!);

    private static IReadOnlyDictionary<string, Type> Discover()
    {
        var map = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetName().Name?.StartsWith("ImageAI", StringComparison.Ordinal) != true) continue;
            Type[] types;
            try { types = assembly.GetTypes(); }
            catch (ReflectionTypeLoadException ex) { types = ex.Types.Where(t => t is not null).ToArray()!; }
            foreach (var type in types)
            {
                if (type.IsAbstract || !type.IsPublic || !typeof(ImageOperation).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null) continue;
                var name = ((ImageOperation)Activator.CreateInstance(type)!).Name;
                map.TryAdd(name, type);
            }
        }
        return map;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new Rgba32JsonConverter());
        options.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers = { SkipComputedBaseMembers },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// <c>Name</c> and <c>RequiresImage</c> describe the type, not the options: not on the wire. Image-valued options
    /// are never on the wire either (<see cref="Serialize"/> refuses operations that set one).
    /// </summary>
    private static void SkipComputedBaseMembers(System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        if (!typeof(ImageOperation).IsAssignableFrom(info.Type)) return;
        for (int i = info.Properties.Count - 1; i >= 0; i--)
            if (info.Properties[i].Name is "name" or "requiresImage" || IsImage(info.Properties[i].PropertyType)) info.Properties.RemoveAt(i);
    }

    private sealed class Rgba32JsonConverter : JsonConverter<Rgba32>
    {
        public override Rgba32 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Rgba32.TryParse(reader.GetString(), out var colour) ? colour : throw new JsonException($"'{reader.GetString()}' is not a colour (#RRGGBB or #RRGGBBAA).");

        public override void Write(Utf8JsonWriter writer, Rgba32 value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
