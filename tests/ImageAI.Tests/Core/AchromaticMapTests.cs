using ImageAI.Imaging;
using ImageAI.Processing;
using ImageAI.Watermarks;

namespace ImageAI.Tests.Core;

public class AchromaticMapTests
{
    [Fact]
    public void Grey_is_white_and_saturated_colours_are_dark_in_every_channel()
    {
        // Grey, pure red, orange (255,128,0), pale blue (100,150,250), half-transparent: alpha does not count.
        var image = new ImageBuffer(5, 1, [128, 128, 128, 255, 255, 0, 0, 255, 255, 128, 0, 255, 100, 150, 250, 255, 10, 10, 40, 0]);
        var map = AchromaticMap.Create(image).Pixels;
        byte[] expected = [255, 0, 0, 105, 225];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal([expected[i], expected[i], expected[i], 255], map.Slice(i * 4, 4).ToArray());
        }
    }

    [Theory]
    [InlineData(255)]
    [InlineData(0)]
    [InlineData(128)]
    public void A_neutral_overlay_raises_the_map_by_its_opacity_whatever_its_brightness(byte level)
    {
        // I = A*W + (1 - A)*J scales the chroma by (1 - A): over (200, 60, 90), chroma 140, at A = 0.5 it becomes 70.
        var photo = ImageBuffer.Filled(4, 4, new Rgba32(200, 60, 90));
        var alpha = new float[16];
        Array.Fill(alpha, 0.5f);
        var marked = TextWatermarkSynthesizer.Blend(photo, alpha, new Rgba32(level, level, level));
        Assert.Equal(255 - 140, AchromaticMap.Create(photo).Pixels[0]);
        Assert.Equal(255 - 70, AchromaticMap.Create(marked).Pixels[0]);
    }
}
