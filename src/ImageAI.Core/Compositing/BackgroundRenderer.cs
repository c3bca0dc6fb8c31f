using ImageAI.Imaging;
using ImageAI.Operations;
using ImageAI.Processing;

namespace ImageAI.Compositing;

/// <summary>Draws a <see cref="BackgroundFill"/> at a given size (always the subject image's size, so the subject keeps its size).</summary>
public static class BackgroundRenderer
{
    /// <summary>Renders the fill as a width x height image.</summary>
    /// <param name="fill">What to draw.</param>
    /// <param name="original">The original image (used by <see cref="BlurFill"/>); must be width x height.</param>
    /// <param name="alpha">The subject's alpha (0..1 per pixel) for <see cref="BlurFill"/>, or null.</param>
    public static ImageBuffer Render(BackgroundFill fill, ImageBuffer original, ReadOnlySpan<float> alpha)
    {
        ArgumentNullException.ThrowIfNull(fill);
        ArgumentNullException.ThrowIfNull(original);
        fill.Validate();
        int w = original.Width, h = original.Height;
        return fill switch
        {
            SolidFill s => ImageBuffer.Filled(w, h, s.Color),
            LinearGradientFill g => LinearGradient(w, h, g),
            RadialGradientFill g => RadialGradient(w, h, g),
            ImageFill i => PlaceImage(i, w, h),
            BlurFill b => BlurBehind(original, alpha, b.Radius),
            _ => throw new ArgumentException($"Unsupported background fill {fill.GetType().Name}.", nameof(fill)),
        };
    }

    private static ImageBuffer LinearGradient(int w, int h, LinearGradientFill g)
    {
        double angle = g.AngleDegrees * Math.PI / 180;
        double dx = Math.Cos(angle), dy = Math.Sin(angle);
        double extent = Math.Abs((w - 1) * dx) + Math.Abs((h - 1) * dy);
        if (extent < 1e-9) extent = 1;
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        var image = new ImageBuffer(w, h);
        var pixels = image.PixelArray;
        Parallel.For(0, h, y =>
        {
            var row = pixels.AsSpan(y * w * 4, w * 4);
            for (int x = 0; x < w; x++)
                Lerp(g.Start, g.End, (float)(((x - cx) * dx + (y - cy) * dy) / extent + 0.5), row.Slice(4 * x, 4));
        });
        return image;
    }

    private static ImageBuffer RadialGradient(int w, int h, RadialGradientFill g)
    {
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        double max = Math.Max(1e-9, Math.Sqrt(cx * cx + cy * cy));
        var image = new ImageBuffer(w, h);
        var pixels = image.PixelArray;
        Parallel.For(0, h, y =>
        {
            var row = pixels.AsSpan(y * w * 4, w * 4);
            double ddy = (y - cy) * (y - cy);
            for (int x = 0; x < w; x++)
                Lerp(g.Inner, g.Outer, (float)(Math.Sqrt((x - cx) * (x - cx) + ddy) / max), row.Slice(4 * x, 4));
        });
        return image;
    }

    private static void Lerp(Rgba32 a, Rgba32 b, float t, Span<byte> pixel)
    {
        t = Math.Clamp(t, 0f, 1f);
        pixel[0] = (byte)(a.R + (b.R - a.R) * t + 0.5f);
        pixel[1] = (byte)(a.G + (b.G - a.G) * t + 0.5f);
        pixel[2] = (byte)(a.B + (b.B - a.B) * t + 0.5f);
        pixel[3] = (byte)(a.A + (b.A - a.A) * t + 0.5f);
    }

    /// <summary>Places a background image of any size on a w x h canvas according to its fit.</summary>
    public static ImageBuffer PlaceImage(ImageFill fill, int w, int h)
    {
        var source = fill.Image;
        if (fill.Fit == BackgroundFit.Stretch || (source.Width == w && source.Height == h))
            return source.Width == w && source.Height == h ? source.Clone() : Resampler.Resize(source, w, h, ResizeMode.Bicubic);
        double scale = fill.Fit switch
        {
            BackgroundFit.Fill => Math.Max(w / (double)source.Width, h / (double)source.Height),
            BackgroundFit.Fit => Math.Min(w / (double)source.Width, h / (double)source.Height),
            _ => 1.0,
        };
        int sw = Math.Max(1, (int)Math.Round(source.Width * scale)), sh = Math.Max(1, (int)Math.Round(source.Height * scale));
        var scaled = sw == source.Width && sh == source.Height ? source : Resampler.Resize(source, sw, sh, ResizeMode.Bicubic);
        var canvas = ImageBuffer.Filled(w, h, fill.PadColor);
        // Centre the scaled image; copy the overlap of the two rectangles.
        int offsetX = (w - sw) / 2, offsetY = (h - sh) / 2;
        int x0 = Math.Max(0, offsetX), y0 = Math.Max(0, offsetY);
        int x1 = Math.Min(w, offsetX + sw), y1 = Math.Min(h, offsetY + sh);
        for (int y = y0; y < y1; y++)
            scaled.GetRow(y - offsetY).Slice((x0 - offsetX) * 4, (x1 - x0) * 4).CopyTo(canvas.GetRow(y).Slice(x0 * 4));
        return canvas;
    }

    /// <summary>
    /// The original blurred with the subject held out (normalised convolution: blur(I * (1 - a)) / blur(1 - a)),
    /// so the subject's colours do not smear into the background around it.
    /// </summary>
    private static ImageBuffer BlurBehind(ImageBuffer original, ReadOnlySpan<float> alpha, double radius)
    {
        int w = original.Width, h = original.Height, n = w * h;
        double sigma = radius / 3.0;
        if (alpha.Length < n) return WithOpaqueAlpha(GaussianBlur.Blur(original, sigma));
        var weight = new float[n];
        for (int i = 0; i < n; i++) weight[i] = 1f - alpha[i];
        var plain = GaussianBlur.Blur(original, sigma);
        var blurredWeight = (float[])weight.Clone();
        GaussianBlur.BlurPlane(blurredWeight, w, h, sigma);
        var result = new ImageBuffer(w, h);
        var plane = new float[n];
        var src = original.Pixels;
        var dst = result.Pixels;
        var fallback = plain.Pixels;
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < n; i++) plane[i] = src[4 * i + c] * weight[i];
            GaussianBlur.BlurPlane(plane, w, h, sigma);
            for (int i = 0; i < n; i++)
            {
                float wgt = blurredWeight[i];
                // Deep inside a large subject no background is near: use the plain blur there, mixed in smoothly.
                float held = wgt > 1e-3f ? plane[i] / wgt : 0f;
                float t = Math.Clamp(wgt / 0.05f, 0f, 1f);
                dst[4 * i + c] = (byte)Math.Clamp(held * t + fallback[4 * i + c] * (1 - t) + 0.5f, 0f, 255f);
            }
        }
        for (int i = 0; i < n; i++) dst[4 * i + 3] = 255;
        return result;
    }

    private static ImageBuffer WithOpaqueAlpha(ImageBuffer image)
    {
        var p = image.Pixels;
        for (int i = 3; i < p.Length; i += 4) p[i] = 255;
        return image;
    }
}
