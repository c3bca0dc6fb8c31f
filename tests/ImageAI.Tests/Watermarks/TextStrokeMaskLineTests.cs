using ImageAI.Morphology;
using ImageAI.Processing;
using ImageAI.Imaging;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>
/// The stroke mask's decisions for a whole line: its polarity when objects cross the box, and the wider window for
/// bold strokes. The regions are the ones the PP-OCRv4 detector gives on these images (rounded), so no model is needed.
/// </summary>
public class TextStrokeMaskLineTests
{
    /// <summary>The share of the text inside <paramref name="region"/> that the mask covers, and the undilated mask's area over the text's.</summary>
    private static (double Cover, double Area) Measure(SyntheticTextWatermark sample, TextRegion region, ImageBuffer? achromatic = null)
    {
        var truth = sample.TruthMask();
        var mask = TextStrokeMask.BuildWithRegions(sample.Marked, [region], achromatic: achromatic).Mask;
        var strokes = TextStrokeMask.BuildWithRegions(sample.Marked, [region], dilation: 0, achromatic: achromatic).Mask;
        long text = 0, hit = 0, marked = 0;
        for (int i = 0; i < truth.Pixels.Length; i++)
        {
            if (!region.Contains(i % truth.Width, i / truth.Width, 2)) continue;
            if (strokes.Pixels[i] >= 128) marked++;
            if (truth.Pixels[i] < 128) continue;
            text++;
            if (mask.Pixels[i] >= 128) hit++;
        }
        Assert.True(text > 300, $"only {text} text pixels in the region");
        return ((double)hit / text, (double)marked / text);
    }

    /// <summary>The stroke mask of <paramref name="region"/> on the synthetic sample covers at least <paramref name="minCover"/> of its text, undilated under <paramref name="maxArea"/> times the text's area.</summary>
    private static void AssertStrokes(string photo, int seed, TextRegion region, double minCover, double maxArea)
    {
        var sample = SyntheticText.Create(InpaintingTests.Kodak(photo), seed);
        var (cover, area) = Measure(sample, region);
        Assert.True(cover >= minCover, $"coverage {cover:P1}");
        Assert.True(area < maxArea, $"undilated mask is {area:F2}x the text");
    }

    [Fact]
    public void Grey_text_whose_polarity_flips_along_the_line_is_completed_from_the_inverted_chroma()
    {
        // kodim01 with seed 1100: grey "© Lumen Studio" at opacity 0.78, tilted 28 degrees, over red brick and white
        // window frames: lighter than the bricks, darker than the frames. The photo's segmentation keeps one polarity
        // per chunk and finds half the letters; on the inverted chroma every letter is pale.
        var sample = SyntheticText.Create(InpaintingTests.Kodak("kodim01.png"), 1100);
        var region = new TextRegion(296, 166, 131, 24, 26, 0.97f);
        var (coverPhoto, _) = Measure(sample, region);
        var (cover, area) = Measure(sample, region, AchromaticMap.Create(sample.Marked));
        Assert.True(coverPhoto < 0.6, $"coverage on the photo alone {coverPhoto:P1}");
        Assert.True(cover >= 0.85, $"coverage with the inverted chroma {cover:P1}");
        Assert.True(area < 2.5, $"strokes are {area:F2}x the text");
    }

    [Fact]
    public void Chroma_texture_around_a_complete_line_does_not_join_it()
    {
        // kodim24 with seed 1023: white text at opacity 0.89 over a painted wall, found whole on the photo. The chroma's
        // segmentation adds the wall's grey details, which fill the box's margins more densely than its core: none join.
        var sample = SyntheticText.Create(InpaintingTests.Kodak("kodim24.png"), 1023);
        var region = new TextRegion(203, 299, 168, 42, 1, 0.99f);
        var (cover, _) = Measure(sample, region);
        Assert.True(cover >= 0.95, $"coverage on the photo alone {cover:P1}");
        long photo = MaskOps.Count(TextStrokeMask.BuildWithRegions(sample.Marked, [region], dilation: 0).Mask);
        long withChroma = MaskOps.Count(TextStrokeMask.BuildWithRegions(sample.Marked, [region], dilation: 0, achromatic: AchromaticMap.Create(sample.Marked)).Mask);
        Assert.Equal(photo, withChroma);
    }

    [Fact]
    public void An_inverted_chroma_of_another_size_is_rejected()
    {
        var sample = SyntheticText.Create(InpaintingTests.Kodak("kodim01.png"), 1100);
        Assert.Throws<ArgumentException>(() => TextStrokeMask.BuildWithRegions(sample.Marked, [new TextRegion(296, 166, 131, 24, 26, 0.97f)],
            achromatic: new ImageBuffer(10, 10)));
    }

    [Fact]
    public void White_text_crossed_by_dark_masts_keeps_its_polarity()
    {
        // kodim09 with seed 1008: "stock photo", white at opacity 0.58 over sky and sails, crossed by two dark masts.
        // The masts' black-hat response equals the letters' top-hat over the whole box, so the line looked undecided
        // and the chunks with a mast took the mast (70 % of the text found); the letters' response concentrates in
        // the line's core and the masts' does not.
        AssertStrokes("kodim09.png", 1008, new TextRegion(260, 144, 209, 30, 0, 0.99f), 0.95, 2.5);
    }

    [Fact]
    public void Bold_strokes_wider_than_the_window_are_filled_in()
    {
        // kodim22 with seed 1021: "watermark", a bold face, black at opacity 0.63 over a barn and grass. Its strokes
        // are wider than the window (0.12 x the line's height), which answered only along their edges (about half the
        // text found).
        AssertStrokes("kodim22.png", 1021, new TextRegion(238, 301, 250, 30, -1, 0.99f), 0.8, 2);
    }

    [Fact]
    public void Text_beside_much_stronger_features_is_not_cut_off_by_them()
    {
        // kodim12 with seed 1011: "Copyright 2024", white at opacity 0.64, tilted -34 degrees over sea, sky and two
        // people. Otsu's threshold split a few far stronger features (the people's edges) from everything else, and
        // the letters fell below it in whole chunks (71 % of the text found).
        AssertStrokes("kodim12.png", 1011, new TextRegion(264, 137, 420, 76, -35, 0.99f), 0.85, 3);
    }

    [Fact]
    public void Opaque_text_sheds_the_texture_whose_colour_is_not_its_own()
    {
        // kodim24 with seed 1123: black at opacity 0.83 over a wooden table. The responses let in grain and shadow
        // beside the strokes; the strokes' colours cluster tightly around their dark median and those do not.
        AssertStrokes("kodim24.png", 1123, new TextRegion(189, 346, 368, 48, 1, 0.99f), 0.95, 1.0);
    }

    [Fact]
    public void Bars_wider_than_the_narrow_window_are_found_whole_on_a_flat_background()
    {
        // Dark bars 10 px wide, 24 tall, in a line 30 px high: the narrow window (radius 4, 9 px) is narrower than
        // them; the wide one (radius 6) is not, and a narrow window that finds almost nothing gives way to the wide one.
        var image = ImageBuffer.Filled(300, 80, new Rgba32(200, 190, 180));
        var truth = new bool[image.Width * image.Height];
        var px = image.Pixels;
        for (int bar = 0; bar < 10; bar++)
            for (int y = 28; y < 52; y++)
                for (int x = 30 + bar * 24; x < 40 + bar * 24; x++)
                {
                    int p = y * image.Width + x;
                    truth[p] = true;
                    px[p * 4] = 60; px[p * 4 + 1] = 50; px[p * 4 + 2] = 40;
                }
        var mask = TextStrokeMask.Build(image, [new TextRegion(150, 40, 250, 30, 0, 0.99f)], dilation: 0);
        long text = 0, hit = 0, extra = 0;
        for (int p = 0; p < truth.Length; p++)
        {
            bool on = mask.Pixels[p] >= 128;
            if (truth[p]) { text++; if (on) hit++; }
            else if (on) extra++;
        }
        Assert.True(hit >= 0.95 * text, $"coverage {(double)hit / text:P1}");
        Assert.True(extra <= 0.1 * text, $"{extra} pixels outside the bars");
    }
}
