namespace ImageAI.Codecs;

/// <summary>Encoded image formats the library names.</summary>
public enum ImageFormat
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,
    /// <summary>PNG: lossless, keeps alpha.</summary>
    Png,
    /// <summary>JPEG: lossy, no alpha (transparent pixels are flattened onto a background colour).</summary>
    Jpeg,
    /// <summary>WebP: lossy or lossless, keeps alpha.</summary>
    Webp,
    /// <summary>GIF (decode only).</summary>
    Gif,
    /// <summary>BMP (decode only).</summary>
    Bmp,
}

/// <summary>Helpers to name formats from paths and magic bytes.</summary>
public static class ImageFormats
{
    /// <summary>The format implied by a file name's extension.</summary>
    /// <exception cref="UnsupportedImageFormatException">The extension names no writable format.</exception>
    public static ImageFormat FromPath(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".png" => ImageFormat.Png,
            ".jpg" or ".jpeg" or ".jpe" => ImageFormat.Jpeg,
            ".webp" => ImageFormat.Webp,
            _ => throw new UnsupportedImageFormatException($"Cannot tell the output format from '{Path.GetFileName(path)}': use .png, .jpg or .webp."),
        };
    }

    /// <summary>Parses "png", "jpeg"/"jpg" or "webp".</summary>
    public static ImageFormat Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "png" => ImageFormat.Png,
        "jpg" or "jpeg" => ImageFormat.Jpeg,
        "webp" => ImageFormat.Webp,
        _ => throw new UnsupportedImageFormatException($"Unknown image format '{name}': use png, jpeg or webp."),
    };

    /// <summary>The MIME type of a format.</summary>
    public static string MimeType(ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Webp => "image/webp",
        ImageFormat.Gif => "image/gif",
        ImageFormat.Bmp => "image/bmp",
        _ => "application/octet-stream",
    };

    /// <summary>The usual file extension (with the dot).</summary>
    public static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Png => ".png",
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Webp => ".webp",
        ImageFormat.Gif => ".gif",
        ImageFormat.Bmp => ".bmp",
        _ => ".bin",
    };

    /// <summary>Recognises a format from its first bytes (at least 12 are needed for WebP).</summary>
    public static ImageFormat Sniff(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 8 && header[..8].SequenceEqual(PngMagic)) return ImageFormat.Png;
        if (header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF) return ImageFormat.Jpeg;
        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8)) return ImageFormat.Webp;
        if (header.Length >= 6 && (header[..6].SequenceEqual("GIF87a"u8) || header[..6].SequenceEqual("GIF89a"u8))) return ImageFormat.Gif;
        if (header.Length >= 2 && header[0] == (byte)'B' && header[1] == (byte)'M') return ImageFormat.Bmp;
        return ImageFormat.Unknown;
    }

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
}
