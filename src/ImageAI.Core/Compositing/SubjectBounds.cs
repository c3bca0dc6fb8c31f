using ImageAI.Imaging;

namespace ImageAI.Compositing;

/// <summary>A pixel rectangle.</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height);

/// <summary>Crop-to-subject: the bounding box of a mask, grown by a margin and clipped to the image.</summary>
public static class SubjectBounds
{
    /// <summary>
    /// The box around mask pixels at or above <paramref name="threshold"/>, plus <paramref name="margin"/> on each
    /// side, clipped to the image; the whole image when the mask is empty.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The margin is negative.</exception>
    public static PixelRect Find(GrayImage mask, int margin, byte threshold = 128)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "The crop margin must not be negative.");
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (int y = 0; y < mask.Height; y++)
        {
            var row = mask.GetRow(y);
            int first = -1, last = -1;
            for (int x = 0; x < row.Length; x++) if (row[x] >= threshold) { first = x; break; }
            if (first < 0) continue;
            for (int x = row.Length - 1; x >= first; x--) if (row[x] >= threshold) { last = x; break; }
            minX = Math.Min(minX, first); maxX = Math.Max(maxX, last);
            minY = Math.Min(minY, y); maxY = y;
        }
        if (maxX < 0) return new PixelRect(0, 0, mask.Width, mask.Height);
        int x0 = Math.Max(0, minX - margin), y0 = Math.Max(0, minY - margin);
        int x1 = (int)Math.Min(mask.Width - 1L, (long)maxX + margin), y1 = (int)Math.Min(mask.Height - 1L, (long)maxY + margin);
        return new PixelRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /// <summary>A copy of the rectangle of an image.</summary>
    public static ImageBuffer Crop(ImageBuffer image, PixelRect rect)
    {
        var result = new ImageBuffer(rect.Width, rect.Height);
        for (int y = 0; y < rect.Height; y++)
            image.GetRow(rect.Y + y).Slice(rect.X * 4, rect.Width * 4).CopyTo(result.GetRow(y));
        return result;
    }

    /// <summary>A copy of the rectangle of a mask.</summary>
    public static GrayImage Crop(GrayImage mask, PixelRect rect)
    {
        var result = new GrayImage(rect.Width, rect.Height);
        for (int y = 0; y < rect.Height; y++)
            mask.GetRow(rect.Y + y).Slice(rect.X, rect.Width).CopyTo(result.GetRow(y));
        return result;
    }
}
