using ImageAI.Imaging;
using SkiaSharp;

namespace ImageAI.Watermarks;

/// <summary>A synthetic text watermark with its ground truth (for evaluation and tests).</summary>
/// <param name="Clean">The photo without the watermark.</param>
/// <param name="Marked">The photo with the text blended in.</param>
/// <param name="Alpha">Per-pixel effective opacity of the text (glyph coverage x opacity), 0..1, row-major.</param>
/// <param name="Coverage">Per-pixel glyph coverage (antialiased), 0..1, row-major.</param>
/// <param name="Colour">The text colour.</param>
/// <param name="Opacity">The text's opacity.</param>
/// <param name="Font">The font file name (or "default").</param>
/// <param name="Text">The text drawn.</param>
/// <param name="Size">Font size in pixels.</param>
/// <param name="Angle">Rotation in degrees.</param>
/// <param name="Tiled">Whether the text is repeated over the photo in a grid.</param>
public sealed record SyntheticTextWatermark(ImageBuffer Clean, ImageBuffer Marked, float[] Alpha, float[] Coverage, Rgba32 Colour, double Opacity,
    string Font, string Text, float Size, float Angle, bool Tiled)
{
    /// <summary>The watermark's pixels: glyph coverage at least <paramref name="minCoverage"/> (default 0.5, the glyph body).</summary>
    public GrayImage TruthMask(float minCoverage = 0.5f)
    {
        var mask = new GrayImage(Clean.Width, Clean.Height);
        var m = mask.Pixels;
        for (int i = 0; i < m.Length; i++) if (Coverage[i] >= minCoverage) m[i] = 255;
        return mask;
    }
}

/// <summary>
/// Seeded synthetic text watermarks: a caption, a copyright line or a tiled repetition, in one of the machine's fonts,
/// white, black or grey, opacity 0.35..1, possibly rotated, blended as <c>I = A*W + (1 - A)*J</c>. The same seed
/// and photo give the same watermark on every machine with the same fonts.
/// </summary>
public static class TextWatermarkSynthesizer
{
    private static readonly string[] Texts =
    [
        "SAMPLE", "© Lumen Studio", "PREVIEW ONLY", "watermark", "Copyright 2024", "stock photo", "DO NOT COPY", "photo by A. Rivera", "PROOF",
    ];

    /// <summary>Preferred font files (searched under the usual font folders); the first few found are used.</summary>
    private static readonly string[] PreferredFonts =
    [
        "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "LiberationSans-Regular.ttf", "LiberationMono-Bold.ttf", "LiberationSerif-Italic.ttf",
        "DejaVuSansCondensed.ttf", "LiberationSansNarrow-Regular.ttf", "DejaVuSerif-BoldItalic.ttf",
    ];

    private static readonly Lazy<IReadOnlyList<string>> FontFiles = new(FindFonts);

    /// <summary>The font files used (empty: only Skia's default typeface is available).</summary>
    public static IReadOnlyList<string> Fonts => FontFiles.Value;

    /// <summary>
    /// The preferred font file names the machine lacks (DejaVu and Liberation: Debian's fonts-dejavu-core,
    /// fonts-dejavu-extra and fonts-liberation); empty when the set drawn is the one the project's figures are for.
    /// </summary>
    public static IReadOnlyList<string> MissingFonts =>
        PreferredFonts.Where(name => !Fonts.Any(path => string.Equals(Path.GetFileName(path), name, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Makes the watermark for one photo; <paramref name="seed"/> fixes every choice.</summary>
    public static SyntheticTextWatermark Create(ImageBuffer photo, int seed) => Create(photo, seed, Fonts);

    /// <summary>
    /// Makes the watermark for one photo with a font drawn from <paramref name="fonts"/> (font file paths; empty: Skia's
    /// default typeface). The set depends on the fonts as much as on the seed: the same seed with other fonts draws
    /// other glyphs at the same place, colour and opacity, so figures are comparable only for the same font list.
    /// </summary>
    public static SyntheticTextWatermark Create(ImageBuffer photo, int seed, IReadOnlyList<string> fonts)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(fonts);
        var rng = new Random(seed);
        string fontPath = fonts.Count > 0 ? fonts[rng.Next(fonts.Count)] : "";
        string text = Texts[rng.Next(Texts.Length)];
        // Colours in turn (white, black, grey) so every set of three has each.
        var colour = ((seed % 3 + 3) % 3) switch { 0 => new Rgba32(255, 255, 255), 1 => new Rgba32(0, 0, 0), _ => new Rgba32(128, 128, 128) };
        double opacity = 0.35 + 0.65 * rng.NextDouble();
        bool tiled = rng.NextDouble() < 0.25;
        float angle = rng.NextDouble() < 0.5 ? 0 : (float)(rng.NextDouble() * 80 - 40);
        int side = Math.Min(photo.Width, photo.Height);
        float size = tiled ? side * (0.04f + 0.03f * (float)rng.NextDouble()) : side * (0.05f + 0.07f * (float)rng.NextDouble());
        var coverage = Render(photo.Width, photo.Height, fontPath, text, size, angle, tiled, rng);
        var alpha = new float[coverage.Length];
        for (int i = 0; i < alpha.Length; i++) alpha[i] = (float)(coverage[i] * opacity);
        var marked = Blend(photo, alpha, colour);
        return new SyntheticTextWatermark(photo, marked, alpha, coverage, colour, opacity, fontPath.Length > 0 ? Path.GetFileName(fontPath) : "default", text, size, angle, tiled);
    }

    /// <summary>I = A*W + (1 - A)*J per channel, rounded; alpha kept.</summary>
    public static ImageBuffer Blend(ImageBuffer photo, ReadOnlySpan<float> alpha, Rgba32 colour)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var result = photo.Clone();
        var p = result.Pixels;
        Span<float> w = [colour.R, colour.G, colour.B];
        for (int i = 0; i < alpha.Length; i++)
        {
            float a = alpha[i];
            if (a <= 0) continue;
            for (int c = 0; c < 3; c++) p[i * 4 + c] = (byte)Math.Clamp(MathF.Round(a * w[c] + (1 - a) * p[i * 4 + c]), 0, 255);
        }
        return result;
    }

    private static float[] Render(int width, int height, string fontPath, string text, float size, float angle, bool tiled, Random rng)
    {
        var info = new SKImageInfo(width, height, SKColorType.Alpha8, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not create a raster surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        using var typeface = fontPath.Length > 0 ? SKTypeface.FromFile(fontPath) : null;
        using var font = new SKFont(typeface ?? SKTypeface.Default, size) { Edging = SKFontEdging.Antialias, Subpixel = true };
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        float textWidth = font.MeasureText(text);
        float ascent = -font.Metrics.Ascent, descent = font.Metrics.Descent;
        if (!tiled)
        {
            // Somewhere the whole text fits (approximately, before rotation) with a margin.
            float cx = width * (0.3f + 0.4f * (float)rng.NextDouble()), cy = height * (0.2f + 0.6f * (float)rng.NextDouble());
            canvas.Translate(cx, cy);
            canvas.RotateDegrees(angle);
            canvas.DrawText(text, -textWidth / 2, (ascent - descent) / 2, SKTextAlign.Left, font, paint);
        }
        else
        {
            float stepX = textWidth + size * 2.5f, stepY = (ascent + descent) * 3.2f;
            canvas.Translate(width / 2f, height / 2f);
            canvas.RotateDegrees(angle);
            float reach = (width + height) * 0.75f;
            for (int row = 0; row * stepY - reach < reach; row++)
            {
                float y = row * stepY - reach;
                float shift = (row % 2) * stepX / 2;
                for (float x = -reach + shift; x < reach; x += stepX) canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
            }
        }
        canvas.Flush();
        var bytes = new byte[width * height];
        using (var pixmap = surface.PeekPixels())
        {
            for (int y = 0; y < height; y++)
                System.Runtime.InteropServices.Marshal.Copy(pixmap.GetPixels() + y * pixmap.RowBytes, bytes, y * width, width);
        }
        var coverage = new float[bytes.Length];
        for (int i = 0; i < bytes.Length; i++) coverage[i] = bytes[i] / 255f;
        return coverage;
    }

    private static IReadOnlyList<string> FindFonts()
    {
        var folders = new[] { "/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts", Environment.GetFolderPath(Environment.SpecialFolder.Fonts) };
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in folders)
        {
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder)) continue;
            foreach (var file in Directory.EnumerateFiles(folder, "*.ttf", SearchOption.AllDirectories))
                found.TryAdd(Path.GetFileName(file), file);
        }
        var list = new List<string>();
        foreach (var name in PreferredFonts)
            if (found.TryGetValue(name, out var path)) list.Add(path);
        return list;
    }
}
