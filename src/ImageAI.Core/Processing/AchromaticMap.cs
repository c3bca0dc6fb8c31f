using ImageAI.Imaging;

namespace ImageAI.Processing;

/// <summary>
/// How far each pixel is from grey, inverted: <c>255 - (max(R,G,B) - min(R,G,B))</c> in all three channels. A white,
/// black or grey overlay blended at opacity A pulls the photo's chroma towards zero by the factor (1 - A) whatever the
/// photo's brightness, so over a coloured background semi-transparent neutral text stands out here as bright strokes
/// even where its luminance contrast is lost in texture.
/// </summary>
public static class AchromaticMap
{
    /// <summary>A new opaque image of the inverted chroma of <paramref name="image"/>.</summary>
    public static ImageBuffer Create(ImageBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new ImageBuffer(image.Width, image.Height);
        var source = image.Pixels;
        var target = result.Pixels;
        for (int i = 0; i < source.Length; i += 4)
        {
            byte r = source[i], g = source[i + 1], b = source[i + 2];
            byte hi = Math.Max(r, Math.Max(g, b)), lo = Math.Min(r, Math.Min(g, b));
            byte value = (byte)(255 - (hi - lo));
            target[i] = value;
            target[i + 1] = value;
            target[i + 2] = value;
            target[i + 3] = 255;
        }
        return result;
    }
}
