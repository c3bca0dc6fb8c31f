using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>DB post-processing, the stroke mask and the text remover on synthetic data (no model).</summary>
public class TextDetectionTests
{
    private static float[] Map(int w, int h) => new float[w * h];

    private static void Fill(float[] map, int w, int x0, int y0, int x1, int y1, float p)
    {
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++) map[y * w + x] = p;
    }

    [Fact]
    public void Db_post_processing_gives_the_exact_unclipped_box_and_drops_weak_and_tiny_components()
    {
        int w = 64, h = 48;
        var map = Map(w, h);
        Fill(map, w, 10, 20, 30, 28, 0.9f);   // 20 x 8 kernel: kept
        Fill(map, w, 40, 5, 60, 12, 0.5f);    // above the binary threshold but box score 0.5 < 0.6: dropped
        Fill(map, w, 50, 40, 51, 41, 0.95f);  // one pixel: unclipped shorter side 2.5 < 5: dropped
        var regions = DbPostProcessor.Extract(map, w, h, new TextDetectionOptions());
        var r = Assert.Single(regions);
        // Unclip offset d = area * 1.5 / perimeter = 160 * 1.5 / 56.
        float d = 160f * 1.5f / 56f;
        Assert.Equal(20f, r.CenterX, 3);
        Assert.Equal(24f, r.CenterY, 3);
        Assert.Equal(20 + 2 * d, r.Width, 3);
        Assert.Equal(8 + 2 * d, r.Height, 3);
        Assert.Equal(0f, r.Angle, 3);
        Assert.Equal(0.9f, r.Score, 4);
        Assert.Equal(new PixelRect(5, 15, 30, 18), r.Bounds);

        // Map-to-image scale multiplies everything.
        var scaled = Assert.Single(DbPostProcessor.Extract(map, w, h, new TextDetectionOptions(), 2, 2));
        Assert.Equal(40f, scaled.CenterX, 3);
        Assert.Equal(2 * (20 + 2 * d), scaled.Width, 3);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-40)]
    public void Db_post_processing_fits_rotated_text(float angle)
    {
        int w = 120, h = 120;
        var map = Map(w, h);
        var truth = new TextRegion(60, 60, 60, 12, angle, 1);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (truth.Contains(x, y)) map[y * w + x] = 0.8f;
        var r = Assert.Single(DbPostProcessor.Extract(map, w, h, new TextDetectionOptions { UnclipRatio = 0 }));
        Assert.InRange(r.Angle, angle - 2, angle + 2);
        Assert.InRange(r.Width, 59, 63);
        Assert.InRange(r.Height, 11, 14);
        Assert.InRange(r.CenterX, 59, 61);
        Assert.InRange(r.CenterY, 59, 61);
    }

    [Fact]
    public void Overlapping_duplicates_are_suppressed_keeping_the_higher_score()
    {
        var a = new TextRegion(50, 50, 40, 10, 0, 0.9f);
        var b = new TextRegion(51, 50, 40, 10, 0, 0.8f);
        var c = new TextRegion(150, 50, 40, 10, 0, 0.7f);
        var kept = DbPostProcessor.Suppress([a, b, c], 0.7f);
        Assert.Equal([a, c], kept);
    }

    [Fact]
    public void Bad_maps_and_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DbPostProcessor.Extract(new float[10], 4, 4, new TextDetectionOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => DbPostProcessor.Extract(new float[16], 0, 4, new TextDetectionOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextDetectionOptions { MinSide = 2000, MaxSide = 960 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextDetectionOptions { BinaryThreshold = 1.5f }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageAI.Operations.RemoveWatermark { Locator = ImageAI.Operations.WatermarkLocator.Text, TextDetection = new TextDetectionOptions { StrokeDilation = -1 } }.Validate());
    }

    [Fact]
    public void Synthetic_set_is_seeded_and_has_ground_truth()
    {
        var photo = InpaintingTests.Kodak("kodim05.png");
        var a = SyntheticText.Create(photo, 7);
        var b = SyntheticText.Create(photo, 7);
        Assert.Equal(a.Marked.PixelArray, b.Marked.PixelArray);
        Assert.Equal(a.Text, b.Text);
        Assert.InRange(a.Opacity, 0.35, 1.0);
        long truth = MaskOps.Count(a.TruthMask());
        Assert.True(truth > 200, $"only {truth} watermark pixels");
        // Pixels outside the glyphs are untouched.
        for (int i = 0; i < a.Alpha.Length; i++)
            if (a.Alpha[i] == 0) Assert.Equal(photo.Pixels[i * 4 + 1], a.Marked.Pixels[i * 4 + 1]);
    }

    [Theory]
    [InlineData(1002)] // white
    [InlineData(1003)] // black
    public void Stroke_mask_inside_a_known_region_follows_the_glyphs(int seed)
    {
        var photo = InpaintingTests.Kodak("kodim23.png");
        var sample = SyntheticText.Create(photo, seed);
        var truth = sample.TruthMask();
        var region = RegionAround(truth);
        var mask = TextStrokeMask.Build(sample.Marked, [region]);
        var (cover, area) = Score(truth, mask);
        // Seed 1002 is hard (white text over white feathers and a yellow/blue parrot): 88% here; a luma-only,
        // one-threshold-per-line mask got 79%. The 90% acceptance target is measured over the whole set by the harness.
        Assert.True(cover >= 0.86, $"coverage {cover:P1}");
        Assert.True(area < 4, $"mask is {area:F2}x the text");
    }

    [Fact]
    public void Semi_transparent_white_text_is_inverted_not_inpainted()
    {
        var photo = InpaintingTests.Kodak("kodim23.png");
        var sample = SyntheticText.Create(photo, 1002);
        Assert.Equal(255, sample.Colour.R);
        Assert.True(sample.Opacity < 0.85, $"seed gives opacity {sample.Opacity:F2}");
        var truth = sample.TruthMask();
        var mask = MaskOps.Dilate(truth, 1);
        var removed = TextWatermarkRemover.Remove(sample.Marked, mask, [RegionAround(truth)]);
        var e = Assert.Single(removed.Estimates);
        Assert.True(e.Inverted);
        Assert.InRange(e.Opacity, sample.Opacity - 0.12, sample.Opacity + 0.05);
        Assert.True(removed.InvertedPixels > removed.InpaintedPixels);
        var region = MaskOps.Dilate(truth, 2);
        double before = InpaintingTests.RegionPsnr(sample.Marked, photo, region), after = InpaintingTests.RegionPsnr(removed.Image, photo, region);
        Assert.True(after > before + 6, $"region PSNR {before:F2} -> {after:F2} dB");
        // Outside the mask nothing changes.
        for (int i = 0; i < mask.Pixels.Length; i++)
            if (mask.Pixels[i] == 0) Assert.Equal(sample.Marked.Pixels[i * 4], removed.Image.Pixels[i * 4]);
    }

    [Theory]
    [InlineData("kodim07.png", 1006)] // black at 0.97
    [InlineData("kodim20.png", 1119)] // white at 0.96
    [InlineData("kodim04.png", 1003)] // black at 0.90
    public void Opaque_text_is_inpainted_but_clean_photo_in_its_mask_is_not(string photoName, int seed)
    {
        // A mask that takes the text's whole box (a busy background segmented as strokes): the text is too opaque to
        // invert, so its pixels are inpainted, but the photo between the letters, which does not look like the text's
        // colour laid over it, is left as it was.
        var photo = InpaintingTests.Kodak(photoName);
        var sample = SyntheticText.Create(photo, seed);
        Assert.True(sample.Opacity > 0.85, $"seed gives opacity {sample.Opacity:F2}");
        var truth = sample.TruthMask();
        var region = RegionAround(truth);
        var mask = MaskOps.Dilate(truth, 1);
        region.Paint(mask, 255);
        var removed = TextWatermarkRemover.Remove(sample.Marked, mask, [region]);
        Assert.False(Assert.Single(removed.Estimates).Inverted);

        var near = MaskOps.Dilate(truth, 3);
        long text = 0, textFilled = 0, clean = 0, cleanFilled = 0, cleanChanged = 0;
        for (int i = 0; i < mask.Pixels.Length; i++)
        {
            bool filled = removed.InpaintMask.Pixels[i] != 0;
            if (truth.Pixels[i] != 0) { text++; if (filled) textFilled++; }
            else if (mask.Pixels[i] != 0 && near.Pixels[i] == 0)
            {
                clean++;
                if (filled) cleanFilled++;
                if (removed.Image.Pixels[i * 4] != sample.Marked.Pixels[i * 4]) cleanChanged++;
            }
        }
        Assert.True(textFilled >= 0.95 * text, $"{(double)textFilled / text:P1} of the text inpainted");
        Assert.True(cleanFilled <= 0.3 * clean, $"{(double)cleanFilled / clean:P1} of the clean photo in the mask inpainted");
        Assert.True(cleanChanged <= 0.3 * clean, $"{(double)cleanChanged / clean:P1} of the clean photo in the mask changed");
        var around = MaskOps.Dilate(truth, 2);
        double before = InpaintingTests.RegionPsnr(sample.Marked, photo, around), after = InpaintingTests.RegionPsnr(removed.Image, photo, around);
        Assert.True(after > before + 6, $"region PSNR {before:F2} -> {after:F2} dB");
    }

    /// <summary>The minimum-area rotated rectangle around the true glyph pixels, grown by 3 px (what a good detection gives).</summary>
    internal static TextRegion RegionAround(GrayImage truth)
    {
        var points = new List<(float X, float Y)>();
        for (int y = 0; y < truth.Height; y++)
            for (int x = 0; x < truth.Width; x++)
                if (truth.Pixels[y * truth.Width + x] >= 128) { points.Add((x, y)); points.Add((x + 1, y + 1)); points.Add((x + 1, y)); points.Add((x, y + 1)); }
        return DbPostProcessor.MinAreaRect(points).Grow(3);
    }

    internal static (double Cover, double Area) Score(GrayImage truth, GrayImage mask)
    {
        long t = 0, hit = 0, m = 0;
        for (int i = 0; i < truth.Pixels.Length; i++)
        {
            bool inTruth = truth.Pixels[i] >= 128, inMask = mask.Pixels[i] >= 128;
            if (inTruth) t++;
            if (inMask) m++;
            if (inTruth && inMask) hit++;
        }
        return ((double)hit / t, (double)m / t);
    }
}
