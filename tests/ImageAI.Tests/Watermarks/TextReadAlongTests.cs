using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Onnx.Pipelines.Watermarks;
using ImageAI.Tests.Infrastructure;
using ImageAI.Watermarks;
using SkiaSharp;

namespace ImageAI.Tests.Watermarks;

/// <summary>Found lines read past their ends by the PP-OCRv4 recogniser (<see cref="TextDetectionOptions.ReadAlong"/>), with the real models.</summary>
[Collection(SharedEditorCollection.Name)]
public class TextReadAlongTests(SharedEditorFixture fixture)
{
    private async Task<TextLineReader> Reader()
    {
        var recogniser = await fixture.Editor.Sessions.GetAsync(await fixture.Editor.Models.ResolveAsync(TextDetectionOptions.DefaultRecognitionModelId));
        var dictionary = await fixture.Editor.Models.ResolveAsync(TextDetectionOptions.DefaultRecognitionDictionaryId);
        return new TextLineReader(recogniser, TextLineReader.LoadDictionary(dictionary.Path));
    }

    [Fact]
    public async Task The_recogniser_reads_characters_where_they_are_along_a_strip()
    {
        // "SAMPLE" in black on white from x = 250 to about 370 inside a 700 px strip: the steps that read characters lie
        // over the word, so positions along a line can be taken from them.
        var image = new ImageBuffer(700, 60);
        image.Pixels.Fill(255);
        using (var bitmap = new SKBitmap(new SKImageInfo(700, 60, SKColorType.Rgba8888, SKAlphaType.Premul)))
        using (var canvas = new SKCanvas(bitmap))
        using (var typeface = SKTypeface.FromFile(TextWatermarkSynthesizer.Fonts[0]))
        using (var font = new SKFont(typeface, 34))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            canvas.DrawText("SAMPLE", 250, 42, SKTextAlign.Left, font, paint);
            canvas.Flush();
            bitmap.GetPixelSpan().CopyTo(image.Pixels);
            float end = 250 + font.MeasureText("SAMPLE");
            var steps = (await Reader()).ReadSteps(image, new TextRegion(350, 30, 700, 50, 0, 1), default);
            var positions = Enumerable.Range(0, steps.Count).Where(k => steps.IsCharacter(k, 0.5f)).Select(steps.PositionOf).ToList();
            Assert.True(positions.Count >= 5, $"{positions.Count} characters read");
            Assert.All(positions, p => Assert.InRange(p, 240, end + 10));
            Assert.True(positions.Min() < 280 && positions.Max() > end - 30, $"characters from {positions.Min():F0} to {positions.Max():F0}, the word from 250 to {end:F0}");
        }
    }

    /// <summary>The synthetic sample's truth and the detected masks without and with reading along the lines.</summary>
    private async Task<(GrayImage Truth, GrayImage Without, GrayImage With)> DetectWithAndWithout(string photo, int seed)
    {
        var sample = SyntheticText.Create(InpaintingTests.Kodak(photo), seed);
        var without = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked, new TextDetectionOptions { ReadAlong = false });
        var with = await fixture.Editor.DetectTextWatermarkAsync(sample.Marked);
        return (sample.TruthMask(), without.Mask!, with.Mask!);
    }

    [Theory]
    // kodim15, second variant: black "DO NOT COPY" at 0.64 over hair and a red shirt; the detector finds only "COPY"
    // (39.6 % of the text; 91.0 % with the rest read, 83.2 % when the read part was segmented without its line).
    [InlineData("kodim15.png", 1114, 0.35, 0.88, 0.5)]
    // kodim19, first variant: black "Copyright 2024" at 0.57 at -25 degrees over a fence and a striped lifebuoy; found
    // from "right" on (65.8 %; 98.4 %). Less than half of what is added lies on the letters: the segmentation of "Copy"
    // also takes stripes of the lifebuoy and fence pickets that the line's blend does not rule out.
    [InlineData("kodim19.png", 1018, 0.25, 0.95, 0.3)]
    // kodim18, third variant: grey "PROOF" at 0.63 at -33 degrees, "OF" over a dark sleeve; the detector boxes "PRO" at
    // -26 degrees (75.7 %) and "OF" is read past it (99.5 %). Segmented alone, those two glyphs over the sleeve were a
    // dense box too short to pass as a line and were dropped (75.7 %); segmented with their line they are kept.
    [InlineData("kodim18.png", 1217, 0.2, 0.95, 0.35)]
    public async Task The_rest_of_a_partly_found_line_is_read_and_added(string photo, int seed, double gain, double minCover, double minOnText)
    {
        var (truth, without, with) = await DetectWithAndWithout(photo, seed);
        var (coverBefore, _) = TextDetectionTests.Score(truth, without);
        var (cover, _) = TextDetectionTests.Score(truth, with);
        Assert.True(cover >= coverBefore + gain && cover >= minCover, $"coverage {coverBefore:P1} without reading along, {cover:P1} with it");
        var near = MaskOps.Dilate(truth, 3);
        long added = 0, onText = 0;
        for (int i = 0; i < truth.Pixels.Length; i++)
            if (with.Pixels[i] >= 128 && without.Pixels[i] < 128) { added++; if (near.Pixels[i] != 0) onText++; }
        Assert.True(onText >= minOnText * added, $"{onText} of {added} added pixels on the text");
    }
}
