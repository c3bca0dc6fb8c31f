using ImageAI.Imaging;
using ImageAI.Operations;
using ImageAI.Processing;

namespace ImageAI.Compositing;

/// <summary>Casts a soft drop shadow from a subject's alpha onto a background.</summary>
public static class ShadowRenderer
{
    /// <summary>Darkens <paramref name="background"/> in place with the shifted, blurred alpha (0..1, background-sized).</summary>
    public static void Apply(ImageBuffer background, ReadOnlySpan<float> alpha, DropShadow shadow)
    {
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(shadow);
        shadow.Validate();
        int w = background.Width, h = background.Height, n = w * h;
        if (alpha.Length < n) throw new ArgumentException($"The alpha plane must hold {n} values.", nameof(alpha));
        var plane = new float[n];
        for (int y = 0; y < h; y++)
        {
            int sy = y - shadow.OffsetY;
            if (sy < 0 || sy >= h) continue;
            for (int x = 0; x < w; x++)
            {
                int sx = x - shadow.OffsetX;
                if (sx >= 0 && sx < w) plane[y * w + x] = alpha[sy * w + sx];
            }
        }
        GaussianBlur.BlurPlane(plane, w, h, shadow.BlurRadius / 3.0);
        var layer = new ImageBuffer(w, h);
        var px = layer.Pixels;
        float opacity = (float)shadow.Opacity * shadow.Color.A / 255f;
        for (int i = 0; i < n; i++)
        {
            px[4 * i] = shadow.Color.R; px[4 * i + 1] = shadow.Color.G; px[4 * i + 2] = shadow.Color.B;
            px[4 * i + 3] = (byte)Math.Clamp(plane[i] * opacity * 255f + 0.5f, 0f, 255f);
        }
        Compositor.Over(layer.Pixels, background.Pixels);
    }
}
