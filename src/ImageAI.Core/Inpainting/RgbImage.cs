using ImageAI.Imaging;

namespace ImageAI.Inpainting;

/// <summary>
/// A float RGB image, interleaved (3 values a pixel), the working format of the classical inpainters. Alpha is
/// not inpainted: it is kept from the input.
/// </summary>
internal sealed class RgbImage(int width, int height, float[] data)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public float[] Data { get; } = data;

    public static RgbImage From(ImageBuffer image)
    {
        var data = new float[image.Width * image.Height * 3];
        ReadOnlySpan<byte> px = image.Pixels;
        for (int i = 0, j = 0; j < px.Length; i += 3, j += 4)
        {
            data[i] = px[j];
            data[i + 1] = px[j + 1];
            data[i + 2] = px[j + 2];
        }
        return new RgbImage(image.Width, image.Height, data);
    }

    /// <summary>Writes the hole pixels (hole[i] true) back into <paramref name="target"/>, leaving all others untouched.</summary>
    public void WriteHole(ImageBuffer target, ReadOnlySpan<bool> hole)
    {
        var px = target.Pixels;
        for (int i = 0; i < hole.Length; i++)
        {
            if (!hole[i]) continue;
            int k = i * 3, j = i * 4;
            px[j] = ToByte(Data[k]);
            px[j + 1] = ToByte(Data[k + 1]);
            px[j + 2] = ToByte(Data[k + 2]);
        }
    }

    public static byte ToByte(float v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)(v + 0.5f);
}
