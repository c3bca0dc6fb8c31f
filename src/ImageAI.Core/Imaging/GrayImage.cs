namespace ImageAI.Imaging;

/// <summary>
/// A single-channel 8-bit image: masks, alpha mattes and grey-scale pictures. 0 is background / transparent,
/// 255 is foreground / opaque.
/// </summary>
public sealed class GrayImage
{
    private readonly byte[] _pixels;

    /// <summary>Creates an all-zero image.</summary>
    public GrayImage(int width, int height)
    {
        ImageGuard.CheckDimensions(width, height);
        _pixels = new byte[checked(width * height)];
        Width = width;
        Height = height;
    }

    /// <summary>Wraps existing bytes (no copy); the array must hold exactly width*height bytes.</summary>
    public GrayImage(int width, int height, byte[] pixels)
    {
        ImageGuard.CheckDimensions(width, height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"Expected {(long)width * height} bytes for a {width}x{height} grey image, got {pixels.Length}.", nameof(pixels));
        _pixels = pixels;
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixel bytes, row-major.</summary>
    public Span<byte> Pixels => _pixels;

    /// <summary>The underlying array.</summary>
    public byte[] PixelArray => _pixels;

    /// <summary>One row.</summary>
    public Span<byte> GetRow(int y) => _pixels.AsSpan(y * Width, Width);

    /// <summary>A deep copy.</summary>
    public GrayImage Clone() => new(Width, Height, (byte[])_pixels.Clone());

    /// <summary>Throws <see cref="MaskSizeMismatchException"/> unless this mask has the image's size.</summary>
    public void EnsureSameSize(int width, int height, string what = "mask")
    {
        if (Width != width || Height != height)
            throw new MaskSizeMismatchException($"The {what} is {Width}x{Height} but the image is {width}x{height}.", width, height, Width, Height);
    }

    /// <summary>An opaque RGBA picture of this mask (grey in R, G and B).</summary>
    public ImageBuffer ToImage()
    {
        var image = new ImageBuffer(Width, Height);
        PixelConversions.GrayToRgba(_pixels, image.Pixels);
        return image;
    }

    /// <inheritdoc />
    public override string ToString() => $"GrayImage {Width}x{Height}";
}
