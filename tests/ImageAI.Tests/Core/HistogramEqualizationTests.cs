using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Tests.Core;

public class HistogramEqualizationTests
{
    [Fact]
    public void Levels_crowded_near_white_spread_over_the_full_range_in_order()
    {
        // 100 pixels at 250-254 (20 each): each level maps to 255 x its cumulative share, so 51, 102, 153, 204, 255.
        var pixels = new byte[100 * 4];
        for (int i = 0; i < 100; i++)
        {
            byte level = (byte)(250 + i / 20);
            pixels[i * 4] = pixels[i * 4 + 1] = pixels[i * 4 + 2] = level;
            pixels[i * 4 + 3] = i % 2 == 0 ? (byte)255 : (byte)0;
        }
        var equalized = HistogramEqualization.EqualizeGrey(new ImageBuffer(10, 10, pixels)).Pixels;
        byte[] expected = [51, 102, 153, 204, 255];
        for (int i = 0; i < 100; i++)
        {
            byte value = expected[i / 20];
            Assert.Equal([value, value, value, 255], equalized.Slice(i * 4, 4).ToArray());
        }
    }
}
