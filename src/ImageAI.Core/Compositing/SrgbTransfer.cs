namespace ImageAI.Compositing;

/// <summary>The sRGB transfer function as lookup tables (8-bit to linear float, linear to 8-bit via 16-bit index).</summary>
public static class SrgbTransfer
{
    private const int EncodeSteps = 65535;
    private static readonly float[] Decode = BuildDecode();
    private static readonly byte[] Encode = BuildEncode();

    /// <summary>Linear value (0..1) of each 8-bit sRGB code.</summary>
    public static ReadOnlySpan<float> ToLinearTable => Decode;

    /// <summary>Linear value (0..1) of an 8-bit sRGB code.</summary>
    public static float ToLinear(byte value) => Decode[value];

    /// <summary>The nearest 8-bit sRGB code of a linear value (clamped to 0..1).</summary>
    public static byte FromLinear(float linear)
    {
        int index = (int)(Math.Clamp(linear, 0f, 1f) * EncodeSteps + 0.5f);
        return Encode[index];
    }

    private static double ToLinearExact(double s) => s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);

    private static double FromLinearExact(double l) => l <= 0.0031308 ? l * 12.92 : 1.055 * Math.Pow(l, 1 / 2.4) - 0.055;

    private static float[] BuildDecode()
    {
        var t = new float[256];
        for (int i = 0; i < 256; i++) t[i] = (float)ToLinearExact(i / 255.0);
        return t;
    }

    private static byte[] BuildEncode()
    {
        var t = new byte[EncodeSteps + 1];
        for (int i = 0; i <= EncodeSteps; i++) t[i] = (byte)Math.Clamp((int)Math.Round(FromLinearExact(i / (double)EncodeSteps) * 255), 0, 255);
        return t;
    }
}
