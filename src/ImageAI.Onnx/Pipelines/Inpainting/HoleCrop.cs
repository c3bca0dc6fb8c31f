using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Processing;

namespace ImageAI.Onnx.Pipelines.Inpainting;

/// <summary>
/// The crop a learned inpainter sees: the hole's bounding box grown by a margin of context (made square where the
/// image allows), and the paste-back that writes only hole pixels, so everything outside the hole stays
/// bit-for-bit identical.
/// </summary>
internal static class HoleCrop
{
    /// <summary>The region around the hole: bounds plus max(32, half the larger side) of context, squared up and clipped.</summary>
    public static PixelRect Around(PixelRect hole, int width, int height)
    {
        int margin = Math.Max(32, Math.Max(hole.Width, hole.Height) / 2);
        int side = Math.Max(hole.Width, hole.Height) + 2 * margin;
        int cx = hole.X + hole.Width / 2, cy = hole.Y + hole.Height / 2;
        int w = Math.Min(side, width), h = Math.Min(side, height);
        int x = Math.Clamp(cx - w / 2, 0, width - w), y = Math.Clamp(cy - h / 2, 0, height - h);
        return new PixelRect(x, y, w, h);
    }

    public static ImageBuffer Crop(ImageBuffer image, PixelRect r)
    {
        var crop = new ImageBuffer(r.Width, r.Height);
        for (int y = 0; y < r.Height; y++)
            image.GetRow(r.Y + y).Slice(r.X * 4, r.Width * 4).CopyTo(crop.GetRow(y));
        return crop;
    }

    public static GrayImage Crop(GrayImage mask, PixelRect r)
    {
        var crop = new GrayImage(r.Width, r.Height);
        for (int y = 0; y < r.Height; y++)
            mask.GetRow(r.Y + y).Slice(r.X, r.Width).CopyTo(crop.GetRow(y));
        return crop;
    }

    /// <summary>A mask resized for a model: any coverage counts as hole, so the model never sees watermark remnants as context.</summary>
    public static GrayImage ResizeConservative(GrayImage mask, int width, int height)
    {
        if (mask.Width == width && mask.Height == height) return MaskOps.Binarize(mask);
        var resized = Resampler.Resize(MaskOps.Binarize(mask), width, height, ResizeMode.Bilinear);
        var p = resized.Pixels;
        for (int i = 0; i < p.Length; i++) p[i] = p[i] > 0 ? (byte)255 : (byte)0;
        return resized;
    }

    /// <summary>Copies the filled crop (at crop size) into a copy of the image, hole pixels only (RGB; alpha kept).</summary>
    public static ImageBuffer PasteHole(ImageBuffer image, GrayImage mask, ImageBuffer filled, PixelRect r)
    {
        var result = image.Clone();
        for (int y = 0; y < r.Height; y++)
        {
            var dst = result.GetRow(r.Y + y);
            var src = filled.GetRow(y);
            var m = mask.GetRow(r.Y + y);
            for (int x = 0; x < r.Width; x++)
            {
                if (m[r.X + x] < MaskOps.Threshold) continue;
                int d = (r.X + x) * 4, s = x * 4;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return result;
    }
}
