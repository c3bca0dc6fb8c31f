using ImageAI.Imaging;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>
/// The stroke mask on text over busy backgrounds (regions where the background's texture answers as strongly as the
/// strokes) and on textured bands without text. The regions are the ones the PP-OCRv4 detector gives on these images
/// (rounded), so no model is needed.
/// </summary>
public class TextStrokeMaskDenseTests
{
    // kodim13 with seed 1012: "DO NOT COPY", LiberationMono-Bold, black at opacity 0.44 over a forest.
    private static readonly TextRegion ForestLine = new(201, 141, 357, 48, 1, 0.99f);

    // kodim16 with seed 1115: "PROOF", grey at opacity 0.44, rotated, over rippled water.
    private static readonly TextRegion WaterLine = new(296, 361, 94, 41, 28, 0.98f);

    [Theory]
    [InlineData("kodim13.png", 1012)]
    [InlineData("kodim16.png", 1115)]
    public void Text_over_a_busy_background_is_kept_and_its_strokes_found(string photo, int seed)
    {
        var sample = SyntheticText.Create(InpaintingTests.Kodak(photo), seed);
        var region = photo == "kodim13.png" ? ForestLine : WaterLine;
        var truth = sample.TruthMask();
        // The region really is dense: without the stricter second pass it was dropped whole (0 % of the text found).
        var (mask, accepted) = TextStrokeMask.BuildWithRegions(sample.Marked, [region]);
        Assert.Single(accepted);
        var strokes = TextStrokeMask.Build(sample.Marked, [region], dilation: 0);
        long inRegion = 0, hit = 0, marked = 0, inBox = 0;
        for (int i = 0; i < truth.Pixels.Length; i++)
        {
            int x = i % truth.Width, y = i / truth.Width;
            if (!region.Contains(x, y, 2)) continue;
            inBox++;
            if (strokes.Pixels[i] >= 128) marked++;
            if (truth.Pixels[i] < 128) continue;
            inRegion++;
            if (mask.Pixels[i] >= 128) hit++;
        }
        Assert.True(inRegion > 300, $"only {inRegion} text pixels in the region");
        double cover = (double)hit / inRegion, area = (double)marked / inRegion;
        Assert.True(cover >= 0.6, $"coverage {cover:P1} of the text in the region");
        // Before the production 1 px dilation, the mask picks strokes, not the box (the box is 3-4x the text here).
        Assert.True(marked < 0.5 * inBox, $"mask fills {(double)marked / inBox:P0} of the box");
        Assert.True(area < 2, $"undilated mask is {area:F2}x the text");
    }

    [Theory]
    [InlineData("kodim13.png")]
    [InlineData("kodim16.png")]
    public void The_same_regions_without_text_are_dropped(string photo)
    {
        var clean = InpaintingTests.Kodak(photo);
        var region = photo == "kodim13.png" ? ForestLine : WaterLine;
        var (mask, accepted) = TextStrokeMask.BuildWithRegions(clean, [region]);
        long marked = 0, inBox = 0;
        for (int i = 0; i < mask.Pixels.Length; i++)
        {
            if (!region.Contains(i % clean.Width, i / clean.Width, 2)) continue;
            inBox++;
            if (mask.Pixels[i] >= 128) marked++;
        }
        Assert.True(accepted.Count == 0, $"texture kept as text: {accepted.Count} region(s), mask {(double)marked / inBox:P0} of the box");
    }

    [Fact]
    public void A_textured_band_is_dropped()
    {
        // A line-shaped band of random speckle (bright and dark dots, about the size of strokes) on a flat background:
        // dense, and as dense in the box's margins as in its core.
        var image = ImageBuffer.Filled(320, 120, new Rgba32(110, 120, 100));
        var rng = new Random(5);
        var px = image.Pixels;
        for (int y = 30; y < 90; y += 3)
            for (int x = 10; x < 310; x += 3)
            {
                byte v = (byte)rng.Next(40, 220);
                for (int dy = 0; dy < 3; dy++)
                    for (int dx = 0; dx < 3; dx++)
                    {
                        int p = ((y + dy) * image.Width + x + dx) * 4;
                        px[p] = v; px[p + 1] = (byte)Math.Min(255, v + 10); px[p + 2] = (byte)Math.Max(0, v - 10);
                    }
            }
        var band = new TextRegion(160, 60, 280, 50, 0, 0.95f);
        var (_, accepted) = TextStrokeMask.BuildWithRegions(image, [band]);
        Assert.Empty(accepted);
    }
}
