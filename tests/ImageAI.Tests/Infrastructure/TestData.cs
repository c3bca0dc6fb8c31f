using ImageAI.Codecs;
using ImageAI.Imaging;

namespace ImageAI.Tests.Infrastructure;

/// <summary>Locates ../shared (evaluation images and the model mirror) and loads test images.</summary>
public static class TestData
{
    private static readonly Lazy<string> SharedRoot = new(FindShared);

    /// <summary>The shared folder beside the repository (or IMAGEAI_SHARED).</summary>
    public static string Shared => SharedRoot.Value;

    /// <summary>A path under shared/eval.</summary>
    public static string Eval(params string[] parts) => Path.Combine([Shared, "eval", .. parts]);

    /// <summary>A path under shared/models.</summary>
    public static string Model(params string[] parts) => Path.Combine([Shared, "models", .. parts]);

    /// <summary>Loads an image synchronously.</summary>
    public static ImageBuffer Load(string path) => ImageIO.Decode(File.ReadAllBytes(path));

    /// <summary>A scratch folder deleted with the returned handle.</summary>
    public static TempFolder TempFolder() => new();

    private static string FindShared()
    {
        var env = Environment.GetEnvironmentVariable("IMAGEAI_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "eval")) && Directory.Exists(Path.Combine(candidate, "models"))) return candidate;
        }
        throw new DirectoryNotFoundException("The shared folder (evaluation data and model mirror) was not found beside the repository; set IMAGEAI_SHARED.");
    }
}

/// <summary>A temporary folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates it.</summary>
    public TempFolder() => Path = Directory.CreateTempSubdirectory("imageai-test-").FullName;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A file path inside.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
