using ImageAI.Imaging;

namespace ImageAI.Codecs;

/// <summary>What a header says about an encoded image, read without decoding the pixels.</summary>
/// <param name="Format">The container format.</param>
/// <param name="Width">Width as displayed, after EXIF orientation.</param>
/// <param name="Height">Height as displayed, after EXIF orientation.</param>
/// <param name="HasAlpha">Whether the encoding can carry transparency.</param>
public readonly record struct ImageInfo(ImageFormat Format, int Width, int Height, bool HasAlpha);

/// <summary>Options for decoding.</summary>
public sealed record ImageDecodeOptions
{
    /// <summary>The default options (64 MP limit, EXIF orientation applied).</summary>
    public static ImageDecodeOptions Default { get; } = new();

    /// <summary>Images with more pixels than this are refused from the header, before any pixel is decoded.</summary>
    public long MaxPixels { get; init; } = ImageGuard.DefaultMaxPixels;

    /// <summary>Rotate/flip the pixels as the EXIF orientation tag says (default true).</summary>
    public bool ApplyExifOrientation { get; init; } = true;
}

/// <summary>Options for encoding.</summary>
public sealed record ImageEncodeOptions
{
    /// <summary>The output format.</summary>
    public ImageFormat Format { get; init; } = ImageFormat.Png;

    /// <summary>Quality 1..100 for JPEG and lossy WebP (default 90). 100 with WebP means lossless.</summary>
    public int Quality { get; init; } = 90;

    /// <summary>zlib level 0..9 for PNG. The default 3 is several times faster than 9 for a few percent more bytes.</summary>
    public int PngCompressionLevel { get; init; } = 3;

    /// <summary>The colour under transparent pixels when the format has no alpha (JPEG). Default white.</summary>
    public Rgba32 FlattenBackground { get; init; } = Rgba32.White;

    /// <summary>Validates the options.</summary>
    public void Validate()
    {
        if (Quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(Quality), Quality, "Quality must be between 1 and 100.");
        if (PngCompressionLevel is < 0 or > 9) throw new ArgumentOutOfRangeException(nameof(PngCompressionLevel), PngCompressionLevel, "PNG compression level must be between 0 and 9.");
        if (Format is not (ImageFormat.Png or ImageFormat.Jpeg or ImageFormat.Webp))
            throw new UnsupportedImageFormatException($"Cannot encode {Format}: use PNG, JPEG or WebP.");
    }
}

/// <summary>
/// The seam between the library and an imaging library. The default is <see cref="SkiaImageCodec"/>; register
/// another with <see cref="ImageIO.Codec"/> to decode formats Skia lacks.
/// </summary>
public interface IImageCodec
{
    /// <summary>Reads the header: format and displayed size. Throws <see cref="InvalidImageException"/> or
    /// <see cref="UnsupportedImageFormatException"/>.</summary>
    ImageInfo Identify(ReadOnlySpan<byte> encoded);

    /// <summary>Decodes to straight-alpha RGBA, checking the pixel limit from the header first.</summary>
    ImageBuffer Decode(ReadOnlySpan<byte> encoded, ImageDecodeOptions options);

    /// <summary>Encodes an image.</summary>
    void Encode(ImageBuffer image, Stream destination, ImageEncodeOptions options);
}
