using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>A line's part read past its box is removed with the line's blend (<see cref="TextWatermarkRemover.Remove"/>'s blendOf).</summary>
public class TextSharedBlendTests
{
    /// <summary>kodim23 with seed 1002's white text at 0.5-0.8, its truth and the region around it.</summary>
    private static (ImageBuffer Photo, SyntheticTextWatermark Sample, GrayImage Truth, TextRegion Region) WhiteText()
    {
        var photo = InpaintingTests.Kodak("kodim23.png");
        var sample = SyntheticText.Create(photo, 1002);
        var truth = sample.TruthMask();
        return (photo, sample, truth, TextDetectionTests.RegionAround(truth));
    }

    [Fact]
    public void A_read_part_is_removed_with_its_lines_blend_not_one_fitted_to_its_own_box()
    {
        // White text at 0.5-0.8 over kodim23's feathers, cut across its length: the line holds most of it and its strokes;
        // the part, its last sixth, is masked over its whole box (a few glyphs and the feathers around them), so a blend
        // fitted to it alone is pulled towards the background.
        var (photo, sample, truth, whole) = WhiteText();
        float partWidth = whole.Width / 6, lineWidth = whole.Width - partWidth;
        TextRegion line = whole.Along(-partWidth / 2, lineWidth), part = whole.Along(lineWidth / 2, partWidth);
        var mask = MaskOps.Dilate(truth, 1);
        part.Paint(mask, 255);

        var alone = TextWatermarkRemover.Remove(sample.Marked, mask, [line, part]);
        var shared = TextWatermarkRemover.Remove(sample.Marked, mask, [line, part], blendOf: [-1, 0]);

        Assert.Equal(2, shared.Estimates.Count);
        Assert.Equal(shared.Estimates[0].Opacity, shared.Estimates[1].Opacity);
        Assert.Equal(shared.Estimates[0].Colour, shared.Estimates[1].Colour);
        Assert.NotEqual(alone.Estimates[0].Opacity, alone.Estimates[1].Opacity);
        var inPart = new GrayImage(truth.Width, truth.Height);
        part.Paint(inPart, 255);
        var region = MaskOps.Dilate(truth, 2);
        for (int i = 0; i < region.Pixels.Length; i++) if (inPart.Pixels[i] == 0) region.Pixels[i] = 0;
        double input = InpaintingTests.RegionPsnr(sample.Marked, photo, region);
        double own = InpaintingTests.RegionPsnr(alone.Image, photo, region), borrowed = InpaintingTests.RegionPsnr(shared.Image, photo, region);
        // Measured: the part alone is fitted at opacity 0.20 against the line's 0.45; region PSNR over the part 14.1 dB
        // in, 17.1 dB with its own blend, 22.2 dB with the line's.
        Assert.True(borrowed >= own + 3 && borrowed >= input + 6, $"part's region PSNR {input:F2} dB in, {own:F2} with its own blend, {borrowed:F2} with the line's");
    }

    [Fact]
    public void A_region_whose_source_has_no_blend_estimates_its_own()
    {
        var (_, sample, truth, region) = WhiteText();
        // The source holds no mask pixels (its line was taken by another region), so it has no blend to lend.
        var empty = region with { CenterX = 40, CenterY = 40, Width = 30, Height = 20, Angle = 0 };
        var mask = MaskOps.Dilate(truth, 1);
        var own = TextWatermarkRemover.Remove(sample.Marked, mask, [empty, region]);
        var withSource = TextWatermarkRemover.Remove(sample.Marked, mask, [empty, region], blendOf: [-1, 0]);
        var estimate = Assert.Single(withSource.Estimates);
        Assert.Equal(Assert.Single(own.Estimates).Opacity, estimate.Opacity);
        Assert.Equal(own.Estimates[0].Colour, estimate.Colour);
        Assert.InRange(estimate.Opacity, sample.Opacity - 0.12, sample.Opacity + 0.05);
    }
}
