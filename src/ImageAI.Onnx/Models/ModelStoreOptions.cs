namespace ImageAI.Onnx.Models;

/// <summary>Where models are cached and which sources may be used.</summary>
public sealed class ModelStoreOptions
{
    /// <summary>The cache folder. Default: <c>IMAGEAI_MODEL_CACHE</c>, else <c>$XDG_CACHE_HOME/imageai/models</c>, else <c>~/.cache/imageai/models</c>.</summary>
    public string CacheDirectory { get; set; } = DefaultCacheDirectory();

    /// <summary>A local mirror folder laid out as the catalog's <c>mirror</c> paths. Default: <c>IMAGEAI_MODEL_MIRROR</c>, else a <c>shared/models</c> folder found beside the working directory or the application.</summary>
    public string? MirrorDirectory { get; set; } = DefaultMirrorDirectory();

    /// <summary>Allow fetching npm packages with <c>npm pack</c> (default true).</summary>
    public bool AllowNpm { get; set; } = true;

    /// <summary>Allow downloading from public URLs (default true).</summary>
    public bool AllowDownloads { get; set; } = true;

    /// <summary>The npm executable (default <c>npm</c> on the PATH).</summary>
    public string NpmCommand { get; set; } = "npm";

    /// <summary>The HTTP client for URL sources (default: a shared client).</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>The default cache folder.</summary>
    public static string DefaultCacheDirectory()
    {
        var env = Environment.GetEnvironmentVariable("IMAGEAI_MODEL_CACHE");
        if (!string.IsNullOrWhiteSpace(env)) return env;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "imageai", "models");
    }

    /// <summary>The default mirror folder, or null when none is found.</summary>
    public static string? DefaultMirrorDirectory()
    {
        var env = Environment.GetEnvironmentVariable("IMAGEAI_MODEL_MIRROR");
        if (!string.IsNullOrWhiteSpace(env)) return Directory.Exists(env) ? env : null;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "models");
                if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
            }
        }
        return null;
    }
}
