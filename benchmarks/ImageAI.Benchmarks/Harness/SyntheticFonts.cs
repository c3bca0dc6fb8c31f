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

    public static string Describe(IReadOnlyList<string> fonts) =>
        fonts.Count == 0 ? "Skia's default typeface" : string.Join(", ", fonts.Select(Path.GetFileName));
}
