using ImageAI.Codecs;
using ImageAI.Imaging;

namespace ImageAI.Tests.Core;

/// <summary>EXIF orientation read from a real JPEG file, as cameras and phones write it.</summary>
public class ExifDecodeTests
{
    /// <summary>Inserts an APP1 EXIF segment with one IFD0 entry (Orientation, tag 0x0112) after the SOI marker.</summary>
    private static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,          // big-endian TIFF header, IFD0 at offset 8
            0, 1,                                               // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,                       // tag Orientation, type SHORT, count 1
            (byte)(orientation >> 8), (byte)orientation, 0, 0,  // value, left-justified
            0, 0, 0, 0,                                         // no next IFD
        ];
        byte[] exifHeader = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0];
        int length = 2 + exifHeader.Length + tiff.Length;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exifHeader, .. tiff];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>A 60x40 image: left half red, right half blue, so rotations are visible in the corners.</summary>
    private static byte[] Jpeg()
    {
        var img = new ImageBuffer(60, 40);
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 60; x++)
            {
                var p = img.GetRow(y).Slice(x * 4, 4);
                p[0] = (byte)(x < 30 ? 255 : 0); p[2] = (byte)(x < 30 ? 0 : 255); p[3] = 255;
            }
        return ImageIO.Encode(img, new ImageEncodeOptions { Format = ImageFormat.Jpeg, Quality = 95 });
    }

    private static bool IsRed(ImageBuffer img, int x, int y) => img.GetRow(y)[x * 4] > 200 && img.GetRow(y)[x * 4 + 2] < 60;

    [Fact]
    public void Orientation_6_is_rotated_clockwise_on_decode()
    {
        var bytes = WithOrientation(Jpeg(), 6);
        var info = ImageIO.Identify(bytes);
        Assert.Equal((40, 60), (info.Width, info.Height));          // displayed size, from the header
        var img = ImageIO.Decode(bytes);
        Assert.Equal((40, 60), (img.Width, img.Height));
        Assert.True(IsRed(img, 20, 5), "the stored left (red) half is now on top");
        Assert.False(IsRed(img, 20, 55));
    }

    [Fact]
    public void Orientation_3_is_rotated_half_a_turn_and_can_be_ignored()
    {
        var bytes = WithOrientation(Jpeg(), 3);
        var upright = ImageIO.Decode(bytes);
        Assert.Equal((60, 40), (upright.Width, upright.Height));
        Assert.True(IsRed(upright, 55, 20), "red moved to the right");
        var raw = ImageIO.Decode(bytes, new ImageDecodeOptions { ApplyExifOrientation = false });
        Assert.True(IsRed(raw, 5, 20), "as stored");
    }
}
