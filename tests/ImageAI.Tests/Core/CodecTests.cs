using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Core;

public class CodecTests
{
    private static ImageBuffer Sample()
    {
        var img = new ImageBuffer(5, 3);
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 5; x++)
            {
                var p = img.GetRow(y).Slice(x * 4, 4);
                p[0] = (byte)(x * 50); p[1] = (byte)(y * 100); p[2] = 7; p[3] = (byte)(x == 0 ? 0 : x * 60);
            }
        return img;
    }

    [Fact]
    public void Png_round_trip_keeps_rgba_exactly()
    {
        var img = Sample();
        var back = ImageIO.Decode(ImageIO.Encode(img, new ImageEncodeOptions { Format = ImageFormat.Png }));
        Assert.Equal(img.Pixels.ToArray(), back.Pixels.ToArray());
    }

    [Fact]
    public void Webp_lossless_round_trip_keeps_visible_pixels()
    {
        var img = Sample();
        var back = ImageIO.Decode(ImageIO.Encode(img, new ImageEncodeOptions { Format = ImageFormat.Webp, Quality = 100 }));
        for (int i = 0; i < img.Pixels.Length; i += 4)
        {
            Assert.Equal(img.Pixels[i + 3], back.Pixels[i + 3]);
            if (img.Pixels[i + 3] > 0) Assert.Equal(img.Pixels.Slice(i, 3).ToArray(), back.Pixels.Slice(i, 3).ToArray());
        }
    }

    [Fact]
    public void Red_stays_red_through_every_codec()
    {
        // Guards against RGB/BGR swaps anywhere between our buffer and the encoded file.
        var red = ImageBuffer.Filled(16, 16, new Rgba32(250, 5, 5));
        foreach (var format in new[] { ImageFormat.Png, ImageFormat.Jpeg, ImageFormat.Webp })
        {
            var back = ImageIO.Decode(ImageIO.Encode(red, new ImageEncodeOptions { Format = format }));
            Assert.True(back.Pixels[0] > 200 && back.Pixels[2] < 40, $"{format}: got R={back.Pixels[0]} B={back.Pixels[2]}");
        }
    }

    [Fact]
    public void Jpeg_flattens_transparency_onto_the_background()
    {
        var clear = new ImageBuffer(8, 8); // fully transparent black
        var back = ImageIO.Decode(ImageIO.Encode(clear, new ImageEncodeOptions { Format = ImageFormat.Jpeg, FlattenBackground = Rgba32.White }));
        Assert.True(back.Pixels[0] > 245);
        Assert.Equal(255, back.Pixels[3]);
    }

    [Fact]
    public void Kodak_png_decodes_with_the_right_channel_order()
    {
        // kodim03 (hats) has a strongly red hat at the left middle; mean of its left part is red-dominant.
        var img = TestData.Load(TestData.Eval("general", "kodak24", "kodim03.png"));
        long r = 0, b = 0;
        for (int y = 180; y < 320; y++)
            for (int x = 20; x < 140; x++) { r += img.GetRow(y)[x * 4]; b += img.GetRow(y)[x * 4 + 2]; }
        Assert.True(r > b * 1.3, $"R sum {r} should dominate B sum {b}");
    }

    [Fact]
    public void Identify_reads_size_without_decoding()
    {
        var bytes = ImageIO.Encode(Sample());
        var info = ImageIO.Identify(bytes);
        Assert.Equal((ImageFormat.Png, 5, 3), (info.Format, info.Width, info.Height));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("text")]
    [InlineData("truncated")]
    [InlineData("corrupt-header")]
    public void Bad_bytes_give_typed_exceptions(string kind)
    {
        var png = ImageIO.Encode(ImageBuffer.Filled(64, 64, Rgba32.White));
        byte[] data = kind switch
        {
            "empty" => [],
            "text" => "hello, not an image"u8.ToArray(),
            "truncated" => png[..(png.Length / 2)],
            _ => [.. png[..8], .. new byte[40]],
        };
        var ex = Assert.ThrowsAny<InvalidImageException>(() => ImageIO.Decode(data));
        if (kind == "text") Assert.IsType<UnsupportedImageFormatException>(ex);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Pixel_limit_is_checked_from_the_header()
    {
        var bytes = ImageIO.Encode(ImageBuffer.Filled(300, 200, Rgba32.Black));
        var ex = Assert.Throws<ImageTooLargeException>(() => ImageIO.Decode(bytes, new ImageDecodeOptions { MaxPixels = 300 * 200 - 1 }));
        Assert.Equal(300, ex.Width);
        Assert.NotNull(ImageIO.Decode(bytes, new ImageDecodeOptions { MaxPixels = 300 * 200 }));
    }

    [Fact]
    public void Zero_dimensions_are_refused()
    {
        Assert.Throws<InvalidImageException>(() => new ImageBuffer(0, 5));
        Assert.Throws<InvalidImageException>(() => new GrayImage(5, 0));
    }

    [Fact]
    public async Task Failed_save_leaves_no_file()
    {
        using var tmp = TestData.TempFolder();
        var target = tmp.File("out.tiff");
        await Assert.ThrowsAsync<UnsupportedImageFormatException>(() => ImageIO.SaveAsync(Sample(), target));
        Assert.Empty(Directory.GetFiles(tmp.Path));
    }
}
