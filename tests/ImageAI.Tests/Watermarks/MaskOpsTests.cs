using ImageAI.Imaging;
using ImageAI.Morphology;

namespace ImageAI.Tests.Watermarks;

public class MaskOpsTests
{
    [Fact]
    public void Dilate_grows_a_point_into_a_disc_of_the_radius()
    {
        var mask = new GrayImage(21, 21);
        mask.GetRow(10)[10] = 255;
        var grown = MaskOps.Dilate(mask, 3);
        Assert.Equal(255, grown.GetRow(10)[13]);
        Assert.Equal(0, grown.GetRow(10)[15]);
        Assert.Equal(255, grown.GetRow(12)[12]);  // diagonal ~2.8 px
        Assert.Equal(0, grown.GetRow(13)[13]);    // diagonal ~4.2 px
        Assert.InRange(MaskOps.Count(grown), 25, 37); // pi * 3.5^2 ~ 38 for a Euclidean disc
    }

    [Fact]
    public void Feather_keeps_the_inside_and_fades_outside()
    {
        var mask = MaskOps.FromRectangles(40, 40, [new PixelRect(15, 15, 10, 10)]);
        var soft = MaskOps.Feather(mask, 4);
        Assert.Equal(255, soft.GetRow(20)[20]);
        Assert.Equal(255, soft.GetRow(20)[15]);
        byte near = soft.GetRow(20)[13], far = soft.GetRow(20)[11];
        Assert.True(near > far && far < 128 && near > 0, $"near {near} far {far}");
        Assert.Equal(0, soft.GetRow(20)[2]);
    }

    [Fact]
    public void Bounds_and_area_of_rectangles()
    {
        var mask = MaskOps.FromRectangles(100, 50, [new PixelRect(10, 5, 20, 10), new PixelRect(90, 40, 30, 30)]);
        Assert.Equal(new PixelRect(10, 5, 90, 45), MaskOps.Bounds(mask));
        Assert.Equal(200 + 100, MaskOps.Count(mask));
        Assert.Null(MaskOps.Bounds(new GrayImage(5, 5)));
    }
}
