using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Watermarks;
using SkiaSharp;

namespace ImageAI.Tests.Watermarks;

/// <summary>
/// <see cref="TextRepetitionFinder"/> on synthetic photos (no model): from one instance of a tiled text mark the other
/// repetitions are found; an untiled mark gets nothing added.
/// </summary>
public class TextRepetitionTests
{
    private const int Width = 640, Height = 420;
    private const string Text = "SAMPLE";

    /// <summary>A textured photo: smooth colour ramps plus seeded noise (+-24 grey levels).</summary>
    private static ImageBuffer Photo(int seed)
    {
        var rng = new Random(seed);
        var image = new ImageBuffer(Width, Height);
        var p = image.Pixels;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width + x) * 4;
                int n = rng.Next(-24, 25);
                p[i] = (byte)Math.Clamp(60 + 100 * x / Width + n, 0, 255);
                p[i + 1] = (byte)Math.Clamp(90 + 60 * y / Height + n, 0, 255);
                p[i + 2] = (byte)Math.Clamp(120 - 50 * x / Width + n, 0, 255);
                p[i + 3] = 255;
            }
        return image;
    }

    /// <summary>
    /// The text drawn at <paramref name="positions"/> (local coordinates of a frame rotated by <paramref name="angle"/>
    /// about the image centre): glyph coverage 0..1, and the rotated box of each instance.
    /// </summary>
    private static (float[] Coverage, List<TextRegion> Boxes) Render(float angle, float size, IEnumerable<(float X, float Y)> positions, string text = Text)
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Alpha8, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        var fonts = TextWatermarkSynthesizer.Fonts;
        using var typeface = fonts.Count > 0 ? SKTypeface.FromFile(fonts[0]) : null;
        using var font = new SKFont(typeface ?? SKTypeface.Default, size) { Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        float textWidth = font.MeasureText(text), ascent = -font.Metrics.Ascent, descent = font.Metrics.Descent;
        canvas.Translate(Width / 2f, Height / 2f);
        canvas.RotateDegrees(angle);
        var boxes = new List<TextRegion>();
        double t = angle * Math.PI / 180;
        float cos = (float)Math.Cos(t), sin = (float)Math.Sin(t);
        foreach (var (x, y) in positions)
        {
            canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
            // The box's centre in the rotated frame, then in the image.
            float lx = x + textWidth / 2, ly = y + (descent - ascent) / 2;
            boxes.Add(new TextRegion(Width / 2f + lx * cos - ly * sin, Height / 2f + lx * sin + ly * cos, textWidth + 6, ascent + descent + 6, angle, 0.99f));
        }
        canvas.Flush();
        var coverage = new float[Width * Height];
        using var pixmap = surface.PeekPixels();
        var bytes = new byte[Width * Height];
        for (int y = 0; y < Height; y++)
            System.Runtime.InteropServices.Marshal.Copy(pixmap.GetPixels() + y * pixmap.RowBytes, bytes, y * Width, Width);
        for (int i = 0; i < bytes.Length; i++) coverage[i] = bytes[i] / 255f;
        return (coverage, boxes);
    }

    /// <summary>Rows of the text with every second row shifted by half a step, over more than the whole image.</summary>
    private static IEnumerable<(float X, float Y)> Lattice(float stepX, float stepY)
    {
        for (int row = -6; row <= 6; row++)
            for (int col = -6; col <= 6; col++)
                yield return (col * stepX + (row & 1) * stepX / 2 - stepX / 2, row * stepY);
    }

    private static ImageBuffer Blend(ImageBuffer photo, float[] coverage, float opacity)
    {
        var alpha = new float[coverage.Length];
        for (int i = 0; i < alpha.Length; i++) alpha[i] = coverage[i] * opacity;
        return TextWatermarkSynthesizer.Blend(photo, alpha, new Rgba32(255, 255, 255));
    }

    /// <summary>The fraction of the text's pixels (coverage >= 0.5) inside the mask, and the mask's area over theirs.</summary>
    private static (double Cover, double Area) Score(float[] coverage, GrayImage mask)
    {
        long truth = 0, hit = 0;
        for (int i = 0; i < coverage.Length; i++)
        {
            if (coverage[i] < 0.5f) continue;
            truth++;
            if (mask.Pixels[i] >= 128) hit++;
        }
        return ((double)hit / truth, (double)MaskOps.Count(mask) / truth);
    }

    /// <summary>The detected instance nearest the image centre whose box lies wholly inside the image.</summary>
    private static TextRegion Central(List<TextRegion> boxes) =>
        boxes.Where(b => b.Bounds.X >= 4 && b.Bounds.Y >= 4 && b.Bounds.X + b.Bounds.Width <= Width - 4 && b.Bounds.Y + b.Bounds.Height <= Height - 4)
            .MinBy(b => Math.Abs(b.CenterX - Width / 2f) + Math.Abs(b.CenterY - Height / 2f));

    [Theory]
    [InlineData(0f, 0.5f)]
    [InlineData(-20f, 0.4f)]
    public void The_repetitions_of_one_found_instance_are_added(float angle, float opacity)
    {
        var (coverage, boxes) = Render(angle, 30, Lattice(230, 80));
        var marked = Blend(Photo(7), coverage, opacity);
        var found = Central(boxes);
        var mask = TextStrokeMask.Build(marked, [found]);
        var (coverBefore, _) = Score(coverage, mask);
        Assert.InRange(coverBefore, 0, 0.2);

        var (extended, regions) = TextRepetitionFinder.Extend(marked, mask, [found]);

        var (cover, area) = Score(coverage, extended);
        Assert.True(cover >= 0.85, $"coverage {cover:P1} (one instance: {coverBefore:P1})");
        Assert.True(area < 2.5, $"area {area:F2}x the text");
        // One region per added instance, at the instances' positions.
        Assert.True(regions.Count >= 12, $"{regions.Count} regions");
        foreach (var r in regions)
        {
            float miss = boxes.Min(b => MathF.Max(Math.Abs(b.CenterX - r.CenterX), Math.Abs(b.CenterY - r.CenterY)));
            Assert.True(miss < 4, $"{r} is {miss:F1} px from the nearest instance");
        }
        // The found instance's strokes are kept as they were.
        for (int i = 0; i < mask.Pixels.Length; i++)
            if (mask.Pixels[i] != 0) Assert.Equal(255, extended.Pixels[i]);
    }

    [Fact]
    public void Other_text_found_beside_the_mark_does_not_veto_its_lattice()
    {
        // The tiled mark, plus two other words that each appear twice in the gaps between its rows (a detector's partial
        // or false regions look like this: they match somewhere else, so they become templates, but they are not the mark
        // and match none of its lattice's positions). Pooled with them, the mark's own matches were under half.
        var (mark, boxes) = Render(0, 30, Lattice(230, 80));
        var (first, firstBoxes) = Render(0, 16, [(-260f, 40f), (60f, -40f)], "PROOF");
        var (second, secondBoxes) = Render(0, 16, [(-120f, 120f), (170f, -120f)], "COPY 24");
        var coverage = new float[mark.Length];
        for (int i = 0; i < coverage.Length; i++) coverage[i] = Math.Max(mark[i], Math.Max(first[i], second[i]));
        var marked = Blend(Photo(13), coverage, 0.5f);
        var found = Central(boxes);
        TextRegion[] regions = [found, firstBoxes[0], secondBoxes[0]];
        var mask = TextStrokeMask.Build(marked, regions);

        var (extended, _) = TextRepetitionFinder.Extend(marked, mask, regions);

        var (cover, _) = Score(mark, extended);
        Assert.True(cover >= 0.85, $"coverage of the tiled mark {cover:P1}");
    }

    [Fact]
    public void An_untiled_mark_gets_nothing_added()
    {
        // The same text three times, not on a lattice, over the textured photo.
        var (coverage, boxes) = Render(0, 30, [(-250f, -120f), (-40f, 30f), (90f, 150f)]);
        var marked = Blend(Photo(11), coverage, 0.6f);
        var found = boxes[1];
        var mask = TextStrokeMask.Build(marked, [found]);

        var (extended, regions) = TextRepetitionFinder.Extend(marked, mask, [found]);

        Assert.Single(regions);
        Assert.Equal(mask.PixelArray, extended.PixelArray);
    }

    [Fact]
    public void Nothing_found_is_nothing_added()
    {
        var photo = Photo(3);
        var mask = new GrayImage(Width, Height);
        var (extended, regions) = TextRepetitionFinder.Extend(photo, mask, []);
        Assert.Empty(regions);
        Assert.Same(mask, extended);
    }

    [Fact]
    public void Cancellation_and_a_mask_of_another_size_are_refused()
    {
        var (coverage, boxes) = Render(0, 30, Lattice(230, 80));
        var marked = Blend(Photo(5), coverage, 0.5f);
        var found = Central(boxes);
        var mask = TextStrokeMask.Build(marked, [found]);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => TextRepetitionFinder.Extend(marked, mask, [found], cancelled.Token));
        Assert.Throws<MaskSizeMismatchException>(() => TextRepetitionFinder.Extend(marked, new GrayImage(Width - 1, Height), [found]));
    }

    // kodim11 with seed 1010 (kodim11-v0 of the evaluation): "(c) Lumen Studio", grey at opacity 0.83, tiled in staggered
    // rows over a pier, a boat and the sea. The regions the PP-OCRv4 detector keeps there (rounded): mostly single words
    // ("Lumen", "Studio"), some of them a border-cut or mis-segmented line.
    private static readonly TextRegion[] PierRegions =
    [
        new(410, 158, 92, 19, 0f, 0.99f), new(119, 158, 168, 18, -0.5f, 0.99f), new(39, 73, 74, 22, 0f, 0.99f),
        new(449, 408, 70, 15, 0.8f, 0.98f), new(122, 324, 152, 15, -0.7f, 0.98f), new(120, 489, 160, 15, -0.6f, 0.98f),
        new(43, 409, 60, 13, 0f, 0.97f), new(185, 241, 30, 13, 0f, 0.95f),
    ];

    [Fact]
    public void A_staggered_grey_tiling_over_a_busy_photo_is_completed_from_partial_instances()
    {
        var sample = SyntheticText.Create(InpaintingTests.Kodak("kodim11.png"), 1010);
        var truth = sample.TruthMask();
        var (mask, regions) = TextStrokeMask.BuildWithRegions(sample.Marked, PierRegions);

        var (extended, _) = TextRepetitionFinder.Extend(sample.Marked, mask, regions);

        long text = 0, hit = 0, before = 0;
        for (int i = 0; i < truth.Pixels.Length; i++)
        {
            if (truth.Pixels[i] < 128) continue;
            text++;
            if (mask.Pixels[i] >= 128) before++;
            if (extended.Pixels[i] >= 128) hit++;
        }
        double cover = (double)hit / text, area = (double)MaskOps.Count(extended) / text;
        // Before: the exemplar that matched nowhere else (a mis-segmented line) voted against the true lattice, and the
        // parts' binary templates (a grown mask over pier and water) correlated too weakly at their repetitions: 58 % (now 70 %).
        Assert.True(cover >= 0.65, $"coverage {cover:P1} (detected regions alone: {(double)before / text:P1})");
        Assert.True(area < 2.5, $"area {area:F2}x the text");
    }
}
