using System.Globalization;

namespace ImageAI.Imaging;

/// <summary>An 8-bit RGBA colour with straight alpha.</summary>
public readonly record struct Rgba32(byte R, byte G, byte B, byte A = 255)
{
    /// <summary>Opaque white.</summary>
    public static Rgba32 White => new(255, 255, 255);

    /// <summary>Opaque black.</summary>
    public static Rgba32 Black => new(0, 0, 0);

    /// <summary>Fully transparent black.</summary>
    public static Rgba32 Transparent => new(0, 0, 0, 0);

    /// <summary>The four bytes as one little-endian word (R in the lowest byte), matching the buffer layout.</summary>
    public uint PackedLittleEndian => (uint)(R | (G << 8) | (B << 16) | (A << 24));

    /// <summary>
    /// Parses <c>#RGB</c>, <c>#RRGGBB</c>, <c>#RRGGBBAA</c> (the leading # optional) or a few CSS names
    /// (white, black, transparent, red, green, blue, grey/gray).
    /// </summary>
    /// <exception cref="FormatException">The text is not a colour.</exception>
    public static Rgba32 Parse(string text)
    {
        if (TryParse(text, out var colour)) return colour;
        throw new FormatException($"'{text}' is not a colour: use #RRGGBB, #RRGGBBAA, #RGB or a name such as white.");
    }

    /// <summary>Tries to parse a colour; see <see cref="Parse"/>.</summary>
    public static bool TryParse(string? text, out Rgba32 colour)
    {
        colour = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        switch (s.ToLowerInvariant())
        {
            case "white": colour = White; return true;
            case "black": colour = Black; return true;
            case "transparent": colour = Transparent; return true;
            case "red": colour = new(255, 0, 0); return true;
            case "green": colour = new(0, 255, 0); return true;
            case "blue": colour = new(0, 0, 255); return true;
            case "grey" or "gray": colour = new(128, 128, 128); return true;
        }
        if (s[0] == '#') s = s[1..];
        if (s.Length == 3)
            s = new string([s[0], s[0], s[1], s[1], s[2], s[2]]);
        if (s.Length != 6 && s.Length != 8) return false;
        if (!uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint v)) return false;
        colour = s.Length == 6
            ? new Rgba32((byte)(v >> 16), (byte)(v >> 8), (byte)v)
            : new Rgba32((byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v);
        return true;
    }

    /// <summary>The colour as <c>#RRGGBBAA</c>.</summary>
    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}{A:X2}";
}
