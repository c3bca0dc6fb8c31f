using System.Buffers;
using ImageAI.Imaging;
using ImageAI.Morphology;

namespace ImageAI.Watermarks;

public static partial class TextStrokeMask
{
    /// <summary>
    /// The desaturated strokes that the photo's segmentation missed join it when they lie in the line's core at least
    /// about as densely as in its margins (at most this many times the core's density there). Over a busy photo grey
    /// text flips polarity along a line (lighter than the dark parts, darker than the light ones) and a chunk takes
    /// only one; on the inverted chroma (<see cref="ImageAI.Processing.AchromaticMap"/>) every neutral stroke is pale
    /// over coloured photo. Around a line the photo already found whole, the chroma's segmentation takes the photo's own
    /// grey details instead, and those lie more in the margins (the letters' places are taken). Texture that fills both
    /// alike still joins: on the synthetic set a limit of 0.8 found 1.3 points less text than 1.2, and 1.6 grew the mask
    /// by 0.15x more for 0.2 point; taking every chroma stroke found 0.8 point more for a mask 0.3x larger and a lower
    /// region gain (+5.05 dB instead of +5.64).
    /// </summary>
    private const float MaxAddedMarginToCore = 1.2f;

    /// <summary>Adds to <paramref name="state"/> the strokes of the region's inverted chroma that pass <see cref="MaxAddedMarginToCore"/>.</summary>
    private static void AddDesaturatedStrokes(ImageBuffer achromatic, byte[] state, TextRegion region, TextRegion grown, PixelRect b, int r)
    {
        var chroma = Segment(achromatic, region, grown, b, r, 0, out _);
        if (chroma is null) return;
        try
        {
            int w = b.Width, h = b.Height, core = 0, coreAdded = 0, margin = 0, marginAdded = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    if (!grown.Contains(b.X + x, b.Y + y)) continue;
                    int i = y * w + x;
                    bool added = chroma[i] >= 2 && state[i] < 2;
                    float v = AcrossLine(region, b.X + x, b.Y + y);
                    if (v < CoreHalfWidth) { core++; if (added) coreAdded++; }
                    else if (v >= MarginStart) { margin++; if (added) marginAdded++; }
                }
            if (core == 0 || margin == 0 || coreAdded == 0) return;
            if ((double)marginAdded / margin > MaxAddedMarginToCore * coreAdded / core) return;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (chroma[y * w + x] >= 2 && grown.Contains(b.X + x, b.Y + y)) state[y * w + x] = 2;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chroma);
        }
    }
}
