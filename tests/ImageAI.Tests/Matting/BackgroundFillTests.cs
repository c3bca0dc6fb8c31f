using ImageAI.Compositing;
using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Onnx.Models;
using ImageAI.Operations;

namespace ImageAI.Tests.Matting;

public class BackgroundFillTests
{
    private static readonly ImageBuffer Original = ImageBuffer.Filled(40, 30, new Rgba32(10, 20, 30));

    [Fact]
    public void ImageOfAnotherSize_IsPlacedToTheSubjectsSize_ForEveryFit()
    {
        var wide = ImageBuffer.Filled(100, 20, new Rgba32(200, 0, 0));
        foreach (var fit in Enum.GetValues<BackgroundFit>())
        {
            var bg = BackgroundRenderer.Render(new ImageFill(wide, fit) { PadColor = new Rgba32(0, 0, 255) }, Original, default);
            Assert.Equal((40, 30), (bg.Width, bg.Height));
        }
        // Fit: 100x20 scaled by 0.4 -> 40x8, centred vertically at rows 11..18; bars above and below are the pad colour.
        var fitted = BackgroundRenderer.Render(new ImageFill(wide, BackgroundFit.Fit) { PadColor = new Rgba32(0, 0, 255) }, Original, default);
        Assert.Equal(new byte[] { 0, 0, 255, 255 }, fitted.GetRow(0)[..4].ToArray());
        Assert.Equal(new byte[] { 200, 0, 0, 255 }, fitted.GetRow(15)[..4].ToArray());
        // Fill covers everything with the image.
        var filled = BackgroundRenderer.Render(new ImageFill(wide, BackgroundFit.Fill), Original, default);
        Assert.Equal(new byte[] { 200, 0, 0, 255 }, filled.GetRow(0)[..4].ToArray());
    }

    [Fact]
    public void LinearGradient_EndsAtItsColours()
    {
        var bg = BackgroundRenderer.Render(new LinearGradientFill(Rgba32.Black, Rgba32.White, 0), Original, default);
        Assert.Equal(0, bg.GetRow(10)[0]);
        Assert.Equal(255, bg.GetRow(10)[39 * 4]);
        var radial = BackgroundRenderer.Render(new RadialGradientFill(Rgba32.White, Rgba32.Black), Original, default);
        Assert.Equal(0, radial.GetRow(0)[0]);
        Assert.True(radial.GetRow(15)[20 * 4] > 240);
    }

    [Fact]
    public void BlurFill_KeepsSubjectColoursOutOfTheBackground()
    {
        // Left half red subject (alpha 1), right half green background: the blurred background next to the subject stays green.
        var image = new ImageBuffer(40, 10);
        var alpha = new float[400];
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 40; x++)
            {
                int i = y * 40 + x;
                bool subject = x < 20;
                alpha[i] = subject ? 1 : 0;
                image.Pixels[4 * i] = subject ? (byte)255 : (byte)0;
                image.Pixels[4 * i + 1] = subject ? (byte)0 : (byte)255;
                image.Pixels[4 * i + 3] = 255;
            }
        var bg = BackgroundRenderer.Render(new BlurFill(12), image, alpha);
        var px = bg.GetRow(5).Slice(21 * 4, 4);
        Assert.True(px[0] < 10 && px[1] > 245, $"got {px[0]},{px[1]},{px[2]}");
    }

    [Fact]
    public void Shadow_DarkensOnlyTheOffsetArea()
    {
        var bg = ImageBuffer.Filled(30, 30, Rgba32.White);
        var alpha = new float[900];
        for (int y = 5; y < 10; y++) for (int x = 5; x < 10; x++) alpha[y * 30 + x] = 1;
        ShadowRenderer.Apply(bg, alpha, new DropShadow { OffsetX = 10, OffsetY = 10, BlurRadius = 0, Opacity = 0.5 });
        Assert.Equal(127, bg.GetRow(17)[17 * 4]); // shadow alpha 128 over white: (255 * 127 + 127) / 255
        Assert.Equal(255, bg.GetRow(7)[7 * 4]);
    }

    [Fact]
    public void SubjectBounds_AddsMarginAndClips()
    {
        var mask = new GrayImage(20, 10);
        mask.GetRow(4)[6] = 255;
        mask.GetRow(6)[12] = 200;
        Assert.Equal(new PixelRect(4, 2, 11, 7), SubjectBounds.Find(mask, 2));
        Assert.Equal(new PixelRect(0, 0, 20, 10), SubjectBounds.Find(mask, 100));
        Assert.Equal(new PixelRect(0, 0, 20, 10), SubjectBounds.Find(new GrayImage(20, 10), 0)); // empty mask: whole image
    }

    [Fact]
    public void BadOptions_GiveClearErrors()
    {
        Assert.Throws<FormatException>(() => Rgba32.Parse("#GG0000"));
        Assert.Throws<FormatException>(() => Rgba32.Parse("#12345"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectBounds.Find(new GrayImage(2, 2), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlurFill(-3).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new DropShadow { BlurRadius = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new DropShadow { Opacity = 2 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplaceBackground { Background = new SolidFill(Rgba32.White), CropMargin = -5 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplaceBackground { Background = new BlurFill(0) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RemoveBackground { ModelResolution = 500 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RemoveBackground { CropMargin = -1 }.Validate());
        Assert.Throws<ArgumentNullException>(() => new ReplaceBackground { Background = null! }.Validate());
    }

    [Theory]
    [InlineData(32, 512, 16)]
    [InlineData(32, 768, 24)]
    [InlineData(1024, 768, 768)]
    [InlineData(512, 768, 384)]
    [InlineData(64, 800, 50)]
    [InlineData(32, 800, 25)]  // 800 -> 400 -> 200 -> 100 -> 50 -> 25
    [InlineData(32, 736, 23)]
    public void ResizeConstants_FollowTheNetworksCeilHalving(long native, int side, long expected)
    {
        Assert.Equal(expected, OnnxShapeRewriter.ScaledSize(native, 1024, side));
    }

    [Fact]
    public void ResizeConstant_ThatIsNotAPowerOfTwoFraction_IsRefused()
    {
        Assert.Throws<InvalidDataException>(() => OnnxShapeRewriter.ScaledSize(48, 1024, 512));
    }

    [Fact]
    public void Refinement_SharpensABlurryCoarseMask_AlongTheImageEdge()
    {
        // A 64x64 image, white disc on black; the coarse mask is the true disc seen at 8x8 (area average).
        int w = 64, h = 64;
        var image = new ImageBuffer(w, h);
        var truth = new GrayImage(w, h);
        var truthPlane = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                bool inside = (x - 30.3) * (x - 30.3) + (y - 33.1) * (y - 33.1) < 20 * 20;
                int i = y * w + x;
                byte v = inside ? (byte)230 : (byte)20;
                image.Pixels[4 * i] = v; image.Pixels[4 * i + 1] = v; image.Pixels[4 * i + 2] = v; image.Pixels[4 * i + 3] = 255;
                truth.Pixels[i] = inside ? (byte)255 : (byte)0;
                truthPlane[i] = inside ? 1 : 0;
            }
        var coarse = ImageAI.Processing.Resampler.ResizePlane(truthPlane, w, h, 8, 8, ImageAI.Processing.ResizeMode.Area);
        var none = MaskRefiner.ToMask(MaskRefiner.Refine(image, coarse, 8, 8, MaskRefinement.None), w, h);
        var guided = MaskRefiner.ToMask(MaskRefiner.Refine(image, coarse, 8, 8, MaskRefinement.GuidedFilter), w, h);
        var sadNone = ImageAI.Metrics.MaskMetrics.Sad(none, truth);
        var sadGuided = ImageAI.Metrics.MaskMetrics.Sad(guided, truth);
        Assert.True(sadGuided < 0.8 * sadNone, $"SAD none {sadNone:F4}, guided {sadGuided:F4}");
    }
}
