using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Tests.Core;

public class TensorConversionTests
{
    private static ImageBuffer TwoPixels() => new(2, 1, [10, 20, 30, 255, 200, 100, 50, 255]);

    [Fact]
    public void Nchw_rgb_with_mean_and_std()
    {
        var spec = new TensorSpec { Scale = 1f / 255f, Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] };
        var t = TensorConversion.ToTensor(TwoPixels(), spec);
        // (p/255 - 0.5) / 0.5 = p/127.5 - 1, planes R R G G B B.
        float[] expected = [10 / 127.5f - 1, 200 / 127.5f - 1, 20 / 127.5f - 1, 100 / 127.5f - 1, 30 / 127.5f - 1, 50 / 127.5f - 1];
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], t[i], 5);
    }

    [Fact]
    public void Nchw_bgr_puts_blue_first()
    {
        var t = TensorConversion.ToTensor(TwoPixels(), new TensorSpec { Order = ChannelOrder.Bgr });
        Assert.Equal([30f, 50f, 20f, 100f, 10f, 200f], t);
    }

    [Fact]
    public void Nhwc_interleaves_channels()
    {
        var t = TensorConversion.ToTensor(TwoPixels(), new TensorSpec { Layout = TensorLayout.Nhwc, Mean = [10, 20, 30], Std = [2, 4, 5] });
        Assert.Equal([0f, 0f, 0f, 95f, 20f, 4f], t);
    }

    [Theory]
    [InlineData(ChannelOrder.Rgb, TensorLayout.Nchw)]
    [InlineData(ChannelOrder.Bgr, TensorLayout.Nchw)]
    [InlineData(ChannelOrder.Bgr, TensorLayout.Nhwc)]
    public void Round_trip_restores_pixels(ChannelOrder order, TensorLayout layout)
    {
        var spec = TensorSpec.ImageNet with { Order = order, Layout = layout };
        var img = TwoPixels();
        var back = TensorConversion.FromTensor(TensorConversion.ToTensor(img, spec), 2, 1, spec);
        Assert.Equal(img.Pixels.ToArray(), back.Pixels.ToArray());
    }

    [Fact]
    public void Pad_to_multiple_replicates_edges()
    {
        var img = new ImageBuffer(3, 2, [1, 1, 1, 255, 2, 2, 2, 255, 3, 3, 3, 255, 4, 4, 4, 255, 5, 5, 5, 255, 6, 6, 6, 255]);
        var padded = TensorConversion.PadToMultiple(img, 4);
        Assert.Equal(4, padded.Width);
        Assert.Equal(4, padded.Height);
        Assert.Equal(3, padded.GetRow(0)[12]);   // right edge replicated
        Assert.Equal(6, padded.GetRow(3)[12]);   // bottom-right corner replicated
        Assert.Equal(4, padded.GetRow(2)[0]);    // bottom row replicated
        Assert.Same(padded, TensorConversion.PadToMultiple(padded, 4));
    }
}
