using System.Runtime.InteropServices;

namespace ImageAI.Imaging;

/// <summary>The EXIF orientation tag's eight values (1 = as stored).</summary>
public enum ExifOrientation
{
    /// <summary>Row 0 is the top, column 0 the left: nothing to do.</summary>
    TopLeft = 1,
    /// <summary>Mirrored horizontally.</summary>
    TopRight = 2,
    /// <summary>Rotated 180 degrees.</summary>
    BottomRight = 3,
    /// <summary>Mirrored vertically.</summary>
    BottomLeft = 4,
    /// <summary>Transposed (mirror across the main diagonal).</summary>
    LeftTop = 5,
    /// <summary>Needs a 90 degree clockwise rotation to display.</summary>
    RightTop = 6,
    /// <summary>Transverse (mirror across the anti-diagonal).</summary>
    RightBottom = 7,
    /// <summary>Needs a 90 degree counter-clockwise rotation to display.</summary>
    LeftBottom = 8,
}

/// <summary>Applies EXIF orientation to pixels so that what is stored is what is displayed.</summary>
public static class Orientation
{
    /// <summary>Returns an upright image (the same instance when no change is needed).</summary>
    public static ImageBuffer Apply(ImageBuffer image, ExifOrientation orientation)
    {
        if (orientation is ExifOrientation.TopLeft || !Enum.IsDefined(orientation)) return image;
        int w = image.Width, h = image.Height;
        bool swap = orientation is ExifOrientation.LeftTop or ExifOrientation.RightTop or ExifOrientation.RightBottom or ExifOrientation.LeftBottom;
        int ow = swap ? h : w, oh = swap ? w : h;
        var result = new ImageBuffer(ow, oh);
        var src = MemoryMarshal.Cast<byte, uint>(image.Pixels);
        var dst = MemoryMarshal.Cast<byte, uint>(result.Pixels);
        for (int y = 0; y < oh; y++)
        {
            for (int x = 0; x < ow; x++)
            {
                // (sx, sy): the stored pixel shown at displayed (x, y).
                var (sx, sy) = orientation switch
                {
                    ExifOrientation.TopRight => (w - 1 - x, y),
                    ExifOrientation.BottomRight => (w - 1 - x, h - 1 - y),
                    ExifOrientation.BottomLeft => (x, h - 1 - y),
                    ExifOrientation.LeftTop => (y, x),
                    ExifOrientation.RightTop => (y, h - 1 - x),
                    ExifOrientation.RightBottom => (w - 1 - y, h - 1 - x),
                    ExifOrientation.LeftBottom => (w - 1 - y, x),
                    _ => (x, y),
                };
                dst[y * ow + x] = src[sy * w + sx];
            }
        }
        return result;
    }
}
