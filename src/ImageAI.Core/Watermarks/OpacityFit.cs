using ImageAI.Imaging;

namespace ImageAI.Watermarks;

/// <summary>
/// Least-squares estimate of a placed watermark's global opacity from the jumps between neighbouring pixels.
/// For neighbours p, q and the blend <c>I = kB*W + (1 - kB)*J</c> (B = the layer's shape alpha, k unknown) the
/// exact identity <c>I_p - I_q = k*G + (1 - k*mean(B_p, B_q))*(J_p - J_q)</c> holds with
/// <c>G = (B_p*W_p - B_q*W_q) - mean(J_p, J_q)*(B_p - B_q)</c>. The photo's own jumps (J_p - J_q) have no relation
/// to the mark's edges, so k is the weighted regression of the observed jumps on G (J from the previous k, a few
/// iterations, Huber weights against the photo's strong edges; weighting the pairs by 1/(1 - A)^2, the noise
/// variance, was measured slightly worse on logo-synth-kodak24 and is not used). Unlike minimising the recovered photo's gradient,
/// this is not pulled towards low opacities by the 1/(1 - A) amplification of the texture under the mark.
/// Saturated pixels (0 or 255 in a channel) break the blend model and are left out.
/// </summary>
internal static class OpacityFit
{
    private const float Huber = 3f;

    /// <summary>
    /// Returns k (A = k x the layer's alpha) and the share of the observed jump energy along the mark's edges that
    /// the fitted mark explains (0..1; the exact placement explains far more than one a pixel off).
    /// </summary>
    public static (double K, double Score) Fit(ImageBuffer image, WatermarkLayer shape, double initialK = 0.5, int iterations = 5)
    {
        float maxB = 0;
        foreach (var b in shape.Alpha) maxB = Math.Max(maxB, b);
        if (maxB <= 0) return (0, 0);
        double kMax = 0.98 / maxB;
        double k = Math.Clamp(initialK, 0, kMax);
        for (int it = 0; it < iterations; it++)
        {
            var (num, den, _, _) = Accumulate(image, shape, k, k, true);
            if (den <= 1e-9) return (0, 0);
            double next = Math.Clamp(num / den, 0, kMax);
            bool done = Math.Abs(next - k) < 5e-4;
            k = next;
            if (done) break;
        }
        var (_, _, e0, e1) = Accumulate(image, shape, k, k, false);
        return (k, e0 <= 0 ? 0 : Math.Max(0, (e0 - e1) / e0));
    }

    /// <summary>
    /// One pass over the neighbour pairs touching the layer: the weighted sums for the regression of the jumps on G
    /// (J recovered with <paramref name="kJ"/>), and the absolute jump energy before (e0) and after (e1) removing
    /// <paramref name="kFit"/> x G, weighted by how strongly the mark changes across the pair.
    /// </summary>
    private static (double Num, double Den, double E0, double E1) Accumulate(ImageBuffer image, WatermarkLayer shape, double kJ, double kFit, bool robust)
    {
        int iw = image.Width, ih = image.Height;
        int lw = shape.Width;
        int x0 = Math.Max(0, shape.X - 1), y0 = Math.Max(0, shape.Y - 1);
        int x1 = Math.Min(iw - 1, shape.X + shape.Width), y1 = Math.Min(ih - 1, shape.Y + shape.Height);
        ReadOnlySpan<byte> px = image.Pixels;
        var alpha = shape.Alpha;
        var rgb = shape.Rgb;
        float k = (float)kJ, kf = (float)kFit;
        double num = 0, den = 0, e0 = 0, e1 = 0;
        for (int y = y0; y < y1 + 1; y++)
            for (int x = x0; x < x1 + 1; x++)
            {
                int ip = Index(shape, x, y, lw);
                float bp = ip < 0 ? 0 : alpha[ip];
                for (int dir = 0; dir < 2; dir++)
                {
                    int qx = dir == 0 ? x + 1 : x, qy = dir == 0 ? y : y + 1;
                    if (qx > x1 || qy > y1) continue;
                    int iq = Index(shape, qx, qy, lw);
                    float bq = iq < 0 ? 0 : alpha[iq];
                    if (bp <= 0 && bq <= 0) continue;
                    int pp = (y * iw + x) * 4, pq = (qy * iw + qx) * 4;
                    float invP = 1f / Math.Max(0.02f, 1 - k * bp), invQ = 1f / Math.Max(0.02f, 1 - k * bq);
                    for (int c = 0; c < 3; c++)
                    {
                        int ip8 = px[pp + c], iq8 = px[pq + c];
                        if (ip8 == 0 || ip8 == 255 || iq8 == 0 || iq8 == 255) continue;
                        float wp = ip < 0 ? 0 : bp * rgb[ip * 3 + c], wq = iq < 0 ? 0 : bq * rgb[iq * 3 + c];
                        float jp = (ip8 - k * wp) * invP, jq = (iq8 - k * wq) * invQ;
                        float g = (wp - wq) - 0.5f * (jp + jq) * (bp - bq);
                        float dI = ip8 - iq8;
                        if (robust)
                        {
                            // Huber: a photo edge crossing the mark's edge must not dominate the regression.
                            float r = MathF.Abs(dI - k * g);
                            float hw = r <= Huber ? 1f : Huber / r;
                            num += hw * g * dI;
                            den += hw * g * g;
                        }
                        else
                        {
                            float ag = MathF.Abs(g);
                            e0 += ag * MathF.Abs(dI);
                            e1 += ag * MathF.Abs(dI - kf * g);
                        }
                    }
                }
            }
        return (num, den, e0, e1);
    }

    private static int Index(WatermarkLayer shape, int x, int y, int lw)
    {
        int lx = x - shape.X, ly = y - shape.Y;
        return lx < 0 || ly < 0 || lx >= lw || ly >= shape.Height ? -1 : ly * lw + lx;
    }
}
