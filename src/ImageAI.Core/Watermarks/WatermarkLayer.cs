using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Processing;

namespace ImageAI.Watermarks;

/// <summary>
/// A watermark as it sits in a photo: per-pixel opacity A (0..1) and colour W (RGB 0..255) over a rectangle, so
/// that the watermarked pixel is <c>I = A*W + (1 - A)*J</c> for the clean pixel J. Built from a known template
/// (<see cref="FromTemplate"/>) or estimated from a batch (<see cref="WatermarkEstimator"/>).
/// </summary>
public sealed class WatermarkLayer
{
    /// <summary>Creates a layer from its arrays (alpha: Width*Height values in 0..1; rgb: 3 per pixel, 0..255).</summary>
    public WatermarkLayer(int x, int y, int width, int height, float[] alpha, float[] rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(alpha);
        ArgumentNullException.ThrowIfNull(rgb);
        if (alpha.Length != width * height || rgb.Length != width * height * 3)
            throw new ArgumentException($"A {width}x{height} layer needs {width * height} alpha and {width * height * 3} colour values.");
        (X, Y, Width, Height, Alpha, Rgb) = (x, y, width, height, alpha, rgb);
    }

    /// <summary>Left column in the photo.</summary>
    public int X { get; }
    /// <summary>Top row in the photo.</summary>
    public int Y { get; }
    /// <summary>Width of the layer.</summary>
    public int Width { get; }
    /// <summary>Height of the layer.</summary>
    public int Height { get; }
    /// <summary>Per-pixel opacity, 0..1, row-major.</summary>
    public float[] Alpha { get; }
    /// <summary>Per-pixel colour, RGB interleaved, 0..255.</summary>
    public float[] Rgb { get; }

    /// <summary>The rectangle the layer covers.</summary>
    public PixelRect Bounds => new(X, Y, Width, Height);

    /// <summary>
    /// The layer for an RGBA template drawn at (x, y) with the given size and a global opacity:
    /// A = min(1, opacity x alpha / reference), where the reference is the template's typical opaque alpha (the
    /// median of its alpha values above half the maximum). So a logo saved at 40% alpha and one saved at 100%
    /// describe the same mark, antialiased edges keep their partial coverage, and opacity 1 means the body of the
    /// mark fully covers the photo. W = the template's colour (resized with premultiplied alpha).
    /// </summary>
    public static WatermarkLayer FromTemplate(ImageBuffer template, int x, int y, int width, int height, double opacity, ResizeMode mode = ResizeMode.Bicubic)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentOutOfRangeException.ThrowIfNegative(opacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(opacity, 1.0);
        var resized = template.Width == width && template.Height == height ? template : Resampler.Resize(template, width, height, mode);
        var alpha = new float[width * height];
        var rgb = new float[width * height * 3];
        ReadOnlySpan<byte> px = resized.Pixels;
        float reference = ReferenceAlpha(template);
        for (int i = 0; i < alpha.Length; i++)
        {
            alpha[i] = (float)Math.Min(1.0, opacity * px[i * 4 + 3] / reference);
            rgb[i * 3] = px[i * 4];
            rgb[i * 3 + 1] = px[i * 4 + 1];
            rgb[i * 3 + 2] = px[i * 4 + 2];
        }
        return new WatermarkLayer(x, y, width, height, alpha, rgb);
    }

    /// <summary>The template's typical opaque alpha: the median of alpha values at least half its maximum (at least 1).</summary>
    public static float ReferenceAlpha(ImageBuffer template)
    {
        ArgumentNullException.ThrowIfNull(template);
        ReadOnlySpan<byte> px = template.Pixels;
        int max = 0;
        for (int i = 3; i < px.Length; i += 4) max = Math.Max(max, px[i]);
        if (max == 0) return 1;
        Span<int> histogram = stackalloc int[256];
        int count = 0;
        for (int i = 3; i < px.Length; i += 4)
            if (px[i] * 2 >= max) { histogram[px[i]]++; count++; }
        int half = count / 2, seen = 0;
        for (int v = 0; v < 256; v++)
        {
            seen += histogram[v];
            if (seen > half) return v;
        }
        return max;
    }

    /// <summary>The same shape and colour with every opacity multiplied by <paramref name="factor"/> (clamped to 1).</summary>
    public WatermarkLayer WithOpacityScale(double factor)
    {
        var alpha = new float[Alpha.Length];
        for (int i = 0; i < alpha.Length; i++) alpha[i] = (float)Math.Min(1.0, Alpha[i] * factor);
        return new WatermarkLayer(X, Y, Width, Height, alpha, Rgb);
    }

    /// <summary>Blends the layer onto a copy of <paramref name="image"/> (used to synthesise test data).</summary>
    public ImageBuffer BlendOnto(ImageBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = image.Clone();
        var px = result.Pixels;
        var (x0, y0, x1, y1) = Clip(image.Width, image.Height);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                int i = (y - Y) * Width + (x - X), p = (y * image.Width + x) * 4;
                float a = Alpha[i];
                if (a <= 0) continue;
                for (int c = 0; c < 3; c++) px[p + c] = ToByte(a * Rgb[i * 3 + c] + (1 - a) * px[p + c]);
            }
        return result;
    }

    /// <summary>
    /// Inverts the blend, <c>J = (I - A*W) / (1 - A)</c>, where the opacity is at most <paramref name="maxOpacity"/>;
    /// pixels more opaque than that (too little of the photo survives) are returned in the mask for inpainting.
    /// </summary>
    public InversionResult Invert(ImageBuffer image, double maxOpacity = 0.9)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOpacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxOpacity, 1.0);
        var result = image.Clone();
        var mask = new GrayImage(image.Width, image.Height);
        var px = result.Pixels;
        var m = mask.Pixels;
        long inverted = 0, opaque = 0;
        float limit = (float)maxOpacity;
        var (x0, y0, x1, y1) = Clip(image.Width, image.Height);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                int i = (y - Y) * Width + (x - X), q = y * image.Width + x, p = q * 4;
                float a = Alpha[i];
                if (a <= 1f / 512) continue;
                if (a > limit)
                {
                    m[q] = 255;
                    opaque++;
                    continue;
                }
                float inv = 1f / (1 - a);
                for (int c = 0; c < 3; c++) px[p + c] = ToByte((px[p + c] - a * Rgb[i * 3 + c]) * inv);
                inverted++;
            }
        return new InversionResult(result, mask, inverted, opaque);
    }

    /// <summary>
    /// Pixels where inversion is unreliable: the opacity changes sharply there (the mark's antialiased edges, where
    /// any resampling difference between the stamping tool and this template shows) and the inversion amplifies
    /// errors by 1/(1 - A). A pixel is flagged when max |A(p) - A(q)| over its 4 neighbours, divided by 1 - A(p),
    /// exceeds <paramref name="tolerance"/>.
    /// </summary>
    public GrayImage UnreliableEdges(int imageWidth, int imageHeight, double tolerance)
    {
        var mask = new GrayImage(imageWidth, imageHeight);
        int x0 = Math.Max(0, X), y0 = Math.Max(0, Y);
        int x1 = Math.Min(imageWidth, X + Width), y1 = Math.Min(imageHeight, Y + Height);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                int lx = x - X, ly = y - Y, i = ly * Width + lx;
                float a = Alpha[i], change = 0;
                if (lx > 0) change = Math.Max(change, Math.Abs(a - Alpha[i - 1]));
                if (lx < Width - 1) change = Math.Max(change, Math.Abs(a - Alpha[i + 1]));
                if (ly > 0) change = Math.Max(change, Math.Abs(a - Alpha[i - Width]));
                if (ly < Height - 1) change = Math.Max(change, Math.Abs(a - Alpha[i + Width]));
                if (a > 0 && change / Math.Max(1e-3f, 1 - a) > tolerance) mask.Pixels[y * imageWidth + x] = 255;
            }
        return mask;
    }

    /// <summary>A mask of the pixels where the layer's opacity is above <paramref name="threshold"/>, at the photo's size.</summary>
    public GrayImage ToMask(int imageWidth, int imageHeight, float threshold = 1f / 255)
    {
        var mask = new GrayImage(imageWidth, imageHeight);
        var m = mask.Pixels;
        var (x0, y0, x1, y1) = Clip(imageWidth, imageHeight);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                if (Alpha[(y - Y) * Width + (x - X)] > threshold) m[y * imageWidth + x] = 255;
        return mask;
    }

    /// <summary>The part of the layer inside a width x height image, as [x0, x1) x [y0, y1).</summary>
    private (int X0, int Y0, int X1, int Y1) Clip(int imageWidth, int imageHeight) =>
        (Math.Max(0, X), Math.Max(0, Y), Math.Min(imageWidth, X + Width), Math.Min(imageHeight, Y + Height));

    private static byte ToByte(float v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)(v + 0.5f);
}

/// <summary>The outcome of <see cref="WatermarkLayer.Invert"/>.</summary>
/// <param name="Image">The photo with the blend inverted where possible.</param>
/// <param name="OpaqueMask">Pixels too opaque to invert (255): inpaint these.</param>
/// <param name="InvertedPixels">How many pixels were recovered by inversion.</param>
/// <param name="OpaquePixels">How many pixels are left for inpainting.</param>
public sealed record InversionResult(ImageBuffer Image, GrayImage OpaqueMask, long InvertedPixels, long OpaquePixels);
