using ImageAI.Imaging;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>
/// Synthetic text watermarks for tests. The seeds and the detector regions the tests hold were chosen on the set drawn
/// with all of the synthesizer's preferred fonts; with fewer fonts the same seed draws another font, and a test would
/// fail for a reason that has nothing to do with what it checks. So the fonts are required, and their absence is said.
/// </summary>
internal static class SyntheticText
{
    public static SyntheticTextWatermark Create(ImageBuffer photo, int seed)
    {
        var missing = TextWatermarkSynthesizer.MissingFonts;
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"The synthetic text tests need the fonts {string.Join(", ", missing)} (Debian packages fonts-dejavu-core, " +
                "fonts-dejavu-extra and fonts-liberation; test.sh installs them).");
        return TextWatermarkSynthesizer.Create(photo, seed);
    }
}
