using ImageAI.Imaging;

namespace ImageAI.Tests.Core;

public class OrientationTests
{
    // A 3x2 image whose pixels carry their own index in R: stored row-major 0 1 2 / 3 4 5.
    private static ImageBuffer Indexed()
    {
        var img = new ImageBuffer(3, 2);
        for (int i = 0; i < 6; i++) { img.Pixels[i * 4] = (byte)i; img.Pixels[i * 4 + 3] = 255; }
        return img;
    }

    private static byte[] Reds(ImageBuffer img) => Enumerable.Range(0, img.Width * img.Height).Select(i => img.Pixels[i * 4]).ToArray();

    [Theory]
    [InlineData(ExifOrientation.TopLeft, 3, new byte[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData(ExifOrientation.TopRight, 3, new byte[] { 2, 1, 0, 5, 4, 3 })]
    [InlineData(ExifOrientation.BottomRight, 3, new byte[] { 5, 4, 3, 2, 1, 0 })]
    [InlineData(ExifOrientation.BottomLeft, 3, new byte[] { 3, 4, 5, 0, 1, 2 })]
    [InlineData(ExifOrientation.LeftTop, 2, new byte[] { 0, 3, 1, 4, 2, 5 })]
    [InlineData(ExifOrientation.RightTop, 2, new byte[] { 3, 0, 4, 1, 5, 2 })]
    [InlineData(ExifOrientation.RightBottom, 2, new byte[] { 5, 2, 4, 1, 3, 0 })]
    [InlineData(ExifOrientation.LeftBottom, 2, new byte[] { 2, 5, 1, 4, 0, 3 })]
    public void Every_exif_orientation_is_applied(ExifOrientation orientation, int width, byte[] expected)
    {
        var upright = Orientation.Apply(Indexed(), orientation);
        Assert.Equal(width, upright.Width);
        Assert.Equal(expected, Reds(upright));
    }
}
