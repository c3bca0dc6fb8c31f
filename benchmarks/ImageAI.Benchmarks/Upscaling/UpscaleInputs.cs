using ImageAI.Benchmarks.Harness;
using ImageAI.Codecs;
using ImageAI.Imaging;

namespace ImageAI.Benchmarks.Upscaling;

/// <summary>Benchmark inputs: crops of shared evaluation photos (never copied into the repository).</summary>
internal static class UpscaleInputs
{
    public static ImageBuffer Crop(string relativePath, int x0, int y0, int width, int height)
    {
        var image = ImageIO.Decode(File.ReadAllBytes(Path.Combine(SharedFolder.Find(), "eval", relativePath)));
        var crop = new ImageBuffer(width, height);
        for (int y = 0; y < height; y++)
            image.GetRow(y0 + y).Slice(x0 * 4, width * 4).CopyTo(crop.GetRow(y));
        return crop;
    }

    /// <summary>A 320x240 photo crop for the compact model.</summary>
    public static ImageBuffer Photo() => Crop(Path.Combine("general", "kodak24", "kodim23.png"), 90, 130, 320, 240);

    /// <summary>A 600x300 crop (wider than the default 512 tile) for the tiling-overhead comparison.</summary>
    public static ImageBuffer Wide() => Crop(Path.Combine("sr", "lr-bicubic", "CSet14", "HR_mod4", "barbara.png"), 60, 100, 600, 300);

    /// <summary>A tiny 96x64 crop for the slow RRDB model.</summary>
    public static ImageBuffer Tiny() => Crop(Path.Combine("general", "kodak24", "kodim23.png"), 200, 200, 96, 64);
}
