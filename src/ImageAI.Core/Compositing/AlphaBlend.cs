namespace ImageAI.Compositing;

/// <summary>Porter-Duff "over" for straight-alpha RGBA bytes.</summary>
public static class AlphaBlend
{
    /// <summary>
    /// Composites <paramref name="foreground"/> over <paramref name="background"/> in place (both straight alpha,
    /// same size). Alpha 0 leaves the background exactly, alpha 255 copies the foreground exactly.
    /// </summary>
    public static void Over(ReadOnlySpan<byte> foreground, Span<byte> background)
    {
        if (foreground.Length != background.Length) throw new ArgumentException("Images differ in size.");
        for (int i = 0; i < foreground.Length; i += 4)
        {
            int fa = foreground[i + 3];
            if (fa == 0) continue;
            if (fa == 255)
            {
                foreground.Slice(i, 4).CopyTo(background.Slice(i, 4));
                continue;
            }
            int ba = background[i + 3];
            // out_a = fa + ba*(1-fa); out_c = (fc*fa + bc*ba*(1-fa)) / out_a, in 0..255 fixed point.
            int baScaled = ba * (255 - fa);               // 0..65025
            int outA255 = fa * 255 + baScaled;            // out_a * 255 * 255 / 255
            for (int c = 0; c < 3; c++)
            {
                int num = foreground[i + c] * fa * 255 + background[i + c] * baScaled;
                background[i + c] = (byte)((num + outA255 / 2) / outA255);
            }
            background[i + 3] = (byte)((outA255 + 127) / 255);
        }
    }
}
