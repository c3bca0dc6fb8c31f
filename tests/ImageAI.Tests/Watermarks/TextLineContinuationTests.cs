using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Tests.Infrastructure;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>Following found lines past the detector's boxes (<see cref="TextLineContinuation"/>).</summary>
[Collection(SharedEditorCollection.Name)]
public class TextLineContinuationTests(SharedEditorFixture fixture)
{
    private const int Width = 420, Height = 100;

    /// <summary>
    /// A line of bar "glyphs" (4 px wide, every 10 px, x-height band 36..64, every third one an ascender from 28)
    /// blended black at opacity 0.6 over a colour gradient, from x = 20 to <paramref name="textEnd"/>; beyond it, when
    /// <paramref name="texture"/>, dark blobs of random depth all over the band. Returns the image and the strokes.
    /// </summary>
    private static (ImageBuffer Image, GrayImage Strokes) Line(int textEnd, bool texture)
    {
        var image = new ImageBuffer(Width, Height);
        var strokes = new GrayImage(Width, Height);
        var random = new Random(5);
        var p = image.Pixels;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                float t = (float)x / Width;
                int q = (y * Width + x) * 4;
                p[q] = (byte)(200 - 110 * t);
                p[q + 1] = (byte)(180 - 20 * t + (y % 7));
                p[q + 2] = (byte)(140 + 70 * t);
                p[q + 3] = 255;
                int glyph = (x - 20) / 10, inGlyph = (x - 20) % 10;
                bool stroke = x >= 20 && x < textEnd && inGlyph < 4 && y < 64 && y >= (glyph % 3 == 0 ? 28 : 36);
                if (stroke)
                {
                    strokes.Pixels[y * Width + x] = 255;
                    for (int c = 0; c < 3; c++) p[q + c] = (byte)(0.4f * p[q + c]);
                }
            }
        if (texture)
            for (int blob = 0; blob < 260; blob++)
            {
                int cx = random.Next(textEnd + 10, Width - 4), cy = random.Next(24, 76), r = random.Next(1, 4);
                float depth = 0.2f + 0.8f * random.NextSingle();
                for (int y = cy - r; y <= cy + r; y++)
                    for (int x = cx - r; x <= cx + r; x++)
                    {
                        int q = (y * Width + x) * 4;
                        for (int c = 0; c < 3; c++) p[q + c] = (byte)(depth * p[q + c]);
                    }
            }
        return (image, strokes);
    }

    /// <summary>The detector's box around the first 100 px of the line (unclip margins included) and its strokes.</summary>
    private static (TextRegion Region, GrayImage Mask) FirstWord(GrayImage strokes)
    {
        var region = new TextRegion(70, 46, 104, 44, 0, 0.9f);
        var mask = new GrayImage(Width, Height);
        for (int i = 0; i < mask.Pixels.Length; i++)
            if (strokes.Pixels[i] != 0 && region.Contains(i % Width, i / Width)) mask.Pixels[i] = 255;
        return (region, MaskOps.Dilate(mask, 1));
    }

    [Fact]
    public void The_rest_of_a_line_is_followed_where_the_lines_blend_explains_its_strokes()
    {
        var (image, strokes) = Line(textEnd: 400, texture: false);
        var (region, mask) = FirstWord(strokes);
        var (extended, regions) = TextLineContinuation.Extend(image, mask, [region]);
        long rest = 0, found = 0, off = 0;
        var text = MaskOps.Dilate(strokes, 2);
        for (int i = 0; i < strokes.Pixels.Length; i++)
        {
            if (i % Width < 130) continue;
            if (strokes.Pixels[i] != 0) { rest++; if (extended.Pixels[i] >= 128) found++; }
            if (extended.Pixels[i] >= 128 && text.Pixels[i] == 0) off++;
        }
        Assert.True(found >= 0.8 * rest, $"{found} of the {rest} stroke pixels beyond the box");
        Assert.True(off <= 0.05 * rest, $"{off} pixels off the strokes");
        // The region grows over the steps, so the remover fits one blend to the whole line.
        var line = Assert.Single(regions);
        Assert.True(line.Width > 3 * region.Width, $"line {line}");
    }

    [Fact]
    public void Texture_beyond_a_line_is_not_taken_for_its_continuation()
    {
        // Dark blobs of every depth: some darken the background as the line's blend does, but all over the band.
        var (image, strokes) = Line(textEnd: 120, texture: true);
        var (region, mask) = FirstWord(strokes);
        var (extended, regions) = TextLineContinuation.Extend(image, mask, [region]);
        Assert.Equal(MaskOps.Count(mask), MaskOps.Count(extended));
        Assert.Equal(region, Assert.Single(regions));
    }

    /// <summary>Stroke pixels of <paramref name="strokes"/> found in <paramref name="mask"/> with x in [from, to).</summary>
    private static (long Strokes, long Found) Found(GrayImage strokes, GrayImage mask, int from, int to)
    {
        long all = 0, found = 0;
        for (int i = 0; i < strokes.Pixels.Length; i++)
        {
            int x = i % Width;
            if (x < from || x >= to || strokes.Pixels[i] == 0) continue;
            all++;
            if (mask.Pixels[i] >= 128) found++;
        }
        return (all, found);
    }

    [Fact]
    public void A_reading_past_the_box_is_taken_as_far_as_it_reaches_when_lines_are_not_followed()
    {
        var (image, strokes) = Line(textEnd: 400, texture: false);
        var (region, mask) = FirstWord(strokes);
        // Steps are 2.5 line heights (110 px): a reach of 100 px past the box's end (x = 122) vouches for one step, and
        // the part read (to x = 222) is segmented as a region.
        var (read, lines) = TextLineContinuation.Extend(image, mask, [region], reach: [new LineReach(0, 100)], follow: false);
        var (near, nearFound) = Found(strokes, read, 130, 225);
        var (far, farFound) = Found(strokes, read, 240, Width);
        Assert.True(nearFound >= 0.8 * near, $"{nearFound} of {near} stroke pixels within the reach");
        Assert.Equal(0, farFound);
        Assert.True(far > 0);
        // The line keeps its box (its own blend), and the part read is a region of its own, after it.
        Assert.Equal(2, lines.Count);
        Assert.Equal(region, lines[0]);
        // Without the reading nothing is added when lines are not followed.
        Assert.Equal(MaskOps.Count(mask), MaskOps.Count(TextLineContinuation.Extend(image, mask, [region], reach: [LineReach.None], follow: false).Mask));
    }

    [Fact]
    public void A_read_part_is_segmented_as_a_detected_region_and_added_as_one()
    {
        // The box was found but none of its strokes (no blend to test pixels against): the part read past it, from a
        // quarter of the line's height inside the box (x = 111) to 150 px past it (x = 272), is segmented as a detected
        // region is, and nothing beyond.
        var (image, strokes) = Line(textEnd: 400, texture: false);
        var (region, _) = FirstWord(strokes);
        var empty = new GrayImage(Width, Height);
        var (read, lines) = TextLineContinuation.Extend(image, empty, [region], reach: [new LineReach(0, 150)], follow: false);
        var part = region with { CenterX = (111 + 272) / 2f, Width = 161 };
        var expected = TextStrokeMask.Build(image, [part]);
        region.Paint(expected, 0, 2);
        Assert.True(MaskOps.Count(expected) > 500);
        Assert.Equal(expected.Pixels.ToArray(), read.Pixels.ToArray());
        Assert.Equal([region, part], lines);
        Assert.Throws<ArgumentException>(() => TextLineContinuation.Extend(image, empty, [region], reach: []));
    }

    [Fact]
    public void Without_regions_the_mask_is_returned_and_a_mask_of_another_size_is_refused()
    {
        var (image, strokes) = Line(textEnd: 400, texture: false);
        var mask = new GrayImage(Width, Height);
        Assert.Same(mask, TextLineContinuation.Extend(image, mask, []).Mask);
        Assert.Throws<MaskSizeMismatchException>(() => TextLineContinuation.Extend(image, new GrayImage(Width - 1, Height), [FirstWord(strokes).Region]));
    }

    /// <summary>The synthetic sample's truth and the detected masks without and with line following.</summary>
    private async Task<(GrayImage Truth, GrayImage Without, GrayImage With)> DetectWithAndWithout(string photo, int seed)
    {
        var sample = SyntheticText.Create(InpaintingTests.Kodak(photo), seed);
        // Reading along the lines is off in both: it would find the same word, and this is about following by the blend.
        var without = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked, new TextDetectionOptions { LineContinuation = false, ReadAlong = false });
        var with = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked, new TextDetectionOptions { ReadAlong = false });
        return (sample.TruthMask(), without.Mask!, with.Mask!);
    }

    [Fact]
    public async Task A_word_the_detector_misses_beside_a_found_one_is_added()
    {
        // kodim08, first variant of the synthetic set: grey "PREVIEW ONLY" at opacity 0.77 over house fronts; the passes
        // find "PREVIEW" and a fragment of "ONLY", and the "W" between them only by following the line.
        var (truth, without, with) = await DetectWithAndWithout("kodim08.png", 1007);
        var (coverBefore, _) = TextDetectionTests.Score(truth, without);
        var (cover, _) = TextDetectionTests.Score(truth, with);
        Assert.True(cover >= coverBefore + 0.12, $"coverage {coverBefore:P1} without following lines, {cover:P1} with it");
        // What it adds is mostly text: at least half of the added pixels lie on the strokes or their antialiased edges
        // (54 % here: the rest is shutter edges beside the letters that the blend explains too).
        var near = MaskOps.Dilate(truth, 2);
        long added = 0, onText = 0;
        for (int i = 0; i < truth.Pixels.Length; i++)
            if (with.Pixels[i] >= 128 && without.Pixels[i] < 128) { added++; if (near.Pixels[i] != 0) onText++; }
        Assert.True(onText >= 0.5 * added, $"{onText} of {added} added pixels on the text");
    }

    [Fact]
    public async Task Texture_beside_a_found_line_in_a_photo_is_left_alone()
    {
        // kodim22, first variant: black "watermark" at opacity 0.63 over a barn; past its end the shore's bright band
        // darkens into water much as the blend would, but in one thin band, not in the letters' profile.
        var (truth, without, with) = await DetectWithAndWithout("kodim22.png", 1021);
        var near = MaskOps.Dilate(truth, 2);
        long text = MaskOps.Count(truth), offText = 0;
        for (int i = 0; i < truth.Pixels.Length; i++)
            if (with.Pixels[i] >= 128 && without.Pixels[i] < 128 && near.Pixels[i] == 0) offText++;
        Assert.True(offText <= 0.02 * text, $"{offText} pixels added off the text ({(double)offText / text:P1} of its area)");
    }
}
