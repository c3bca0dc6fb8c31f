using System.Text.Json;

namespace ImageAI.Web.Operations;

/// <summary>Strict reading of an options object: unknown properties and wrong types are errors, not ignored.</summary>
public sealed class OptionReader
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="options"/>, allowing only the named properties.</summary>
    public OptionReader(JsonElement? options, IEnumerable<OptionDescriptor> allowed)
    {
        if (options is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return;
        if (element.ValueKind != JsonValueKind.Object)
            throw new OperationOptionsException("options", "Options must be a JSON object.");
        var names = allowed.Select(o => o.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name))
                throw new OperationOptionsException(property.Name, $"Unknown option '{property.Name}'. Allowed: {string.Join(", ", names)}.");
            if (property.Value.ValueKind != JsonValueKind.Null) _values[property.Name] = property.Value;
        }
    }

    /// <summary>A string option, or null when absent.</summary>
    public string? String(string name)
    {
        if (!_values.TryGetValue(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) throw new OperationOptionsException(name, $"Option '{name}' must be a string.");
        return v.GetString();
    }

    /// <summary>A choice among <paramref name="choices"/> (case-insensitive), or null when absent.</summary>
    public string? Choice(string name, IReadOnlyList<string> choices)
    {
        var s = String(name);
        if (s is null) return null;
        var match = choices.FirstOrDefault(c => string.Equals(c, s, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new OperationOptionsException(name, $"Option '{name}' must be one of {string.Join(", ", choices)}; got '{s}'.");
    }

    /// <summary>A number option within [min, max], or null when absent.</summary>
    public double? Number(string name, double min, double max)
    {
        if (!_values.TryGetValue(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d))
            throw new OperationOptionsException(name, $"Option '{name}' must be a number.");
        if (d < min || d > max) throw new OperationOptionsException(name, $"Option '{name}' must be between {min} and {max}; got {d}.");
        return d;
    }
}
