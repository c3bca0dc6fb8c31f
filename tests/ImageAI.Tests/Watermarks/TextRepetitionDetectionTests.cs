using ImageAI.Morphology;
using ImageAI.Tests.Infrastructure;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>The search for tiled repetitions behind the real detector (<see cref="TextRepetitionFinder"/>).</summary>
[Collection(SharedEditorCollection.Name)]
public class TextRepetitionDetectionTests(SharedEditorFixture fixture)
{
    [Fact]
    public async Task Lines_at_another_angle_than_the_lead_do_not_make_an_untiled_mark_tiled()
    {
        // kodim20 with seed 1119 drawn in the DejaVu fonts only: white text at 0.96 in DejaVuSerif, upright, over a
        // propeller plane. The detector also keeps a short false line at 12 degrees on the plane. The mark's own line
        // matches nowhere else and is dropped as a template, so that false line was the only one left: it fitted a
        // lattice that its chance matches verified (6 of 11 positions), and five false copies of it were added (mask
        // 5.5x the text's area). A tiled mark's copies share its rotation: lines at another angle than the lead are not
        // used as templates.
        var dejaVu = TextWatermarkSynthesizer.Fonts.Where(f => Path.GetFileName(f).StartsWith("DejaVu", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, dejaVu.Count);
        var sample = TextWatermarkSynthesizer.Create(InpaintingTests.Kodak("kodim20.png"), 1119, dejaVu);
        Assert.False(sample.Tiled);

        var result = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked);

        var truth = sample.TruthMask();
        long text = MaskOps.Count(truth), hit = 0;
        for (int i = 0; i < truth.Pixels.Length; i++)
            if (truth.Pixels[i] >= 128 && result.Mask!.Pixels[i] >= 128) hit++;
        double cover = (double)hit / text, area = (double)MaskOps.Count(result.Mask!) / text;
        Assert.True(cover >= 0.95, $"coverage {cover:P1}");
        Assert.True(area < 4.5, $"mask {area:F2}x the text's area");
        Assert.True(result.GetDetails<WatermarkReport>()!.TextRegions.Count <= 6, $"{result.GetDetails<WatermarkReport>()!.TextRegions.Count} regions");
    }
}
