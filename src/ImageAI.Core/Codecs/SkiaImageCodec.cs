using System.Runtime.InteropServices;
using ImageAI.Imaging;
using SkiaSharp;

namespace ImageAI.Codecs;

/// <summary>PNG, JPEG, WebP (and GIF/BMP decode) through SkiaSharp.</summary>
public sealed class SkiaImageCodec : IImageCodec
{
    /// <summary>A shared instance (the codec is stateless and thread-safe).</summary>
    public static SkiaImageCodec Instance { get; } = new();

    /// <inheritdoc />
    public ImageInfo Identify(ReadOnlySpan<byte> encoded)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = OpenCodec(encoded, data);
        var (w, h) = DisplayedSize(codec.Info.Width, codec.Info.Height, codec.EncodedOrigin);
        return new ImageInfo(MapFormat(codec.EncodedFormat), w, h, codec.Info.AlphaType != SKAlphaType.Opaque);
    }

    /// <inheritdoc />
    public ImageBuffer Decode(ReadOnlySpan<byte> encoded, ImageDecodeOptions options)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = OpenCodec(encoded, data);
        int w = codec.Info.Width, h = codec.Info.Height;
        ImageGuard.CheckPixelLimit(w, h, options.MaxPixels);

        var pixels = new byte[checked(w * h * 4)];
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        SKCodecResult result;
        try
        {
            result = codec.GetPixels(info, handle.AddrOfPinnedObject());
        }
        finally
        {
            handle.Free();
        }
        switch (result)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
            case SKCodecResult.ErrorInInput:
                throw new InvalidImageException($"The {MapFormat(codec.EncodedFormat)} image is truncated or corrupt ({result}).");
            default:
                throw new InvalidImageException($"The image could not be decoded: {result}.");
        }
        var image = new ImageBuffer(w, h, pixels);
        return options.ApplyExifOrientation ? Orientation.Apply(image, (ExifOrientation)(int)codec.EncodedOrigin) : image;
    }

    /// <inheritdoc />
    public void Encode(ImageBuffer image, Stream destination, ImageEncodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        options.Validate();
        var source = image;
        if (options.Format == ImageFormat.Jpeg && !image.IsOpaque())
            source = Flatten(image, options.FlattenBackground);

        var info = new SKImageInfo(source.Width, source.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(source.PixelArray, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using SKData? encoded = options.Format switch
            {
                ImageFormat.Png => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub | SKPngEncoderFilterFlags.Up, options.PngCompressionLevel)),
                ImageFormat.Jpeg => pixmap.Encode(new SKJpegEncoderOptions(options.Quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
                ImageFormat.Webp => pixmap.Encode(new SKWebpEncoderOptions(options.Quality >= 100 ? SKWebpEncoderCompression.Lossless : SKWebpEncoderCompression.Lossy, options.Quality >= 100 ? 75 : options.Quality)),
                _ => null,
            };
            if (encoded is null)
                throw new ImageAIException($"SkiaSharp could not encode the image as {options.Format}.");
            encoded.SaveTo(destination);
        }
        finally
        {
            handle.Free();
        }
    }

    private static ImageBuffer Flatten(ImageBuffer image, Rgba32 background)
    {
        var flat = ImageBuffer.Filled(image.Width, image.Height, background with { A = 255 });
        Compositing.AlphaBlend.Over(image.Pixels, flat.Pixels);
        return flat;
    }

    private static SKCodec OpenCodec(ReadOnlySpan<byte> encoded, SKData data)
    {
        if (encoded.IsEmpty)
            throw new InvalidImageException("The image is empty (0 bytes).");
        var codec = SKCodec.Create(new SKMemoryStream(data), out var result);
        if (codec is not null) return codec;
        var sniffed = ImageFormats.Sniff(encoded);
        if (sniffed == ImageFormat.Unknown)
            throw new UnsupportedImageFormatException("The data is not an image in a supported format (PNG, JPEG, WebP, GIF, BMP).");
        throw new InvalidImageException($"The {sniffed} image is corrupt or truncated: its header cannot be read ({result}).");
    }

    private static (int W, int H) DisplayedSize(int w, int h, SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom ? (h, w) : (w, h);

    private static ImageFormat MapFormat(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => ImageFormat.Png,
        SKEncodedImageFormat.Jpeg => ImageFormat.Jpeg,
        SKEncodedImageFormat.Webp => ImageFormat.Webp,
        SKEncodedImageFormat.Gif => ImageFormat.Gif,
        SKEncodedImageFormat.Bmp => ImageFormat.Bmp,
        _ => ImageFormat.Unknown,
    };
}
