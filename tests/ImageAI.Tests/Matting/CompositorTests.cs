using ImageAI.Compositing;

namespace ImageAI.Tests.Matting;

public class CompositorTests
{
    [Fact]
    public void Alpha0_LeavesBackgroundExactly_Alpha255_CopiesForegroundExactly()
    {
        byte[] fg = [10, 20, 30, 0, 40, 50, 60, 255];
        byte[] bg = [200, 201, 202, 255, 7, 8, 9, 100];
        Compositor.Over(fg, bg);
        Assert.Equal(new byte[] { 200, 201, 202, 255, 40, 50, 60, 255 }, bg);

        byte[] bgLinear = [200, 201, 202, 255, 7, 8, 9, 100];
        Compositor.Over(fg, bgLinear, BlendSpace.Linear);
        Assert.Equal(new byte[] { 200, 201, 202, 255, 40, 50, 60, 255 }, bgLinear);
    }

    [Fact]
    public void Alpha128_OverOpaque_HandComputed()
    {
        // out = round((fc*128 + bc*127) / 255): r = 25600/255 = 100.4, g = 25500/255 = 100.0, b = 32385/255 = 127.0
        byte[] fg = [200, 100, 0, 128];
        byte[] bg = [0, 100, 255, 255];
        Compositor.Over(fg, bg);
        Assert.Equal(new byte[] { 100, 100, 127, 255 }, bg);
    }

    [Fact]
    public void Alpha128_OverTranslucent_HandComputed()
    {
        // out_a = 128 + 128*127/255 = 191.75 -> 192; r = 255*128*255 / 48896 = 170.7 -> 170 (rounded); b = 255*128*127 / 48896 = 84.8 -> 85
        byte[] fg = [255, 0, 0, 128];
        byte[] bg = [0, 0, 255, 128];
        Compositor.Over(fg, bg);
        Assert.Equal(new byte[] { 170, 0, 85, 192 }, bg);
    }

    [Fact]
    public void LinearLight_BlackOverWhiteAtHalf_IsBrighterThanSrgbMix()
    {
        // Linear: 0.498 of white's linear light -> sRGB 0.734 -> 187; sRGB mixing gives 127.
        byte[] fg = [0, 0, 0, 128];
        byte[] srgb = [255, 255, 255, 255];
        byte[] linear = [255, 255, 255, 255];
        Compositor.Over(fg, srgb);
        Compositor.Over(fg, linear, BlendSpace.Linear);
        Assert.Equal(new byte[] { 127, 127, 127, 255 }, srgb);
        Assert.Equal(new byte[] { 187, 187, 187, 255 }, linear);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(37)]
    [InlineData(1000)]
    public void Vectorised_MatchesScalarReference_ByteForByte(int pixels)
    {
        var random = new Random(pixels);
        var fg = new byte[pixels * 4];
        var bg = new byte[pixels * 4];
        random.NextBytes(fg);
        random.NextBytes(bg);
        for (int i = 0; i < pixels; i++)
        {
            // Mostly opaque backgrounds (the vector path), some translucent ones (the fallback), and runs of alpha 0/255.
            if (random.Next(10) > 0) bg[4 * i + 3] = 255;
            int kind = random.Next(4);
            if (kind == 0) fg[4 * i + 3] = 0;
            else if (kind == 1) fg[4 * i + 3] = 255;
        }
        var expected = (byte[])bg.Clone();
        Compositor.OverScalar(fg, expected);
        Compositor.Over(fg, bg);
        Assert.Equal(expected, bg);
    }

    [Fact]
    public void Vectorised_MatchesScalar_ForEveryAlphaAndChannelValue()
    {
        // Every (fg, alpha) pair against three background values: 256*256 pixels, all on the vector path.
        var fg = new byte[256 * 256 * 4];
        var bg = new byte[fg.Length];
        for (int a = 0; a < 256; a++)
            for (int c = 0; c < 256; c++)
            {
                int i = (a * 256 + c) * 4;
                fg[i] = (byte)c; fg[i + 1] = (byte)(255 - c); fg[i + 2] = (byte)(c * 7); fg[i + 3] = (byte)a;
                bg[i] = 0; bg[i + 1] = 255; bg[i + 2] = (byte)(c * 3); bg[i + 3] = 255;
            }
        var expected = (byte[])bg.Clone();
        Compositor.OverScalar(fg, expected);
        Compositor.Over(fg, bg);
        Assert.Equal(expected, bg);
    }

    [Fact]
    public void Premultiply_HandComputed_AndRoundTrip()
    {
        byte[] px = [200, 100, 50, 128, 9, 8, 7, 255, 77, 66, 55, 0];
        Compositor.Premultiply(px);
        // round(200*128/255) = 100, round(100*128/255) = 50, round(50*128/255) = 25; alpha 255 untouched; alpha 0 -> 0.
        Assert.Equal(new byte[] { 100, 50, 25, 128, 9, 8, 7, 255, 0, 0, 0, 0 }, px);
        Compositor.Unpremultiply(px);
        // round(100*255/128) = 199, round(50*255/128) = 100, round(25*255/128) = 50: within 1 of the original at alpha 128.
        Assert.Equal(new byte[] { 199, 100, 50, 128, 9, 8, 7, 255, 0, 0, 0, 0 }, px);
    }

    [Fact]
    public void PremultipliedRoundTrip_IsExactAtAlpha255_AndWithinOneFromAlpha128()
    {
        for (int a = 128; a < 256; a++)
            for (int c = 0; c < 256; c++)
            {
                byte[] px = [(byte)c, 0, 0, (byte)a];
                Compositor.Premultiply(px);
                Compositor.Unpremultiply(px);
                if (a == 255) Assert.Equal(c, px[0]);
                else Assert.InRange(px[0] - c, -1, 1);
            }
    }

    [Fact]
    public void PremultipliedOver_AgreesWithStraightOver()
    {
        var random = new Random(5);
        for (int n = 0; n < 2000; n++)
        {
            byte[] fg = [(byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)];
            byte[] bg = [(byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 255];
            var straight = (byte[])bg.Clone();
            Compositor.Over(fg, straight);
            var pf = (byte[])fg.Clone();
            var pb = (byte[])bg.Clone();
            Compositor.Premultiply(pf);
            Compositor.OverPremultiplied(pf, pb);
            for (int c = 0; c < 4; c++) Assert.InRange(pb[c] - straight[c], -1, 1);
        }
    }

    [Fact]
    public void Under_IsOverWithRolesSwapped()
    {
        byte[] fg = [200, 100, 0, 128, 1, 2, 3, 0];
        byte[] bg = [0, 100, 255, 255, 4, 5, 6, 255];
        var over = (byte[])bg.Clone();
        Compositor.Over(fg, over);
        var under = (byte[])fg.Clone();
        Compositor.Under(under, bg);
        Assert.Equal(over, under);
    }

    [Fact]
    public void MismatchedSizes_Throw()
    {
        Assert.Throws<ArgumentException>(() => Compositor.Over(new byte[8], new byte[4]));
    }
}
