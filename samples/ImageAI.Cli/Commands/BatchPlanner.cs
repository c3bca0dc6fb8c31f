using ImageAI.Codecs;

namespace ImageAI.Cli.Commands;

/// <summary>One input file and where its result goes.</summary>
internal sealed record BatchJob(string Input, string Output, ImageFormat Format);

/// <summary>Expands files and folders into jobs; several inputs (or a folder) make <c>-o</c> a folder.</summary>
internal static class BatchPlanner
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif" };

    public static IReadOnlyList<BatchJob> Plan(IReadOnlyList<string> inputs, string output, string? format)
    {
        var files = new List<string>();
        bool folderMode = inputs.Count > 1;
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                folderMode = true;
                files.AddRange(Directory.EnumerateFiles(input).Where(f => ImageExtensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal));
            }
            else
            {
                if (!File.Exists(input)) throw new FileNotFoundException($"Input not found: {input}", input);
                files.Add(input);
            }
        }
        if (files.Count == 0) throw new ArgumentException("No images found in the inputs.");
        if (!folderMode)
        {
            var fmt = format is null ? ImageFormats.FromPath(output) : ImageFormats.Parse(format);
            return [new BatchJob(files[0], output, fmt)];
        }
        var folderFormat = format is null ? ImageFormat.Png : ImageFormats.Parse(format);
        if (File.Exists(output)) throw new ArgumentException($"With several inputs, -o must name a folder, but '{output}' is a file.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return files.Select(f =>
        {
            var stem = Path.GetFileNameWithoutExtension(f);
            var name = stem;
            for (int i = 2; !names.Add(name); i++) name = $"{stem}-{i}";
            return new BatchJob(f, Path.Combine(output, name + ImageFormats.Extension(folderFormat)), folderFormat);
        }).ToList();
    }
}
