using ImageAI.Imaging;

namespace ImageAI.Matting;

/// <summary>
/// Fast multi-level foreground (and background) colour estimation (Germer, Uelwer, Conrad &amp; Harmeling, 2020).
/// Where alpha is fractional, a pixel is I = a F + (1 - a) B; the estimator finds smooth F and B that explain
/// I, solving a 2x2 system per pixel and channel, coarse to fine. Placing the estimated F (instead of I) on a new
/// background removes the fringe of the old background colour (halo) at soft edges.
/// </summary>
public static class ForegroundEstimator
{
    /// <summary>Smoothness weight of the regulariser (the paper's epsilon_r).</summary>
    public const float RegularisationEpsilon = 5e-3f;

    /// <summary>Weight of alpha gradients in the regulariser (the paper's omega).</summary>
    public const float AlphaGradientWeight = 0.1f;

    /// <summary>
    /// Estimates the foreground colours of an image given its alpha (width x height, 0..1) and returns them as an
    /// interleaved RGB float array (0..1).
    /// </summary>
    /// <param name="image">The image (its RGB channels; alpha ignored).</param>
    /// <param name="alpha">The alpha matte, one value per pixel in 0..1.</param>
    /// <param name="cancellationToken">Checked between levels.</param>
    public static float[] Estimate(ImageBuffer image, ReadOnlySpan<float> alpha, CancellationToken cancellationToken = default)
    {
        int w = image.Width, h = image.Height, n = w * h;
        if (alpha.Length < n) throw new ArgumentException($"The alpha plane must hold {n} values.", nameof(alpha));
        var rgb = new float[3 * n];
        var px = image.Pixels;
        for (int i = 0; i < n; i++)
        {
            rgb[3 * i] = px[4 * i] / 255f;
            rgb[3 * i + 1] = px[4 * i + 1] / 255f;
            rgb[3 * i + 2] = px[4 * i + 2] / 255f;
        }
        return Estimate(rgb, alpha.ToArray(), w, h, cancellationToken);
    }

    /// <summary>The same on an interleaved RGB float image (0..1).</summary>
    public static float[] Estimate(float[] rgb, float[] alpha, int width, int height, CancellationToken cancellationToken = default)
    {
        int levels = (int)Math.Ceiling(Math.Log2(Math.Max(width, height)));
        var mean = new float[3];
        for (int i = 0; i < width * height; i++) for (int c = 0; c < 3; c++) mean[c] += rgb[3 * i + c];
        for (int c = 0; c < 3; c++) mean[c] /= width * height;
        float[] f = [mean[0], mean[1], mean[2]], b = [mean[0], mean[1], mean[2]];
        int pw = 1, ph = 1;
        for (int level = 0; level <= levels; level++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int lw = levels == 0 ? width : (int)Math.Round(Math.Pow(width, level / (double)levels));
            int lh = levels == 0 ? height : (int)Math.Round(Math.Pow(height, level / (double)levels));
            lw = Math.Max(1, lw); lh = Math.Max(1, lh);
            bool full = lw == width && lh == height;
            var levelRgb = full ? rgb : Nearest(rgb, width, height, lw, lh, 3);
            var levelAlpha = full ? alpha : Nearest(alpha, width, height, lw, lh, 1);
            f = Nearest(f, pw, ph, lw, lh, 3);
            b = Nearest(b, pw, ph, lw, lh, 3);
            int iterations = lw <= 32 && lh <= 32 ? 10 : 2;
            for (int it = 0; it < iterations; it++)
            {
                // Red-black ordering: each half reads only the other half, so rows can run in parallel deterministically.
                Sweep(levelRgb, levelAlpha, f, b, lw, lh, 0);
                Sweep(levelRgb, levelAlpha, f, b, lw, lh, 1);
            }
            pw = lw; ph = lh;
        }
        return f;
    }

    private static void Sweep(float[] rgb, float[] alpha, float[] f, float[] b, int w, int h, int parity)
    {
        void Row(int y)
        {
            int y0 = Math.Max(0, y - 1), y1 = Math.Min(h - 1, y + 1);
            for (int x = (y + parity) & 1; x < w; x += 2)
            {
                int i = y * w + x;
                float a0 = alpha[i], a1 = 1 - a0;
                float m00 = a0 * a0, m01 = a0 * a1, m11 = a1 * a1;
                int p = 3 * i;
                float f0 = a0 * rgb[p], f1 = a0 * rgb[p + 1], f2 = a0 * rgb[p + 2];
                float b0 = a1 * rgb[p], b1 = a1 * rgb[p + 1], b2 = a1 * rgb[p + 2];
                int xl = Math.Max(0, x - 1), xr = Math.Min(w - 1, x + 1);
                Accumulate(y * w + xl); Accumulate(y * w + xr); Accumulate(y0 * w + x); Accumulate(y1 * w + x);
                float det = m00 * m11 - m01 * m01;
                float inv = 1f / det;
                f[p] = Clamp01((m11 * f0 - m01 * b0) * inv);
                f[p + 1] = Clamp01((m11 * f1 - m01 * b1) * inv);
                f[p + 2] = Clamp01((m11 * f2 - m01 * b2) * inv);
                b[p] = Clamp01((m00 * b0 - m01 * f0) * inv);
                b[p + 1] = Clamp01((m00 * b1 - m01 * f1) * inv);
                b[p + 2] = Clamp01((m00 * b2 - m01 * f2) * inv);

                void Accumulate(int j)
                {
                    float d = RegularisationEpsilon + AlphaGradientWeight * Math.Abs(a0 - alpha[j]);
                    m00 += d; m11 += d;
                    int q = 3 * j;
                    f0 += d * f[q]; f1 += d * f[q + 1]; f2 += d * f[q + 2];
                    b0 += d * b[q]; b1 += d * b[q + 1]; b2 += d * b[q + 2];
                }
            }
        }
        if ((long)w * h < 65536) for (int y = 0; y < h; y++) Row(y);
        else Parallel.For(0, h, Row);
    }

    private static float Clamp01(float v) => v < 0 ? 0 : v > 1 ? 1 : v;

    private static float[] Nearest(float[] source, int sw, int sh, int dw, int dh, int channels)
    {
        if (sw == dw && sh == dh) return source;
        var result = new float[dw * dh * channels];
        for (int y = 0; y < dh; y++)
        {
            int sy = Math.Min(sh - 1, (int)((long)y * sh / dh));
            for (int x = 0; x < dw; x++)
            {
                int sx = Math.Min(sw - 1, (int)((long)x * sw / dw));
                int s = (sy * sw + sx) * channels, d = (y * dw + x) * channels;
                for (int c = 0; c < channels; c++) result[d + c] = source[s + c];
            }
        }
        return result;
    }
}
