namespace ImageAI.Imaging;

/// <summary>
/// An 8-bit RGBA image in memory: row-major, 4 bytes per pixel in R, G, B, A order, straight (not
/// premultiplied) alpha, no row padding. This is the library's one interchange type for colour images.
/// </summary>
/// <remarks>
/// A fixed channel order is what keeps RGB and BGR from being mixed up: every codec converts to it on decode and
/// from it on encode, and every model adapter converts from it to the model's own order.
/// </remarks>
public sealed class ImageBuffer
{
    /// <summary>Bytes per pixel (R, G, B, A).</summary>
    public const int Channels = 4;

    private readonly byte[] _pixels;

    /// <summary>Creates a transparent black image.</summary>
    public ImageBuffer(int width, int height)
    {
        ImageGuard.CheckDimensions(width, height);
        _pixels = new byte[checked(width * height * Channels)];
        Width = width;
        Height = height;
    }

    /// <summary>Wraps existing RGBA bytes (no copy). The array must hold exactly width*height*4 bytes.</summary>
    public ImageBuffer(int width, int height, byte[] rgba)
    {
        ImageGuard.CheckDimensions(width, height);
        ArgumentNullException.ThrowIfNull(rgba);
        if (rgba.Length != (long)width * height * Channels)
            throw new ArgumentException($"Expected {(long)width * height * Channels} bytes for a {width}x{height} RGBA image, got {rgba.Length}.", nameof(rgba));
        _pixels = rgba;
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of pixels.</summary>
    public long PixelCount => (long)Width * Height;

    /// <summary>The pixel bytes, RGBA, row-major.</summary>
    public Span<byte> Pixels => _pixels;

    /// <summary>The underlying array (exposed for interop and zero-copy encoders).</summary>
    public byte[] PixelArray => _pixels;

    /// <summary>One row of RGBA bytes.</summary>
    public Span<byte> GetRow(int y) => _pixels.AsSpan(y * Width * Channels, Width * Channels);

    /// <summary>A deep copy.</summary>
    public ImageBuffer Clone() => new(Width, Height, (byte[])_pixels.Clone());

    /// <summary>True when every pixel has alpha 255.</summary>
    public bool IsOpaque()
    {
        ReadOnlySpan<byte> p = _pixels;
        for (int i = 3; i < p.Length; i += 4)
            if (p[i] != 255) return false;
        return true;
    }

    /// <summary>Creates an image filled with one colour.</summary>
    public static ImageBuffer Filled(int width, int height, Rgba32 colour)
    {
        var image = new ImageBuffer(width, height);
        uint packed = colour.PackedLittleEndian;
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(image.Pixels).Fill(packed);
        return image;
    }

    /// <summary>The alpha channel as a mask.</summary>
    public GrayImage ExtractAlpha()
    {
        var mask = new GrayImage(Width, Height);
        PixelConversions.ExtractChannel(_pixels, mask.Pixels, 3);
        return mask;
    }

    /// <inheritdoc />
    public override string ToString() => $"ImageBuffer {Width}x{Height} RGBA";
}
