using ImageAI.Imaging;

using ImageAI.Processing;

namespace ImageAI.Metrics;

/// <summary>Alpha-matte and mask quality, with the conventions of the matting literature (alpha in 0..1).</summary>
public static class MaskMetrics
{
    /// <summary>Intersection over union of the masks thresholded at <paramref name="threshold"/> (0..255). 1 when both are empty.</summary>
    public static double IoU(GrayImage predicted, GrayImage truth, byte threshold = 128)
    {
        var (inter, union) = IntersectionAndUnion(predicted, truth, threshold);
        return union == 0 ? 1.0 : (double)inter / union;
    }

    /// <summary>
    /// Pixel counts of the intersection and union of the thresholded masks. Summed over a data set they give the
    /// data-set IoU (as PASCAL VOC accumulates it), which weighs each image by how much subject it has.
    /// </summary>
    public static (long Intersection, long Union) IntersectionAndUnion(GrayImage predicted, GrayImage truth, byte threshold = 128)
    {
        ImageMetrics.EnsureSameSize(predicted.Width, predicted.Height, truth.Width, truth.Height);
        ReadOnlySpan<byte> p = predicted.Pixels, t = truth.Pixels;
        long inter = 0, union = 0;
        for (int i = 0; i < p.Length; i++)
        {
            bool a = p[i] >= threshold, b = t[i] >= threshold;
            if (a & b) inter++;
            if (a | b) union++;
        }
        return (inter, union);
    }

    /// <summary>
    /// Soft (fuzzy) IoU of two alpha mattes: sum of per-pixel minima over sum of maxima, on alpha in 0..1. Equals
    /// <see cref="IoU"/> for binary masks; unlike it, a difference of one grey level moves it by one grey level's
    /// worth, so it stays meaningful where a model is unsure and its map hovers around the threshold. 1 when both
    /// are empty.
    /// </summary>
    public static double SoftIoU(GrayImage predicted, GrayImage truth)
    {
        ImageMetrics.EnsureSameSize(predicted.Width, predicted.Height, truth.Width, truth.Height);
        ReadOnlySpan<byte> p = predicted.Pixels, t = truth.Pixels;
        long min = 0, max = 0;
        for (int i = 0; i < p.Length; i++)
        {
            min += Math.Min(p[i], t[i]);
            max += Math.Max(p[i], t[i]);
        }
        return max == 0 ? 1.0 : (double)min / max;
    }

    /// <summary>Sum of absolute differences of alpha in 0..1, divided by 1000 (as matting benchmarks report it).</summary>
    public static double Sad(GrayImage predicted, GrayImage truth)
    {
        ImageMetrics.EnsureSameSize(predicted.Width, predicted.Height, truth.Width, truth.Height);
        ReadOnlySpan<byte> p = predicted.Pixels, t = truth.Pixels;
        long sum = 0;
        for (int i = 0; i < p.Length; i++) sum += Math.Abs(p[i] - t[i]);
        return sum / 255.0 / 1000.0;
    }

    /// <summary>Mean squared error of alpha in 0..1.</summary>
    public static double Mse(GrayImage predicted, GrayImage truth)
    {
        ImageMetrics.EnsureSameSize(predicted.Width, predicted.Height, truth.Width, truth.Height);
        ReadOnlySpan<byte> p = predicted.Pixels, t = truth.Pixels;
        double sum = 0;
        for (int i = 0; i < p.Length; i++) { double d = (p[i] - t[i]) / 255.0; sum += d * d; }
        return sum / p.Length;
    }

    /// <summary>
    /// Gradient error (Rhemann et al. 2009): the sum over pixels of (|grad a| - |grad a_gt|)^2, gradients from
    /// first-order Gaussian derivative filters with sigma 1.4 on alpha in 0..1, divided by 1000.
    /// </summary>
    public static double GradientError(GrayImage predicted, GrayImage truth, double sigma = 1.4)
    {
        ImageMetrics.EnsureSameSize(predicted.Width, predicted.Height, truth.Width, truth.Height);
        var gp = GradientMagnitude(predicted, sigma);
        var gt = GradientMagnitude(truth, sigma);
        double sum = 0;
        for (int i = 0; i < gp.Length; i++) { double d = gp[i] - gt[i]; sum += d * d; }
        return sum / 1000.0;
    }

    private static float[] GradientMagnitude(GrayImage image, double sigma)
    {
        int w = image.Width, h = image.Height;
        var a = new float[w * h];
        PixelConversions.BytesToFloats(image.Pixels, a, 1f / 255f);
        int radius = (int)Math.Ceiling(3 * sigma);
        var g = Filters.GaussianKernel(sigma, radius);
        var dg = new float[g.Length];
        for (int i = 0; i < g.Length; i++)
        {
            int x = i - radius;
            dg[i] = (float)(-x / (sigma * sigma) * g[i]);
        }
        // Normalise the derivative so that a unit ramp gives gradient 1.
        double norm = 0;
        for (int i = 0; i < dg.Length; i++) norm += -(i - radius) * dg[i];
        for (int i = 0; i < dg.Length; i++) dg[i] = (float)(dg[i] / norm);
        var gx = Filters.SeparableSame(a, w, h, dg, g);
        var gy = Filters.SeparableSame(a, w, h, g, dg);
        for (int i = 0; i < gx.Length; i++) gx[i] = MathF.Sqrt(gx[i] * gx[i] + gy[i] * gy[i]);
        return gx;
    }
}
