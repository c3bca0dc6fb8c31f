using System.Numerics;
using System.Runtime.InteropServices;

namespace ImageAI.Imaging;

/// <summary>Channel shuffles between interleaved RGBA bytes, grey bytes and planar floats.</summary>
public static class PixelConversions
{
    /// <summary>Copies one channel (0 = R ... 3 = A) of interleaved RGBA into a plane.</summary>
    public static void ExtractChannel(ReadOnlySpan<byte> rgba, Span<byte> plane, int channel)
    {
        if ((uint)channel > 3) throw new ArgumentOutOfRangeException(nameof(channel));
        if (plane.Length * 4 != rgba.Length) throw new ArgumentException("Plane and image sizes differ.");
        for (int i = 0, j = channel; i < plane.Length; i++, j += 4) plane[i] = rgba[j];
    }

    /// <summary>Writes a plane into one channel of interleaved RGBA.</summary>
    public static void InsertChannel(ReadOnlySpan<byte> plane, Span<byte> rgba, int channel)
    {
        if ((uint)channel > 3) throw new ArgumentOutOfRangeException(nameof(channel));
        if (plane.Length * 4 != rgba.Length) throw new ArgumentException("Plane and image sizes differ.");
        for (int i = 0, j = channel; i < plane.Length; i++, j += 4) rgba[j] = plane[i];
    }

    /// <summary>Expands grey bytes to opaque RGBA.</summary>
    public static void GrayToRgba(ReadOnlySpan<byte> gray, Span<byte> rgba)
    {
        if (gray.Length * 4 != rgba.Length) throw new ArgumentException("Plane and image sizes differ.");
        var words = MemoryMarshal.Cast<byte, uint>(rgba);
        for (int i = 0; i < gray.Length; i++)
        {
            uint g = gray[i];
            words[i] = g | (g << 8) | (g << 16) | 0xFF000000u;
        }
    }

    /// <summary>Swaps R and B in place (RGBA to BGRA and back).</summary>
    public static void SwapRedBlue(Span<byte> pixels)
    {
        var words = MemoryMarshal.Cast<byte, uint>(pixels);
        for (int i = 0; i < words.Length; i++)
        {
            uint w = words[i];
            words[i] = (w & 0xFF00FF00u) | ((w & 0xFFu) << 16) | ((w >> 16) & 0xFFu);
        }
    }

    /// <summary>Converts bytes to floats with a scale (e.g. 1/255), vectorised.</summary>
    public static void BytesToFloats(ReadOnlySpan<byte> source, Span<float> destination, float scale = 1f)
    {
        if (destination.Length < source.Length) throw new ArgumentException("Destination too short.");
        int i = 0;
        if (Vector.IsHardwareAccelerated && source.Length >= Vector<byte>.Count)
        {
            var vScale = new Vector<float>(scale);
            int n = Vector<float>.Count;
            for (; i <= source.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var b = new Vector<byte>(source[i..]);
                Vector.Widen(b, out Vector<ushort> lo, out Vector<ushort> hi);
                Vector.Widen(lo, out Vector<uint> a0, out Vector<uint> a1);
                Vector.Widen(hi, out Vector<uint> a2, out Vector<uint> a3);
                (Vector.ConvertToSingle(a0) * vScale).CopyTo(destination[i..]);
                (Vector.ConvertToSingle(a1) * vScale).CopyTo(destination[(i + n)..]);
                (Vector.ConvertToSingle(a2) * vScale).CopyTo(destination[(i + 2 * n)..]);
                (Vector.ConvertToSingle(a3) * vScale).CopyTo(destination[(i + 3 * n)..]);
            }
        }
        for (; i < source.Length; i++) destination[i] = source[i] * scale;
    }

    /// <summary>Converts floats to bytes: value*scale, rounded to nearest and clamped to 0..255, vectorised.</summary>
    public static void FloatsToBytes(ReadOnlySpan<float> source, Span<byte> destination, float scale = 1f)
    {
        if (destination.Length < source.Length) throw new ArgumentException("Destination too short.");
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int n = Vector<float>.Count;
            var vScale = new Vector<float>(scale);
            var half = new Vector<float>(0.5f);
            var max = new Vector<float>(255f);
            Span<int> tmp = stackalloc int[Vector<int>.Count];
            for (; i <= source.Length - n; i += n)
            {
                var v = Vector.Min(Vector.Max(new Vector<float>(source[i..]) * vScale + half, Vector<float>.Zero), max);
                Vector.ConvertToInt32(v).CopyTo(tmp);
                for (int k = 0; k < n; k++) destination[i + k] = (byte)tmp[k];
            }
        }
        for (; i < source.Length; i++)
        {
            float v = source[i] * scale + 0.5f;
            destination[i] = v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;
        }
    }
}
