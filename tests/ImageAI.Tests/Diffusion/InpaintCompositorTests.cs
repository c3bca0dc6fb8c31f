using ImageAI.Diffusion;
using ImageAI.Imaging;

namespace ImageAI.Tests.Diffusion;

public sealed class InpaintCompositorTests
{
    private static GrayImage Box(int w, int h, int x0, int y0, int x1, int y1)
    {
        var m = new GrayImage(w, h);
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) m.Pixels[y * w + x] = 255;
        return m;
    }

    [Fact]
    public void FeatherStaysInsideTheMask()
    {
        var mask = Box(40, 40, 10, 10, 30, 30);
        var w = InpaintCompositor.FeatherInside(mask, 4);
        for (int i = 0; i < w.Pixels.Length; i++)
            if (mask.Pixels[i] == 0) Assert.Equal(0, w.Pixels[i]);
        Assert.Equal(255, w.Pixels[20 * 40 + 20]);          // centre: full weight
        Assert.InRange(w.Pixels[20 * 40 + 10], 1, 200);     // edge: feathered
        Assert.Equal(mask.PixelArray, InpaintCompositor.FeatherInside(mask, 0).PixelArray);
    }

    [Fact]
    public void BoundsGrowByTheMarginAndClamp()
    {
        var mask = Box(100, 80, 10, 20, 30, 40);
        Assert.Equal((0, 4, 46, 52), InpaintCompositor.MaskBounds(mask, 16));
        Assert.Null(InpaintCompositor.MaskBounds(new GrayImage(10, 10), 5));
    }

    [Fact]
    public void PasteBackKeepsZeroWeightPixelsAndAlpha()
    {
        var original = ImageBuffer.Filled(8, 8, new Rgba32(10, 20, 30, 128));
        var generated = ImageBuffer.Filled(4, 4, new Rgba32(200, 100, 50, 255));
        var weight = Box(8, 8, 2, 2, 4, 4);
        var result = InpaintCompositor.PasteBack(original, generated, weight, 2, 2);
        Assert.Equal(new byte[] { 10, 20, 30, 128 }, result.PixelArray[..4]);
        int i = (2 * 8 + 2) * 4;
        Assert.Equal(new byte[] { 200, 100, 50, 128 }, result.PixelArray[i..(i + 4)]);
        int k = (5 * 8 + 5) * 4;   // inside the pasted region but weight 0
        Assert.Equal(new byte[] { 10, 20, 30, 128 }, result.PixelArray[k..(k + 4)]);
    }

    [Fact]
    public void GuidanceCombineAndTensorRoundTripKeepRgbOrder()
    {
        var u = new float[] { 1, 2 };
        var c = new float[] { 3, 2 };
        var d = new float[2];
        LatentOps.CombineGuidance(u, c, 7.5f, d);
        Assert.Equal(new float[] { 16, 2 }, d);

        var image = ImageBuffer.Filled(2, 1, new Rgba32(255, 0, 128, 255));
        var t = new float[6];
        LatentOps.ImageToTensor(image, t);
        Assert.Equal(1f, t[0]);          // R plane first
        Assert.Equal(-1f, t[2]);         // then G
        Assert.Equal(128 * 2f / 255 - 1, t[4], 5);
        Assert.Equal(image.PixelArray, LatentOps.TensorToImage(t, 2, 1).PixelArray);
    }
}
