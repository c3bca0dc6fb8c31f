namespace ImageAI.Imaging;

/// <summary>Validation shared by every image type and codec.</summary>
public static class ImageGuard
{
    /// <summary>The default maximum pixel count accepted from a file or stream: 64 megapixels.</summary>
    public const long DefaultMaxPixels = 64L * 1024 * 1024;

    /// <summary>Throws <see cref="InvalidImageException"/> for zero or negative dimensions.</summary>
    public static void CheckDimensions(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new InvalidImageException($"Image dimensions must be positive, got {width}x{height}.");
        if ((long)width * height > int.MaxValue / 4)
            throw new ImageTooLargeException(width, height, int.MaxValue / 4);
    }

    /// <summary>Throws <see cref="ImageTooLargeException"/> when width*height exceeds <paramref name="maxPixels"/>.</summary>
    public static void CheckPixelLimit(int width, int height, long maxPixels)
    {
        CheckDimensions(width, height);
        if ((long)width * height > maxPixels)
            throw new ImageTooLargeException(width, height, maxPixels);
    }
}
