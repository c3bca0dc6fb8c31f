namespace ImageAI.Benchmarks.Harness;

/// <summary>Finds ../shared (evaluation data, model mirror, peers) from the working or application folder.</summary>
internal static class SharedFolder
{
    public static string Find()
    {
        var env = Environment.GetEnvironmentVariable("IMAGEAI_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "eval"))) return candidate;
            }
        throw new DirectoryNotFoundException("The shared folder was not found beside the repository; set IMAGEAI_SHARED.");
    }
}
