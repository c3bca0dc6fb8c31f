using ImageAI.Imaging;

namespace ImageAI.Processing;

/// <summary>
/// Global histogram equalisation of a grey image: each level is mapped to the share of pixels at or below it, so the
/// levels the image actually uses spread over 0..255. A map whose values crowd into a narrow band (the inverted chroma
/// of a photo of mostly neutral colours, nearly white everywhere) gets its faint structure stretched to full contrast.
/// </summary>
public static class HistogramEqualization
{
    /// <summary>A new opaque grey image: <paramref name="image"/>'s first channel equalised (for grey images such as <see cref="AchromaticMap"/>).</summary>
    /// <param name="image">A grey image (R = G = B); only R is read.</param>
    public static ImageBuffer EqualizeGrey(ImageBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ReadOnlySpan<byte> source = image.Pixels;
        Span<long> histogram = stackalloc long[256];
        histogram.Clear();
        for (int i = 0; i < source.Length; i += 4) histogram[source[i]]++;
        Span<byte> map = stackalloc byte[256];
        long total = (long)image.Width * image.Height, seen = 0;
        for (int level = 0; level < 256; level++)
        {
            seen += histogram[level];
            map[level] = total > 0 ? (byte)(255 * seen / total) : (byte)level;
        }
        var result = new ImageBuffer(image.Width, image.Height);
        var target = result.Pixels;
        for (int i = 0; i < source.Length; i += 4)
        {
            byte value = map[source[i]];
            target[i] = value;
            target[i + 1] = value;
            target[i + 2] = value;
            target[i + 3] = 255;
        }
        return result;
    }
}
