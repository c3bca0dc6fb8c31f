using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Tests.Core;

public class ResamplerTests
{
    [Fact]
    public void Bilinear_upscale_by_two_interpolates_at_pixel_centres()
    {
        // Source 2x1: [0, 100]. Output centres map to source x = 0.25*... : out i -> (i + 0.5) / 2 - 0.5
        // = -0.25, 0.25, 0.75, 1.25 -> clamped edge, 0.75*0 + 0.25*100, 0.25*0 + 0.75*100, edge.
        float[] src = [0, 100];
        var dst = Resampler.ResizePlane(src, 2, 1, 4, 1, ResizeMode.Bilinear);
        Assert.Equal([0f, 25f, 75f, 100f], dst);
    }

    [Fact]
    public void Area_downscale_by_two_averages_blocks()
    {
        float[] src = [1, 3, 5, 7, 2, 4, 6, 8];     // 4x2
        var dst = Resampler.ResizePlane(src, 4, 2, 2, 1, ResizeMode.Area);
        Assert.Equal(2.5f, dst[0], 5);               // (1+3+2+4)/4
        Assert.Equal(6.5f, dst[1], 5);               // (5+7+6+8)/4
    }

    [Fact]
    public void Bicubic_upscale_matches_keys_weights()
    {
        // Keys a=-0.5 at offsets 1.25, 0.25, 0.75, 1.75 from the output centre x=1.25 (source coords, out i=3 of 4x):
        // weights for source pixels 0..3: k(1.25)=-0.0703125, k(0.25)=0.8671875, k(0.75)=0.2265625, k(1.75)=-0.0234375.
        float[] src = [10, 20, 30, 40];
        var dst = Resampler.ResizePlane(src, 4, 1, 8, 1, ResizeMode.Bicubic);
        // Output 3 has centre (3 + 0.5) / 2 - 0.5 = 1.25.
        double expected = -0.0703125 * 10 + 0.8671875 * 20 + 0.2265625 * 30 + -0.0234375 * 40;
        Assert.Equal(expected, dst[3], 4);
    }

    [Fact]
    public void Nearest_picks_the_covering_pixel()
    {
        float[] src = [1, 2, 3];
        var dst = Resampler.ResizePlane(src, 3, 1, 6, 1, ResizeMode.Nearest);
        Assert.Equal([1f, 1f, 2f, 2f, 3f, 3f], dst);
    }

    [Fact]
    public void Constant_image_stays_constant_for_every_mode()
    {
        foreach (var mode in Enum.GetValues<ResizeMode>())
        {
            var img = ImageBuffer.Filled(37, 23, new Rgba32(10, 200, 30, 255));
            var small = Resampler.Resize(img, 11, 7, mode);
            var big = Resampler.Resize(img, 80, 51, mode);
            foreach (var r in new[] { small, big })
                for (int i = 0; i < r.Pixels.Length; i += 4)
                    Assert.Equal([10, 200, 30, 255], r.Pixels.Slice(i, 4).ToArray());
        }
    }

    [Fact]
    public void Transparent_pixels_do_not_bleed_colour()
    {
        // Left pixel opaque red, right pixel fully transparent green: the blend must stay red where visible.
        var img = new ImageBuffer(2, 1, [255, 0, 0, 255, 0, 255, 0, 0]);
        var r = Resampler.Resize(img, 4, 1, ResizeMode.Bilinear);
        Assert.Equal(255, r.Pixels[4]);     // second output pixel: red channel
        Assert.Equal(0, r.Pixels[5]);       // no green bled in
        Assert.InRange(r.Pixels[7], 180, 200); // alpha 0.75 * 255
    }
}
