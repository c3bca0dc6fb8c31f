using System.Text.Json;

namespace ImageAI.Onnx.Models;

/// <summary>The list of known models (from <c>models/catalog.json</c>, embedded), plus any the application adds.</summary>
public sealed class ModelCatalog
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly Lazy<ModelCatalog> BuiltIn = new(LoadEmbedded);
    private readonly Dictionary<string, ModelEntry> _byId;

    /// <summary>Creates a catalog from entries (ids must be unique, case-insensitive).</summary>
    public ModelCatalog(IEnumerable<ModelEntry> models)
    {
        Models = models.ToList();
        _byId = new Dictionary<string, ModelEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in Models)
            if (!_byId.TryAdd(m.Id, m)) throw new ArgumentException($"Duplicate model id '{m.Id}' in the catalog.");
    }

    /// <summary>The catalog shipped with the library.</summary>
    public static ModelCatalog Default => BuiltIn.Value;

    /// <summary>All entries.</summary>
    public IReadOnlyList<ModelEntry> Models { get; }

    /// <summary>The entry with this id, or null.</summary>
    public ModelEntry? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The entry with this id.</summary>
    /// <exception cref="ModelNotFoundException">No such id.</exception>
    public ModelEntry Get(string id) => Find(id) ?? throw new ModelNotFoundException(id,
        $"Unknown model '{id}'. Known models: {string.Join(", ", Models.Select(m => m.Id))}. A path to an .onnx file also works.");

    /// <summary>The default model of a task.</summary>
    public ModelEntry DefaultFor(string task) =>
        Models.FirstOrDefault(m => m.Task == task && m.Default) ?? Models.FirstOrDefault(m => m.Task == task)
        ?? throw new ModelNotFoundException(task, $"The catalog has no model for task '{task}'.");

    /// <summary>A new catalog with extra or replaced entries (same id replaces).</summary>
    public ModelCatalog With(params ModelEntry[] entries)
    {
        var ids = new HashSet<string>(entries.Select(e => e.Id), StringComparer.OrdinalIgnoreCase);
        return new ModelCatalog(Models.Where(m => !ids.Contains(m.Id)).Concat(entries));
    }

    /// <summary>Reads a catalog in the format of <c>models/catalog.json</c>.</summary>
    public static ModelCatalog Load(Stream json)
    {
        var doc = JsonSerializer.Deserialize<CatalogDocument>(json, JsonOptions)
                  ?? throw new InvalidDataException("The model catalog is empty.");
        return new ModelCatalog(doc.Models ?? []);
    }

    private static ModelCatalog LoadEmbedded()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("ImageAI.Onnx.catalog.json")
                           ?? throw new InvalidOperationException("The embedded model catalog is missing from ImageAI.Onnx.");
        return Load(stream);
    }

    private sealed class CatalogDocument
    {
        public List<ModelEntry>? Models { get; set; }
    }
}
