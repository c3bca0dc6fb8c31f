using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Tests.Infrastructure;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Watermarks;

public class KnownWatermarkTests
{
    private static ImageBuffer Logo(string name) => TestData.Load(TestData.Eval("watermark", "logos", "translucence", name));

    [Fact]
    public void Inverting_a_known_layer_recovers_the_photo()
    {
        var photo = InpaintingTests.Kodak("kodim07.png");
        var layer = WatermarkLayer.FromTemplate(Logo("3.png"), 120, 140, 180, 177, 0.6);
        var marked = layer.BlendOnto(photo);
        var region = layer.ToMask(photo.Width, photo.Height);
        var result = layer.Invert(marked);
        Assert.Equal(0, result.OpaquePixels);
        double before = InpaintingTests.RegionPsnr(marked, photo, region), after = InpaintingTests.RegionPsnr(result.Image, photo, region);
        Assert.True(after > 40, $"after {after:F1} dB (before {before:F1})");
    }

    [Fact]
    public void Opaque_pixels_are_left_for_inpainting()
    {
        var photo = InpaintingTests.Kodak("kodim07.png");
        var layer = WatermarkLayer.FromTemplate(Logo("3.png"), 120, 140, 180, 177, 1.0);
        var result = layer.Invert(layer.BlendOnto(photo), 0.9);
        Assert.True(result.OpaquePixels > 1000);
        Assert.Equal(result.OpaquePixels, MaskOps.Count(result.OpaqueMask));
    }

    [Fact]
    public void Locates_an_unknown_position_scale_and_opacity_and_removes_it()
    {
        var photo = InpaintingTests.Kodak("kodim10.png");
        var logo = Logo("6.png");
        var layer = WatermarkLayer.FromTemplate(logo, 210, 260, 150, (int)Math.Round(150.0 * logo.Height / logo.Width), 0.55);
        var marked = layer.BlendOnto(photo);
        var result = KnownWatermarkRemover.Remove(marked, logo);
        Assert.InRange(result.Match.X, 209, 211);
        Assert.InRange(result.Match.Y, 259, 261);
        Assert.InRange(result.Match.Width, 149, 151);
        Assert.InRange(result.Match.Opacity, 0.5, 0.6);
        var region = MaskOps.Dilate(layer.ToMask(photo.Width, photo.Height), 2);
        double after = InpaintingTests.RegionPsnr(result.Image, photo, region);
        Assert.True(after >= 30, $"region PSNR {after:F1} dB");
    }

    [Fact]
    public void Template_larger_than_the_image_is_rejected()
    {
        var photo = new ImageBuffer(40, 40);
        var ex = Assert.Throws<ArgumentException>(() => TemplateLocator.Locate(photo, Logo("1.png")));
        Assert.Contains("larger than the image", ex.Message);
        Assert.Throws<ArgumentException>(() => TemplateLocator.Locate(InpaintingTests.Kodak("kodim01.png"), new ImageBuffer(20, 20)));
    }
}
