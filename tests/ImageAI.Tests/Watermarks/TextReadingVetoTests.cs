using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Operations;
using ImageAI.Tests.Cli;
using ImageAI.Tests.Infrastructure;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>Dropping the text regions the recogniser cannot read (<see cref="TextDetectionOptions.ReadingVeto"/>), with the real models.</summary>
[Collection(SharedEditorCollection.Name)]
public class TextReadingVetoTests(SharedEditorFixture fixture)
{
    private static readonly TextDetectionOptions Veto = new() { ReadingVeto = true };
    private static readonly TextDetectionOptions NoVeto = new() { ReadingVeto = false };

    /// <summary>A sample of the synthetic set, its truth, and what detection finds without and with the veto.</summary>
    private async Task<(GrayImage Truth, ImageEditResult Without, ImageEditResult With)> DetectBoth(string photo, int seed)
    {
        var sample = SyntheticText.Create(InpaintingTests.Kodak(photo), seed);
        var without = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked, NoVeto);
        var with = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked);
        return (sample.TruthMask(), without, with);
    }

    [Fact]
    public async Task A_row_of_palm_trees_the_detector_takes_for_text_is_dropped_and_the_mark_kept()
    {
        // kodim16, second variant: grey "PROOF" at opacity 0.44 over the sea; the detector is as sure (0.99) of three
        // boxes along the island's palm trees, which read as nothing or one stray character.
        var (truth, without, with) = await DetectBoth("kodim16.png", 1115);
        var (coverBefore, areaBefore) = TextDetectionTests.Score(truth, without.Mask!);
        var (cover, area) = TextDetectionTests.Score(truth, with.Mask!);
        Assert.True(areaBefore > 8, $"without the veto the mask is {areaBefore:F1}x the text (the palm trees)");
        Assert.True(area < 5, $"with it {area:F1}x");
        Assert.True(cover >= coverBefore - 0.01, $"coverage {coverBefore:P1} -> {cover:P1}");
        var report = with.GetDetails<WatermarkReport>()!;
        Assert.True(report.TextRegions.Count < without.GetDetails<WatermarkReport>()!.TextRegions.Count);
        Assert.Contains(with.Models, m => m.Id == TextDetectionOptions.DefaultRecognitionModelId);
    }

    [Fact]
    public async Task A_mark_that_reads_is_removed_as_without_the_veto()
    {
        // kodim01, third variant: white "PROOF" tiled over the brick house; every copy reads "PROOF" at 0.98 or more. The
        // one box the veto drops lies on bricks away from the text.
        var (truth, without, with) = await DetectBoth("kodim01.png", 1200);
        var (coverBefore, _) = TextDetectionTests.Score(truth, without.Mask!);
        var (cover, _) = TextDetectionTests.Score(truth, with.Mask!);
        Assert.Equal(coverBefore, cover, 3);
        var near = MaskOps.Dilate(truth, 4);
        for (int i = 0; i < truth.Pixels.Length; i++)
            if (near.Pixels[i] != 0) Assert.Equal(without.Mask!.Pixels[i], with.Mask!.Pixels[i]);
    }

    [Fact]
    public async Task A_recogniser_of_another_task_and_a_confidence_out_of_range_are_refused()
    {
        var sample = SyntheticText.Create(InpaintingTests.Kodak("kodim16.png"), 1115);
        await Assert.ThrowsAsync<ModelContractException>(() => fixture.Editor.RemoveTextWatermarkAsync(sample.Marked,
            new RemoveWatermark { TextDetection = Veto with { RecognitionModelId = TextDetectionOptions.DefaultModelId } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => (Veto with { MinReadingConfidence = 1.5 }).Validate());
    }

    [Fact]
    public async Task Cli_drops_the_palm_trees_from_the_preview_unless_asked_to_keep_them()
    {
        using var temp = TestData.TempFolder();
        var sample = SyntheticText.Create(InpaintingTests.Kodak("kodim16.png"), 1115);
        var input = Path.Combine(temp.Path, "in.png");
        await ImageIO.SaveAsync(sample.Marked, input);
        async Task<long> PreviewPixels(string name, params string[] extra)
        {
            var output = Path.Combine(temp.Path, name);
            var run = await CliRunner.RunAsync(["remove-watermark", input, "-o", output, "--detect", "text", "--preview", "--force", .. extra]);
            Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
            var mask = await ImageIO.LoadAsync(output);
            long white = 0;
            for (int i = 0; i < mask.Pixels.Length; i += 4) if (mask.Pixels[i] >= 128) white++;
            return white;
        }
        long without = await PreviewPixels("kept.png", "--no-read-veto"), with = await PreviewPixels("read.png");
        Assert.True(with < 0.5 * without, $"{without} mask pixels with --no-read-veto, {with} without it");
    }
}
