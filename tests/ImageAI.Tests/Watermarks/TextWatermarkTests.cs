using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Metrics;
using ImageAI.Morphology;
using ImageAI.Operations;
using ImageAI.Tests.Cli;
using ImageAI.Tests.Infrastructure;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

/// <summary>Automatic text-watermark detection and removal with the real PP-OCRv4 detector on seeded synthetic Kodak images.</summary>
[Collection(SharedEditorCollection.Name)]
public class TextWatermarkTests(SharedEditorFixture fixture)
{
    /// <summary>The synthetic set's sample for a Kodak photo (the harness's seed: 1000 + photo index).</summary>
    private static SyntheticTextWatermark Sample(int index) =>
        SyntheticText.Create(InpaintingTests.Kodak($"kodim{index:D2}.png"), 1000 + index - 1);

    // A few samples of the evaluation set (harness text-watermark-eval) where detection is expected to succeed:
    // black 0.38 rotated, white 0.70 monospace, white 0.89 serif. The full table (with the misses) is in docs/watermarks.md.
    [Theory]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(24)]
    public async Task Detects_text_strokes_and_removes_them(int index)
    {
        var sample = Sample(index);
        var truth = sample.TruthMask();
        var result = await fixture.Editor.RemoveTextWatermarkAsync(sample.Marked);
        var (cover, area) = TextDetectionTests.Score(truth, result.Mask!);
        Assert.True(cover >= 0.9, $"coverage {cover:P1}");
        Assert.True(area < 4, $"mask is {area:F2}x the text");
        var region = MaskOps.Dilate(truth, 2);
        double before = InpaintingTests.RegionPsnr(sample.Marked, sample.Clean, region), after = InpaintingTests.RegionPsnr(result.Image, sample.Clean, region);
        Assert.True(after >= before + 2, $"region PSNR {before:F2} -> {after:F2} dB");
        Assert.True(ImageMetrics.SsimY(result.Image, sample.Clean) >= ImageMetrics.SsimY(sample.Marked, sample.Clean));
        var report = result.GetDetails<WatermarkReport>()!;
        Assert.Equal("text", report.Locator);
        Assert.True(report.Changed);
        Assert.NotEmpty(report.TextRegions);
        // The detector, and the recogniser that reads the lines along and vetoes those it cannot read.
        Assert.Equal([TextDetectionOptions.DefaultModelId, TextDetectionOptions.DefaultRecognitionModelId], result.Models.Select(m => m.Id));
    }

    [Fact]
    public async Task Text_tilted_by_33_degrees_is_found_by_the_rotated_passes()
    {
        // kodim07, second variant of the set: grey italic at opacity 0.90, rotated -33 degrees; the upright pass finds none of it.
        var sample = SyntheticText.Create(InpaintingTests.Kodak("kodim07.png"), 1100 + 7 - 1);
        var truth = sample.TruthMask();
        // The desaturated pass finds much of this line upright (grey over a coloured photo).
        var upright = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked, new TextDetectionOptions { RotatedPasses = [], DesaturatedPass = false });
        var rotated = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked);
        var (coverUpright, _) = TextDetectionTests.Score(truth, upright.Mask!);
        var (cover, area) = TextDetectionTests.Score(truth, rotated.Mask!);
        Assert.True(coverUpright < 0.1, $"upright-only coverage {coverUpright:P1}");
        Assert.True(cover >= 0.6, $"coverage with rotated passes {cover:P1}");
        Assert.True(area < 4, $"mask is {area:F2}x the text");
        Assert.Contains(rotated.GetDetails<WatermarkReport>()!.TextRegions, r => Math.Abs(r.Angle + 33) < 8);
    }

    [Theory]
    // kodim22: "watermark" in a bold face, black at opacity 0.63 over a barn and grass; the passes on the photo find
    // only the middle of the line.
    [InlineData("kodim22.png", 1021)]
    // kodim04: black at opacity 0.90 over a face and hat; the end of the line is missed.
    [InlineData("kodim04.png", 1003)]
    // kodim20: white at opacity 0.96 over the sky and a plane; one word is found only in part.
    [InlineData("kodim20.png", 1119)]
    public Task The_smoothed_pass_extends_lines_found_only_in_part(string photo, int seed) =>
        // Without the desaturated pass and the line following, which find some of the same text (kodim04's line end is
        // followed to 100 % without the smoothed pass).
        AssertStepFindsMore(photo, seed, "the smoothed pass", new TextDetectionOptions { SmoothedPassSigma = 0, DesaturatedPass = false, LineContinuation = false },
            new TextDetectionOptions { DesaturatedPass = false, LineContinuation = false }, 0.1);

    /// <summary>
    /// Detection with <paramref name="with"/> covers at least <paramref name="minGain"/> more of the text than with
    /// <paramref name="without"/>, and the mask stays under 4x the text. Both without the recogniser's stages (reading
    /// along the lines, the reading veto), which come after the detector's passes and would find or drop some of the same
    /// text whichever pass led to it.
    /// </summary>
    private async Task AssertStepFindsMore(string photo, int seed, string step, TextDetectionOptions without, TextDetectionOptions with, double minGain)
    {
        var sample = SyntheticText.Create(InpaintingTests.Kodak(photo), seed);
        var truth = sample.TruthMask();
        var before = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked, without with { ReadAlong = false, ReadingVeto = false });
        var after = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked, with with { ReadAlong = false, ReadingVeto = false });
        var (coverBefore, areaBefore) = TextDetectionTests.Score(truth, before.Mask!);
        var (cover, area) = TextDetectionTests.Score(truth, after.Mask!);
        Assert.True(cover >= coverBefore + minGain, $"coverage {coverBefore:P1} without {step}, {cover:P1} with it");
        Assert.True(area < 4, $"mask is {area:F2}x the text (without {step} {areaBefore:F2}x)");
    }

    // Seeds of the synthetic set (1000 + 100 x variant + photo index) where the photo's own passes miss the line and
    // the pass on the inverted chroma finds it.
    [Theory]
    // kodim19: black at opacity 0.57, tilted -25 degrees, over a fence and foliage; the photo's passes find none of it.
    [InlineData("kodim19.png", 1018)]
    // kodim19: white at opacity 0.44 over the same fence; a word is missed.
    [InlineData("kodim19.png", 1218)]
    // kodim10: grey at opacity 0.96 over red and yellow flowers; half the line is missed.
    [InlineData("kodim10.png", 1109)]
    public Task The_desaturated_pass_finds_neutral_text_lost_in_a_coloured_texture(string photo, int seed) =>
        AssertStepFindsMore(photo, seed, "the desaturated pass", new TextDetectionOptions { DesaturatedPass = false }, new TextDetectionOptions(), 0.15);

    // Seeds where the photo's passes and the plain inverted chroma miss the line: the photo is mostly neutral there, so
    // its chroma map is near white and the watermark's desaturation is faint until equalised.
    [Theory]
    // kodim05: grey at opacity 0.71 across white-clad riders; none of it is found without the equalised pass.
    [InlineData("kodim05.png", 1004)]
    // kodim15: black at opacity 0.64 over a pale wall and dark hair; none of it is found without the equalised pass.
    [InlineData("kodim15.png", 1114)]
    public Task The_equalized_desaturated_pass_finds_text_over_a_mostly_neutral_photo(string photo, int seed) =>
        AssertStepFindsMore(photo, seed, "the equalised pass", new TextDetectionOptions { EqualizedDesaturatedPass = false }, new TextDetectionOptions(), 0.25);

    // Each size of the equalised pass finds a line the other misses.
    [Theory]
    // kodim05's grey line across the riders: about a third of it at the main size, most of it at 4/3.
    [InlineData("kodim05.png", 1004, 1.0, 0.3)]
    // kodim15's black "DO NOT COPY": "COPY" at the main size, nothing at 4/3.
    [InlineData("kodim15.png", 1114, 4.0 / 3, 0.25)]
    public Task Each_equalized_pass_scale_finds_lines_the_other_misses(string photo, int seed, double onlyScale, double minGain) =>
        AssertStepFindsMore(photo, seed, "the other scale", new TextDetectionOptions { EqualizedPassScales = [onlyScale] }, new TextDetectionOptions(), minGain);

    [Theory]
    [InlineData(0.25d)]
    [InlineData(2.5d)]
    [InlineData(double.NaN)]
    public void Equalized_pass_scales_outside_half_to_two_are_rejected(double scale) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextDetectionOptions { EqualizedPassScales = [scale] }.Validate());

    [Theory]
    [InlineData(0.5f)]
    [InlineData(101f)]
    [InlineData(float.NaN)]
    public void Desaturated_line_aspect_outside_1_to_100_is_rejected(float aspect) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextDetectionOptions { DesaturatedLineAspect = aspect }.Validate());

    [Theory]
    [InlineData(-1d)]
    [InlineData(16.5d)]
    [InlineData(double.NaN)]
    public void Smoothed_pass_sigma_outside_0_to_16_is_rejected(double sigma) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextDetectionOptions { SmoothedPassSigma = sigma }.Validate());

    [Theory]
    [InlineData(0f)]
    [InlineData(90f)]
    [InlineData(float.NaN)]
    public void Rotated_pass_angles_outside_the_open_quarter_turn_are_rejected(float angle) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextDetectionOptions { RotatedPasses = [angle] }.Validate());

    [Fact]
    public async Task Detect_only_returns_the_regions_and_mask_and_leaves_the_image()
    {
        var sample = Sample(15);
        var result = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked);
        Assert.Equal(sample.Marked.PixelArray, result.Image.PixelArray);
        var report = result.GetDetails<WatermarkReport>()!;
        Assert.False(report.Changed);
        Assert.NotEmpty(report.TextRegions);
        Assert.True(MaskOps.Count(result.Mask!) > 100);
        Assert.All(report.Regions, r => Assert.True(r.X >= 0 && r.Y >= 0 && r.X + r.Width <= sample.Marked.Width && r.Y + r.Height <= sample.Marked.Height));
    }

    [Fact]
    public async Task Flat_image_without_text_is_a_reported_no_op_and_the_guard_refuses_large_masks()
    {
        var flat = ImageBuffer.Filled(200, 120, new Rgba32(90, 120, 150));
        var result = await fixture.Editor.RemoveTextWatermarkAsync(flat);
        Assert.Equal(flat.PixelArray, result.Image.PixelArray);
        Assert.False(result.GetDetails<WatermarkReport>()!.Changed);
        Assert.NotEmpty(result.Warnings);

        var sample = Sample(15);
        await Assert.ThrowsAsync<MaskAreaExceededException>(() => fixture.Editor.RemoveTextWatermarkAsync(sample.Marked, new RemoveWatermark { MaxAreaFraction = 0.0005 }));
    }

    [Fact]
    public async Task A_model_of_another_task_is_refused()
    {
        var sample = Sample(15);
        await Assert.ThrowsAsync<ModelContractException>(() => fixture.Editor.RemoveTextWatermarkAsync(sample.Marked,
            new RemoveWatermark { TextDetection = new TextDetectionOptions { ModelId = "yunet" } }));
    }

    [Fact]
    public async Task Cli_detect_text_preview_writes_the_mask_and_lists_the_regions()
    {
        using var temp = TestData.TempFolder();
        var sample = Sample(24);
        var input = Path.Combine(temp.Path, "in.png");
        var output = Path.Combine(temp.Path, "mask.png");
        await ImageIO.SaveAsync(sample.Marked, input);
        var run = await CliRunner.RunAsync("remove-watermark", input, "-o", output, "--detect", "text", "--preview");
        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);
        Assert.Contains("text (", run.StdOut);
        var mask = await ImageIO.LoadAsync(output);
        Assert.Equal((sample.Marked.Width, sample.Marked.Height), (mask.Width, mask.Height));
        long white = 0;
        for (int i = 0; i < mask.Pixels.Length; i += 4) if (mask.Pixels[i] >= 128) white++;
        Assert.True(white > 100, $"{white} mask pixels");

        var bad = await CliRunner.RunAsync("remove-watermark", input, "-o", output, "--detect", "logos");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--detect", bad.StdOut + bad.StdErr);
    }
}
