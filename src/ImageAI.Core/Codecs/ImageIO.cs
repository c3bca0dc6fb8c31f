using ImageAI.Imaging;

namespace ImageAI.Codecs;

/// <summary>Loads and saves images through the registered <see cref="IImageCodec"/>; saves are atomic.</summary>
public static class ImageIO
{
    private static IImageCodec _codec = SkiaImageCodec.Instance;

    /// <summary>The codec used by every load and save (default: SkiaSharp). Replace it to plug in another library.</summary>
    public static IImageCodec Codec
    {
        get => _codec;
        set => _codec = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Decodes an encoded image.</summary>
    public static ImageBuffer Decode(ReadOnlySpan<byte> encoded, ImageDecodeOptions? options = null) =>
        Codec.Decode(encoded, options ?? ImageDecodeOptions.Default);

    /// <summary>Reads a header without decoding.</summary>
    public static ImageInfo Identify(ReadOnlySpan<byte> encoded) => Codec.Identify(encoded);

    /// <summary>Loads an image file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidImageException">The file is not a readable image, or is over the pixel limit.</exception>
    public static async Task<ImageBuffer> LoadAsync(string path, ImageDecodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file not found: {path}", path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Decode(bytes, options);
    }

    /// <summary>Loads an image from a stream (read to its end).</summary>
    public static async Task<ImageBuffer> LoadAsync(Stream stream, ImageDecodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options);
    }

    /// <summary>Encodes to bytes.</summary>
    public static byte[] Encode(ImageBuffer image, ImageEncodeOptions? options = null)
    {
        using var ms = new MemoryStream();
        Codec.Encode(image, ms, options ?? new ImageEncodeOptions());
        return ms.ToArray();
    }

    /// <summary>Encodes into a stream.</summary>
    public static void Encode(ImageBuffer image, Stream destination, ImageEncodeOptions? options = null) =>
        Codec.Encode(image, destination, options ?? new ImageEncodeOptions());

    /// <summary>
    /// Saves an image. The format comes from <paramref name="options"/> or else the file extension. The bytes are
    /// written to a temporary file beside the target and moved into place, so a failure leaves no partial file.
    /// </summary>
    public static async Task SaveAsync(ImageBuffer image, string path, ImageEncodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= new ImageEncodeOptions { Format = ImageFormats.FromPath(path) };
        options.Validate();
        var bytes = Encode(image, options);
        await AtomicFile.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
    }
}
