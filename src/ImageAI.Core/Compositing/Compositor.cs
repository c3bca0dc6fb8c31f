using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ImageAI.Imaging;

namespace ImageAI.Compositing;

/// <summary>How colours are mixed where alpha is fractional.</summary>
public enum BlendSpace
{
    /// <summary>Mix the stored sRGB values directly (what most tools do; fastest).</summary>
    Srgb,
    /// <summary>Mix in linear light (decode sRGB, blend, re-encode): physically correct edges, slightly slower.</summary>
    Linear,
}

/// <summary>
/// Porter-Duff compositing of RGBA bytes: straight and premultiplied alpha, over and under, sRGB or linear-light
/// mixing. Every variant leaves the background exactly where the foreground alpha is 0 and copies the
/// foreground exactly where it is 255. The sRGB "over" has a scalar reference (<see cref="OverScalar"/>) and a
/// vectorised version (<see cref="Over(ReadOnlySpan{byte}, Span{byte}, BlendSpace)"/>) that give identical bytes.
/// </summary>
public static class Compositor
{
    /// <summary>Composites straight-alpha <paramref name="foreground"/> over <paramref name="background"/> in place.</summary>
    public static void Over(ReadOnlySpan<byte> foreground, Span<byte> background, BlendSpace space = BlendSpace.Srgb)
    {
        CheckLengths(foreground.Length, background.Length);
        if (space == BlendSpace.Linear)
        {
            for (int i = 0; i < foreground.Length; i += 4) OverPixelLinear(foreground.Slice(i, 4), background.Slice(i, 4), background.Slice(i, 4));
            return;
        }
        int done = Vector256.IsHardwareAccelerated ? OverOpaqueVector256(foreground, background) : 0;
        OverScalar(foreground[done..], background[done..]);
    }

    /// <summary>The scalar reference for sRGB straight-alpha "over" (in place on the background).</summary>
    public static void OverScalar(ReadOnlySpan<byte> foreground, Span<byte> background)
    {
        CheckLengths(foreground.Length, background.Length);
        for (int i = 0; i < foreground.Length; i += 4) OverPixel(foreground.Slice(i, 4), background.Slice(i, 4), background.Slice(i, 4));
    }

    /// <summary>
    /// Places <paramref name="background"/> under the straight-alpha <paramref name="foreground"/>, writing the
    /// result into the foreground (the same result as <see cref="Over(ReadOnlySpan{byte}, Span{byte}, BlendSpace)"/>
    /// with the buffers' roles swapped).
    /// </summary>
    public static void Under(Span<byte> foreground, ReadOnlySpan<byte> background, BlendSpace space = BlendSpace.Srgb)
    {
        CheckLengths(foreground.Length, background.Length);
        Span<byte> fg = stackalloc byte[4];
        for (int i = 0; i < foreground.Length; i += 4)
        {
            foreground.Slice(i, 4).CopyTo(fg);
            if (space == BlendSpace.Linear) OverPixelLinear(fg, background.Slice(i, 4), foreground.Slice(i, 4));
            else OverPixel(fg, background.Slice(i, 4), foreground.Slice(i, 4));
        }
    }

    /// <summary>Composites the straight-alpha foreground over one colour into <paramref name="destination"/>.</summary>
    public static void OverColor(ReadOnlySpan<byte> foreground, Rgba32 colour, Span<byte> destination, BlendSpace space = BlendSpace.Srgb)
    {
        CheckLengths(foreground.Length, destination.Length);
        MemoryMarshal.Cast<byte, uint>(destination).Fill(colour.PackedLittleEndian);
        Over(foreground, destination, space);
    }

    /// <summary>Premultiplied "over" in place: out = fg + bg * (1 - fg.alpha), on all four channels.</summary>
    public static void OverPremultiplied(ReadOnlySpan<byte> foreground, Span<byte> background)
    {
        CheckLengths(foreground.Length, background.Length);
        for (int i = 0; i < foreground.Length; i += 4)
        {
            int inv = 255 - foreground[i + 3];
            for (int c = 0; c < 4; c++)
                background[i + c] = (byte)Math.Min(255, foreground[i + c] + (background[i + c] * inv + 127) / 255);
        }
    }

    /// <summary>Converts straight alpha to premultiplied in place: c = round(c * a / 255).</summary>
    public static void Premultiply(Span<byte> rgba)
    {
        CheckLengths(rgba.Length, rgba.Length);
        for (int i = 0; i < rgba.Length; i += 4)
        {
            int a = rgba[i + 3];
            if (a == 255) continue;
            for (int c = 0; c < 3; c++) rgba[i + c] = (byte)((rgba[i + c] * a + 127) / 255);
        }
    }

    /// <summary>Converts premultiplied alpha to straight in place: c = round(c * 255 / a), 0 where a is 0.</summary>
    public static void Unpremultiply(Span<byte> rgba)
    {
        CheckLengths(rgba.Length, rgba.Length);
        for (int i = 0; i < rgba.Length; i += 4)
        {
            int a = rgba[i + 3];
            if (a == 255) continue;
            for (int c = 0; c < 3; c++) rgba[i + c] = a == 0 ? (byte)0 : (byte)Math.Min(255, (rgba[i + c] * 255 + a / 2) / a);
        }
    }

    /// <summary>One pixel of straight-alpha "over" in 0..255 fixed point; <paramref name="result"/> may alias either input.</summary>
    private static void OverPixel(ReadOnlySpan<byte> fg, ReadOnlySpan<byte> bg, Span<byte> result)
    {
        int fa = fg[3];
        if (fa == 255) { fg.CopyTo(result); return; }
        if (fa == 0) { bg.CopyTo(result); return; }
        int ba = bg[3];
        if (ba == 255)
        {
            // Opaque background (the common case): out = round((fc*fa + bc*(255-fa)) / 255), alpha 255.
            int inv = 255 - fa;
            byte r = (byte)((fg[0] * fa + bg[0] * inv + 127) / 255);
            byte g = (byte)((fg[1] * fa + bg[1] * inv + 127) / 255);
            byte b = (byte)((fg[2] * fa + bg[2] * inv + 127) / 255);
            result[0] = r; result[1] = g; result[2] = b; result[3] = 255;
            return;
        }
        // out_a = fa + ba(1-fa); out_c = (fc fa + bc ba (1-fa)) / out_a, all scaled by 255.
        int baScaled = ba * (255 - fa);
        int outA255 = fa * 255 + baScaled;
        if (outA255 == 0) { result.Clear(); return; }
        int c0 = (fg[0] * fa * 255 + bg[0] * baScaled + outA255 / 2) / outA255;
        int c1 = (fg[1] * fa * 255 + bg[1] * baScaled + outA255 / 2) / outA255;
        int c2 = (fg[2] * fa * 255 + bg[2] * baScaled + outA255 / 2) / outA255;
        result[0] = (byte)c0; result[1] = (byte)c1; result[2] = (byte)c2;
        result[3] = (byte)((outA255 + 127) / 255);
    }

    /// <summary>One pixel of "over" with colours mixed in linear light (alpha itself is coverage, so mixed linearly).</summary>
    private static void OverPixelLinear(ReadOnlySpan<byte> fg, ReadOnlySpan<byte> bg, Span<byte> result)
    {
        int fa = fg[3];
        if (fa == 255) { fg.CopyTo(result); return; }
        if (fa == 0) { bg.CopyTo(result); return; }
        float a = fa / 255f, b = bg[3] / 255f * (1 - a);
        float outA = a + b;
        if (outA <= 0) { result.Clear(); return; }
        var lut = SrgbTransfer.ToLinearTable;
        float inv = 1f / outA;
        byte c0 = SrgbTransfer.FromLinear((lut[fg[0]] * a + lut[bg[0]] * b) * inv);
        byte c1 = SrgbTransfer.FromLinear((lut[fg[1]] * a + lut[bg[1]] * b) * inv);
        byte c2 = SrgbTransfer.FromLinear((lut[fg[2]] * a + lut[bg[2]] * b) * inv);
        result[0] = c0; result[1] = c1; result[2] = c2;
        result[3] = (byte)Math.Clamp((int)MathF.Round(outA * 255f), 0, 255);
    }

    /// <summary>
    /// Vectorised "over" for runs of 8 pixels whose background is opaque (colour and photo backgrounds); a run
    /// with any translucent background pixel goes through the scalar path. Returns the bytes processed.
    /// The rounding <c>(t + 128 + ((t + 128) &gt;&gt; 8)) &gt;&gt; 8</c> equals the scalar <c>(t + 127) / 255</c> for every t in 0..65025.
    /// </summary>
    private static int OverOpaqueVector256(ReadOnlySpan<byte> foreground, Span<byte> background)
    {
        int length = foreground.Length - foreground.Length % 32;
        var alphaMask = Vector256.Create(0xFF000000u);
        var round = Vector256.Create((ushort)128);
        ref byte fgRef = ref MemoryMarshal.GetReference(foreground);
        ref byte bgRef = ref MemoryMarshal.GetReference(background);
        for (int i = 0; i < length; i += 32)
        {
            var f = Vector256.LoadUnsafe(ref fgRef, (nuint)i);
            var b = Vector256.LoadUnsafe(ref bgRef, (nuint)i);
            var fu = f.AsUInt32();
            var bu = b.AsUInt32();
            if (!Vector256.EqualsAll(bu & alphaMask, alphaMask))
            {
                OverScalar(foreground.Slice(i, 32), background.Slice(i, 32));
                continue;
            }
            var fAlpha = fu >>> 24;
            if (Vector256.EqualsAll(fAlpha, Vector256<uint>.Zero)) continue;
            if (Vector256.EqualsAll(fAlpha, Vector256.Create(255u))) { f.StoreUnsafe(ref bgRef, (nuint)i); continue; }
            var a = (fAlpha * 0x01010101u).AsByte();
            var ia = ~a;
            var (fLo, fHi) = Vector256.Widen(f);
            var (bLo, bHi) = Vector256.Widen(b);
            var (aLo, aHi) = Vector256.Widen(a);
            var (iLo, iHi) = Vector256.Widen(ia);
            var tLo = fLo * aLo + bLo * iLo + round;
            var tHi = fHi * aHi + bHi * iHi + round;
            tLo = (tLo + (tLo >>> 8)) >>> 8;
            tHi = (tHi + (tHi >>> 8)) >>> 8;
            var result = Vector256.Narrow(tLo, tHi).AsUInt32() | alphaMask;
            result.AsByte().StoreUnsafe(ref bgRef, (nuint)i);
        }
        return length;
    }

    private static void CheckLengths(int a, int b)
    {
        if (a != b) throw new ArgumentException($"The images differ in size ({a / 4} and {b / 4} pixels).");
        if (a % 4 != 0) throw new ArgumentException("RGBA buffers must hold a multiple of 4 bytes.");
    }
}
