using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// The fonts the synthetic text set is drawn with. The synthesizer takes the preferred fonts the machine has, so two
/// machines with other fonts build two different sets from the same seeds; env <c>TW_FONTS</c> (comma list of parts of
/// file names, e.g. <c>DejaVu</c>) keeps only the matching ones, so either set can be rebuilt on a machine that has both.
/// </summary>
internal static class SyntheticFonts
{
    public static IReadOnlyList<string> Selected()
    {
        var all = TextWatermarkSynthesizer.Fonts;
        if (Environment.GetEnvironmentVariable("TW_FONTS") is not { Length: > 0 } filter) return all;
        var parts = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return all.Where(f => parts.Any(p => Path.GetFileName(f).Contains(p, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>The fonts' names, and a warning when the machine lacks some of the preferred ones and TW_FONTS did not ask for fewer.</summary>
    public static string Describe(IReadOnlyList<string> fonts)
    {
        string names = fonts.Count == 0 ? "Skia's default typeface" : string.Join(", ", fonts.Select(Path.GetFileName));
        int missing = TextWatermarkSynthesizer.MissingFonts.Count;
        if (missing == 0 || Environment.GetEnvironmentVariable("TW_FONTS") is { Length: > 0 }) return names;
        return names + $" (WARNING: {missing} of the preferred fonts are missing, so this is another set than the one " +
            "docs/watermarks.md measures; install fonts-dejavu-core, fonts-dejavu-extra and fonts-liberation)";
    }
}
