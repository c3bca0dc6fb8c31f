using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Morphology;
using ImageAI.Operations;
using ImageAI.Tests.Infrastructure;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

[Collection(SharedEditorCollection.Name)]
public class WatermarkPipelineTests(SharedEditorFixture fixture)
{
    private static string Double(string name) => TestData.Model("test-doubles", "inpaint", name);

    private static (ImageBuffer Image, GrayImage Mask) Sample()
    {
        var image = InpaintingTests.Kodak("kodim03.png");
        for (int i = 3; i < image.Pixels.Length; i += 12) image.Pixels[i] = 128;
        var mask = MaskOps.FromRectangles(image.Width, image.Height, [new PixelRect(300, 60, 80, 40)]);
        return (image, mask);
    }

    private static void AssertOutsideUnchanged(ImageBuffer input, ImageBuffer output, GrayImage mask)
    {
        Assert.Equal(input.Width, output.Width);
        Assert.Equal(input.Height, output.Height);
        int changedInside = 0;
        for (int i = 0; i < mask.Pixels.Length; i++)
        {
            if (mask.Pixels[i] >= 128)
            {
                if (input.Pixels[i * 4] != output.Pixels[i * 4] || input.Pixels[i * 4 + 2] != output.Pixels[i * 4 + 2]) changedInside++;
                Assert.Equal(input.Pixels[i * 4 + 3], output.Pixels[i * 4 + 3]);
                continue;
            }
            for (int c = 0; c < 4; c++)
                if (input.Pixels[i * 4 + c] != output.Pixels[i * 4 + c]) Assert.Fail($"pixel {i} channel {c} changed outside the hole");
        }
        Assert.True(changedInside > MaskOps.Count(mask) / 2, $"only {changedInside} hole pixels changed");
    }

    [Theory]
    [InlineData(InpaintEngine.Lama, "lama_contract_double.onnx")]
    [InlineData(InpaintEngine.MiGan, "migan_pipeline_contract_double.onnx")]
    public async Task Onnx_engines_crop_resize_and_paste_back_only_the_hole(InpaintEngine engine, string file)
    {
        var (image, mask) = Sample();
        var result = await fixture.Editor.EditAsync(image, new Inpaint { Mask = mask, Engine = engine, ModelId = Double(file) });
        AssertOutsideUnchanged(image, result.Image, mask);
        Assert.Single(result.Models);
        // The doubles blur: the hole gets the colour of its surroundings (sky, blue-dominant), never swapped
        // channels or the inverse polarity (which would keep the original pixels).
        var original = InpaintingTests.RegionPsnr(image, result.Image, mask);
        Assert.True(original < 60, "the hole was not filled");
        double r = 0, b = 0;
        var outside = MaskOps.Dilate(mask, 8);
        for (int i = 0; i < mask.Pixels.Length; i++)
            if (mask.Pixels[i] >= 128) { r += result.Image.Pixels[i * 4]; b += result.Image.Pixels[i * 4 + 2]; }
        double r0 = 0, b0 = 0;
        for (int i = 0; i < mask.Pixels.Length; i++)
            if (outside.Pixels[i] >= 128 && mask.Pixels[i] < 128) { r0 += image.Pixels[i * 4]; b0 += image.Pixels[i * 4 + 2]; }
        Assert.Equal(r0 > b0, r > b);
    }

    [Fact]
    public async Task Mask_of_another_size_is_rejected()
    {
        var (image, _) = Sample();
        await Assert.ThrowsAsync<MaskSizeMismatchException>(() => fixture.Editor.EditAsync(image, new Inpaint { Mask = new GrayImage(10, 10) }));
        await Assert.ThrowsAsync<MaskSizeMismatchException>(() => fixture.Editor.EditAsync(image, new RemoveWatermark { Mask = new GrayImage(10, 10) }));
    }

    [Fact]
    public async Task Empty_mask_is_a_reported_no_op()
    {
        var (image, _) = Sample();
        var result = await fixture.Editor.EditAsync(image, new RemoveWatermark { Mask = new GrayImage(image.Width, image.Height) });
        Assert.Equal(image.PixelArray, result.Image.PixelArray);
        Assert.False(result.GetDetails<WatermarkReport>()!.Changed);
        Assert.Contains(result.Warnings, w => w.Contains("empty"));
        var inpaint = await fixture.Editor.EditAsync(image, new Inpaint { Mask = new GrayImage(image.Width, image.Height) });
        Assert.Equal(image.PixelArray, inpaint.Image.PixelArray);
        Assert.NotEmpty(inpaint.Warnings);
    }

    [Fact]
    public async Task Over_the_guard_masks_are_refused_unless_forced()
    {
        var (image, _) = Sample();
        var big = MaskOps.FromRectangles(image.Width, image.Height, [new PixelRect(0, 0, 250, 250)]);
        var ex = await Assert.ThrowsAsync<MaskAreaExceededException>(() => fixture.Editor.EditAsync(image, new RemoveWatermark { Mask = big }));
        Assert.True(ex.Fraction > 0.15);
        Assert.Contains("Force", ex.Message);
        var forced = await fixture.Editor.EditAsync(image, new RemoveWatermark { Mask = big, Force = true, Engine = InpaintEngine.Telea });
        Assert.True(forced.GetDetails<WatermarkReport>()!.Changed);
    }

    [Fact]
    public async Task Detect_only_returns_the_input_with_the_mask_and_report()
    {
        var (image, mask) = Sample();
        var result = await fixture.Editor.EditAsync(image, new RemoveWatermark { Rectangles = [new PixelRect(300, 60, 80, 40)], DetectOnly = true });
        Assert.Equal(image.PixelArray, result.Image.PixelArray);
        var report = result.GetDetails<WatermarkReport>()!;
        Assert.False(report.Changed);
        Assert.True(MaskOps.Count(result.Mask!) >= MaskOps.Count(mask));
    }

    [Fact]
    public async Task Template_removal_through_the_editor()
    {
        var photo = InpaintingTests.Kodak("kodim14.png");
        var logo = TestData.Load(TestData.Eval("watermark", "logos", "translucence", "2.png"));
        var layer = WatermarkLayer.FromTemplate(logo, 100, 300, 200, (int)Math.Round(200.0 * logo.Height / logo.Width), 0.4);
        var marked = layer.BlendOnto(photo);
        var result = await fixture.Editor.RemoveWatermarkAsync(marked, logo);
        var report = result.GetDetails<WatermarkReport>()!;
        Assert.Equal("template", report.Locator);
        Assert.True(report.InvertedPixels > 1000);
        var region = MaskOps.Dilate(layer.ToMask(photo.Width, photo.Height), 2);
        Assert.True(InpaintingTests.RegionPsnr(result.Image, photo, region) >= 30);
        var tooBig = new ImageBuffer(photo.Width + 1, 10);
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Editor.RemoveWatermarkAsync(photo, tooBig));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new RemoveWatermark { Locator = WatermarkLocator.Template }.Validate());
        Assert.Throws<ArgumentException>(() => new RemoveWatermark().Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RemoveWatermark { Rectangles = [new PixelRect(0, 0, 1, 1)], MaxAreaFraction = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Inpaint { Mask = new GrayImage(2, 2), DilateRadius = -1 }.Validate());
    }
}
