using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Diffusion;

/// <summary>
/// The pixel-space side of inpainting: the working crop around a mask, and pasting the generated pixels back so
/// that everything outside the mask is the original, bit for bit.
/// </summary>
public static class InpaintCompositor
{
    /// <summary>
    /// The bounding box of the non-zero mask pixels grown by <paramref name="margin"/> and clamped to the image;
    /// null when the mask is empty.
    /// </summary>
    public static (int X, int Y, int Width, int Height)? MaskBounds(GrayImage mask, int margin)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (int y = 0; y < mask.Height; y++)
        {
            var row = mask.GetRow(y);
            int first = row.IndexOfAnyExcept((byte)0);
            if (first < 0) continue;
            int last = row.LastIndexOfAnyExcept((byte)0);
            minX = Math.Min(minX, first); maxX = Math.Max(maxX, last);
            minY = Math.Min(minY, y); maxY = y;
        }
        if (maxX < 0) return null;
        int x0 = Math.Max(0, minX - margin), y0 = Math.Max(0, minY - margin);
        int x1 = Math.Min(mask.Width, maxX + 1 + margin), y1 = Math.Min(mask.Height, maxY + 1 + margin);
        return (x0, y0, x1 - x0, y1 - y0);
    }

    /// <summary>
    /// The blend weight per pixel: the mask feathered by a Gaussian of radius <paramref name="blur"/>, but never above
    /// the mask itself, so the feather lies inside the repainted area and a pixel with mask 0 has weight 0.
    /// </summary>
    public static GrayImage FeatherInside(GrayImage mask, int blur)
    {
        if (blur <= 0) return mask.Clone();
        var plane = new float[mask.Width * mask.Height];
        ReadOnlySpan<byte> m = mask.Pixels;
        for (int i = 0; i < plane.Length; i++) plane[i] = m[i];
        var kernel = Filters.GaussianKernel(blur / 2.0, blur);
        var blurred = Filters.SeparableSame(plane, mask.Width, mask.Height, kernel, kernel);
        var result = new GrayImage(mask.Width, mask.Height);
        var r = result.Pixels;
        for (int i = 0; i < r.Length; i++)
        {
            // a fully surrounded pixel blurs to exactly its value; only edge pixels lose weight
            float v = MathF.Min(blurred[i], m[i]);
            r[i] = (byte)Math.Clamp((int)MathF.Round(v), 0, 255);
        }
        return result;
    }

    /// <summary>
    /// Writes <paramref name="generated"/> (the size of the region) into a copy of <paramref name="original"/> at
    /// (<paramref name="x"/>, <paramref name="y"/>) with per-pixel weight <paramref name="weight"/> (full-image size);
    /// pixels of weight 0 keep their original bytes, alpha is always the original's.
    /// </summary>
    public static ImageBuffer PasteBack(ImageBuffer original, ImageBuffer generated, GrayImage weight, int x, int y)
    {
        weight.EnsureSameSize(original.Width, original.Height);
        var result = original.Clone();
        for (int row = 0; row < generated.Height; row++)
        {
            var dst = result.GetRow(y + row).Slice(x * 4, generated.Width * 4);
            var src = generated.GetRow(row);
            var w = weight.GetRow(y + row).Slice(x, generated.Width);
            for (int i = 0; i < w.Length; i++)
            {
                int a = w[i];
                if (a == 0) continue;
                int j = i * 4;
                for (int c = 0; c < 3; c++)
                    dst[j + c] = (byte)((src[j + c] * a + dst[j + c] * (255 - a) + 127) / 255);
            }
        }
        return result;
    }
}
