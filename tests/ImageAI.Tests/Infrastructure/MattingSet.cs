namespace ImageAI.Tests.Infrastructure;

/// <summary>The adobe-crops320 matting set: composites with ground-truth alpha, in sub-folders per source commit.</summary>
public static class MattingSet
{
    /// <summary>(name, image path, ground-truth alpha path), sorted by name.</summary>
    public static IReadOnlyList<(string Name, string Image, string Alpha)> All()
    {
        var root = TestData.Eval("matting", "adobe-crops320");
        return Directory.EnumerateFiles(root, "*_image.png", SearchOption.AllDirectories)
            .Select(image => (Name: Path.GetFileName(Path.GetDirectoryName(image))! + "/" + Path.GetFileName(image).Replace("_image.png", ""),
                              Image: image,
                              Alpha: image.Replace("_image.png", "_alpha.png")))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }
}
