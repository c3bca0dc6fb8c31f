using System.Numerics.Tensors;
using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Matting;

/// <summary>
/// The box-averaged linear coefficients of a colour guided filter: the output at a pixel is
/// <c>Ar*R + Ag*G + Ab*B + B0</c> with the guide's channels in 0..1. Kept separate so they can be computed at a low
/// resolution and applied to the full-resolution guide (He &amp; Sun's "fast guided filter").
/// </summary>
public sealed class GuidedCoefficients
{
    internal GuidedCoefficients(int width, int height, float[] ar, float[] ag, float[] ab, float[] b0)
    {
        Width = width; Height = height; Ar = ar; Ag = ag; Ab = ab; B0 = b0;
    }

    /// <summary>Width of the coefficient planes.</summary>
    public int Width { get; }
    /// <summary>Height of the coefficient planes.</summary>
    public int Height { get; }
    /// <summary>Coefficient of the red channel.</summary>
    public float[] Ar { get; }
    /// <summary>Coefficient of the green channel.</summary>
    public float[] Ag { get; }
    /// <summary>Coefficient of the blue channel.</summary>
    public float[] Ab { get; }
    /// <summary>Offset.</summary>
    public float[] B0 { get; }
}

/// <summary>
/// The guided filter (He, Sun &amp; Tang) with a colour guide: an edge-preserving smoother whose output is locally a
/// linear function of the guide image, so a blurry or low-resolution mask takes on the guide's edges. Every step
/// is a box mean, so the cost is O(N) whatever the radius.
/// </summary>
public static class GuidedFilter
{
    /// <summary>Filters <paramref name="input"/> (one plane, width x height) guided by three colour planes in 0..1.</summary>
    /// <param name="red">Guide red plane.</param>
    /// <param name="green">Guide green plane.</param>
    /// <param name="blue">Guide blue plane.</param>
    /// <param name="input">The plane to filter (e.g. a mask in 0..1).</param>
    /// <param name="width">Plane width.</param>
    /// <param name="height">Plane height.</param>
    /// <param name="radius">Window radius in pixels (0 or more).</param>
    /// <param name="epsilon">Regularisation (larger = smoother, e.g. 1e-4 .. 1e-2); must be positive.</param>
    public static float[] Filter(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, ReadOnlySpan<float> input,
        int width, int height, int radius, float epsilon)
    {
        var c = Coefficients(red, green, blue, input, width, height, radius, epsilon);
        var q = new float[width * height];
        Evaluate(c, red, green, blue, q);
        return q;
    }

    /// <summary>Computes the box-averaged coefficients (see <see cref="GuidedCoefficients"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative radius or non-positive epsilon.</exception>
    public static GuidedCoefficients Coefficients(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, ReadOnlySpan<float> input,
        int width, int height, int radius, float epsilon)
    {
        if (radius < 0) throw new ArgumentOutOfRangeException(nameof(radius), radius, "The guided filter radius must not be negative.");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The guided filter epsilon must be positive.");
        int n = width * height;
        if (red.Length < n || green.Length < n || blue.Length < n || input.Length < n) throw new ArgumentException($"Every plane must hold {n} values.");

        var tmp = new float[n];
        float[] Box(ReadOnlySpan<float> s) => BoxFilter.Mean(s, width, height, radius);
        float[] BoxProduct(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        {
            TensorPrimitives.Multiply(x[..n], y[..n], tmp);
            return Box(tmp);
        }

        var mr = Box(red); var mg = Box(green); var mb = Box(blue); var mp = Box(input);
        var rp = BoxProduct(red, input); var gp = BoxProduct(green, input); var bp = BoxProduct(blue, input);
        var rr = BoxProduct(red, red); var rg = BoxProduct(red, green); var rb = BoxProduct(red, blue);
        var gg = BoxProduct(green, green); var gb = BoxProduct(green, blue); var bb = BoxProduct(blue, blue);

        // Per pixel: a = (Sigma + eps I)^-1 cov(I, p), b = mean_p - a . mean_I. The results overwrite the product planes.
        var ar = rp; var ag = gp; var ab = bp; var b0 = mp;
        for (int i = 0; i < n; i++)
        {
            float mR = mr[i], mG = mg[i], mB = mb[i], mP = mp[i];
            float cR = rp[i] - mR * mP, cG = gp[i] - mG * mP, cB = bp[i] - mB * mP;
            float sRR = rr[i] - mR * mR + epsilon, sRG = rg[i] - mR * mG, sRB = rb[i] - mR * mB;
            float sGG = gg[i] - mG * mG + epsilon, sGB = gb[i] - mG * mB, sBB = bb[i] - mB * mB + epsilon;
            // Symmetric 3x3 inverse by cofactors.
            float i00 = sGG * sBB - sGB * sGB, i01 = sRB * sGB - sRG * sBB, i02 = sRG * sGB - sRB * sGG;
            float i11 = sRR * sBB - sRB * sRB, i12 = sRB * sRG - sRR * sGB, i22 = sRR * sGG - sRG * sRG;
            float det = sRR * i00 + sRG * i01 + sRB * i02;
            float inv = 1f / det;
            float aR = (i00 * cR + i01 * cG + i02 * cB) * inv;
            float aG = (i01 * cR + i11 * cG + i12 * cB) * inv;
            float aB = (i02 * cR + i12 * cG + i22 * cB) * inv;
            ar[i] = aR; ag[i] = aG; ab[i] = aB;
            b0[i] = mP - aR * mR - aG * mG - aB * mB;
        }
        return new GuidedCoefficients(width, height, Box(ar), Box(ag), Box(ab), Box(b0));
    }

    /// <summary>Applies coefficients of the same size as the guide planes: q = a . I + b.</summary>
    public static void Evaluate(GuidedCoefficients c, ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<float> output)
    {
        int n = c.Width * c.Height;
        TensorPrimitives.MultiplyAdd(c.Ar.AsSpan(0, n), red[..n], c.B0.AsSpan(0, n), output);
        TensorPrimitives.MultiplyAdd(c.Ag.AsSpan(0, n), green[..n], output[..n], output);
        TensorPrimitives.MultiplyAdd(c.Ab.AsSpan(0, n), blue[..n], output[..n], output);
    }

    /// <summary>
    /// Applies low-resolution coefficients to a full-resolution guide image: the coefficients are upsampled
    /// bilinearly and evaluated with the image's own pixels, so edges come from the full-resolution image.
    /// Returns the result (image width x height, clamped to 0..1).
    /// </summary>
    public static float[] Apply(GuidedCoefficients c, ImageBuffer guide)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(guide);
        int w = guide.Width, h = guide.Height, cw = c.Width, ch = c.Height;
        var output = new float[w * h];
        var pixels = guide.PixelArray;
        // Bilinear sampling positions (pixel centres aligned), computed once per column.
        var x0 = new int[w]; var x1 = new int[w]; var fx = new float[w];
        for (int x = 0; x < w; x++)
        {
            float sx = Math.Clamp((x + 0.5f) * cw / w - 0.5f, 0f, cw - 1);
            x0[x] = (int)sx; x1[x] = Math.Min(cw - 1, x0[x] + 1); fx[x] = sx - x0[x];
        }
        float[][] planes = [c.Ar, c.Ag, c.Ab, c.B0];
        // Upsampling and evaluation are fused per row: no full-resolution coefficient planes are ever allocated.
        Parallel.For(0, h, () => new float[4 * cw], (y, _, rows) =>
        {
            float sy = Math.Clamp((y + 0.5f) * ch / h - 0.5f, 0f, ch - 1);
            int y0 = (int)sy, y1 = Math.Min(ch - 1, y0 + 1);
            float fy = sy - y0;
            for (int k = 0; k < 4; k++)
            {
                var top = planes[k].AsSpan(y0 * cw, cw);
                var bottom = planes[k].AsSpan(y1 * cw, cw);
                var dst = rows.AsSpan(k * cw, cw);
                // dst = top + (bottom - top) * fy
                System.Numerics.Tensors.TensorPrimitives.Subtract(bottom, top, dst);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(dst, fy, top, dst);
            }
            var row = pixels.AsSpan(y * w * 4, w * 4);
            var outRow = output.AsSpan(y * w, w);
            const float s = 1f / 255f;
            for (int x = 0; x < w; x++)
            {
                int i0 = x0[x], i1 = x1[x];
                float f = fx[x];
                float ar = rows[i0] + (rows[i1] - rows[i0]) * f;
                float ag = rows[cw + i0] + (rows[cw + i1] - rows[cw + i0]) * f;
                float ab = rows[2 * cw + i0] + (rows[2 * cw + i1] - rows[2 * cw + i0]) * f;
                float b = rows[3 * cw + i0] + (rows[3 * cw + i1] - rows[3 * cw + i0]) * f;
                int p = 4 * x;
                float v = (ar * row[p] + ag * row[p + 1] + ab * row[p + 2]) * s + b;
                outRow[x] = v < 0 ? 0 : v > 1 ? 1 : v;
            }
            return rows;
        }, _ => { });
        return output;
    }
}
