using System.Numerics.Tensors;
using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Metrics.Brisque;

/// <summary>
/// The 36 BRISQUE features (Mittal, Moorthy and Bovik 2012), computed the way OpenCV's quality module does so the
/// scores agree with it: 8-bit grey (BT.601 weights, rounded as OpenCV's fixed-point conversion), scaled to 0..1;
/// at two scales (full, then halved with bicubic a = -0.75): MSCN coefficients with a 7x7 Gaussian (sigma 7/6,
/// edges replicated) and a 1/255 stabiliser; an AGGD fit of the MSCN values (shape, mean variance) and of their
/// products with the right, lower, lower-right and upper-right neighbour (shape, mean, left and right variance).
/// </summary>
public static class BrisqueFeatures
{
    /// <summary>The number of features.</summary>
    public const int Count = 36;

    private static readonly float[] Gaussian = Filters.GaussianKernel(7.0 / 6.0, 3);

    /// <summary>The grey plane (0..1) BRISQUE reads: round(0.299 R + 0.587 G + 0.114 B) / 255, alpha ignored.</summary>
    public static float[] Grey(ImageBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var grey = new float[image.PixelCount];
        ReadOnlySpan<byte> p = image.Pixels;
        for (int i = 0, j = 0; i < grey.Length; i++, j += 4)
            grey[i] = ((p[j] * 4899 + p[j + 1] * 9617 + p[j + 2] * 1868 + 8192) >> 14) * (1f / 255f);
        return grey;
    }

    /// <summary>Computes the features of a grey 0..1 plane (at least 16 x 16).</summary>
    public static float[] Compute(ReadOnlySpan<float> grey, int width, int height)
    {
        if (width < 16 || height < 16) throw new ArgumentException($"BRISQUE needs at least 16x16 pixels; got {width}x{height}.");
        if (grey.Length != width * height) throw new ArgumentException("The plane does not match its size.", nameof(grey));
        var features = new float[Count];
        var level = grey.ToArray();
        int w = width, h = height, k = 0;
        for (int scale = 0; scale < 2; scale++)
        {
            if (scale > 0)
            {
                level = HalveBicubic(level, w, h, out int nw, out int nh);
                w = nw; h = nh;
            }
            var mscn = Mscn(level, w, h);
            var (left, right, shape) = FitAggd(mscn);
            features[k++] = (float)shape;
            features[k++] = (float)((left * left + right * right) / 2);
            var product = new float[mscn.Length];
            foreach (var (dy, dx) in (ReadOnlySpan<(int, int)>)[(0, 1), (1, 0), (1, 1), (-1, 1)])
            {
                PairProduct(mscn, w, h, dy, dx, product);
                (left, right, shape) = FitAggd(product);
                double constant = Math.Sqrt(GammaFunction.Gamma(1 / shape)) / Math.Sqrt(GammaFunction.Gamma(3 / shape));
                double mean = (right - left) * (GammaFunction.Gamma(2 / shape) / GammaFunction.Gamma(1 / shape)) * constant;
                features[k++] = (float)shape;
                features[k++] = (float)mean;
                features[k++] = (float)(left * left);
                features[k++] = (float)(right * right);
            }
        }
        return features;
    }

    /// <summary>Mean-subtracted contrast-normalised coefficients: (I - mu) / (sigma + 1/255).</summary>
    internal static float[] Mscn(float[] plane, int w, int h)
    {
        var mu = Blur(plane, w, h);
        var sq = new float[plane.Length];
        TensorPrimitives.Multiply(plane, plane, sq);
        var blurSq = Blur(sq, w, h);
        var result = new float[plane.Length];
        for (int i = 0; i < result.Length; i++)
        {
            float variance = blurSq[i] - mu[i] * mu[i];
            // In flat areas rounding can make the variance slightly negative; the reference's square root then
            // gives NaN, which drops out of every AGGD sum and count. A zero does exactly that here.
            if (variance < 0f) { result[i] = 0f; continue; }
            result[i] = (plane[i] - mu[i]) / (MathF.Sqrt(variance) + 1f / 255f);
        }
        return result;
    }

    /// <summary>
    /// The 7x7 Gaussian with replicated edges, evaluated in OpenCV's order (rows: taps left to right, fused
    /// multiply-add from zero; columns: centre tap first, then symmetric pairs summed before weighting). In flat
    /// areas the MSCN numerator is pure rounding noise whose sign decides the AGGD counts, so the order matters
    /// for agreeing with the reference implementation.
    /// </summary>
    private static float[] Blur(float[] plane, int w, int h)
    {
        var k = Gaussian;
        int r = k.Length / 2;
        var tmp = new float[w * h];
        for (int y = 0; y < h; y++)
        {
            var row = plane.AsSpan(y * w, w);
            var dst = tmp.AsSpan(y * w, w);
            for (int x = 0; x < w; x++)
            {
                float acc = 0f;
                for (int t = 0; t < k.Length; t++)
                    acc = MathF.FusedMultiplyAdd(row[Math.Clamp(x + t - r, 0, w - 1)], k[t], acc);
                dst[x] = acc;
            }
        }
        var result = new float[w * h];
        for (int y = 0; y < h; y++)
        {
            var dst = result.AsSpan(y * w, w);
            var centre = tmp.AsSpan(y * w, w);
            for (int x = 0; x < w; x++) dst[x] = centre[x] * k[r];
            for (int t = 1; t <= r; t++)
            {
                var up = tmp.AsSpan(Math.Max(y - t, 0) * w, w);
                var down = tmp.AsSpan(Math.Min(y + t, h - 1) * w, w);
                for (int x = 0; x < w; x++) dst[x] = MathF.FusedMultiplyAdd(up[x] + down[x], k[r + t], dst[x]);
            }
        }
        return result;
    }

    /// <summary>Products of each coefficient with its neighbour at (dy, dx); 0 where the neighbour is outside.</summary>
    private static void PairProduct(float[] mscn, int w, int h, int dy, int dx, float[] product)
    {
        for (int y = 0; y < h; y++)
        {
            int ny = y + dy;
            for (int x = 0; x < w; x++)
            {
                int nx = x + dx;
                product[y * w + x] = ny >= 0 && ny < h && nx < w ? mscn[y * w + x] * mscn[ny * w + nx] : 0f;
            }
        }
    }

    /// <summary>
    /// Asymmetric generalised Gaussian fit by moment matching: left and right standard deviations, and the shape
    /// whose ratio Gamma(2/a)² / (Gamma(1/a) Gamma(3/a)) is nearest the normalised sample ratio (grid from 0.2 in steps of 0.001).
    /// </summary>
    internal static (double Left, double Right, double Shape) FitAggd(ReadOnlySpan<float> values)
    {
        double posSq = 0, negSq = 0, abs = 0;
        long pos = 0, neg = 0;
        foreach (var v in values)
        {
            if (v > 0) { pos++; posSq += (double)v * v; abs += v; }
            else if (v < 0) { neg++; negSq += (double)v * v; abs -= v; }
        }
        double left = Math.Sqrt(negSq / neg), right = Math.Sqrt(posSq / pos);
        double gammaHat = left / right;
        double n = values.Length;
        double rHat = Math.Pow(abs / n, 2) / ((negSq + posSq) / n);
        double rHatNorm = rHat * (Math.Pow(gammaHat, 3) + 1) * (gammaHat + 1) / Math.Pow(Math.Pow(gammaHat, 2) + 1, 2);
        return (left, right, ShapeGrid.Nearest(rHatNorm));
    }

    /// <summary>Halves a plane with a bicubic kernel (a = -0.75, edges replicated), sampling at (2x + 0.5) as OpenCV's INTER_CUBIC resize does.</summary>
    internal static float[] HalveBicubic(float[] plane, int w, int h, out int nw, out int nh)
    {
        nw = w / 2; nh = h / 2;
        var (xi, xw) = CubicTaps(w, nw);
        var (yi, yw) = CubicTaps(h, nh);
        var tmp = new float[h * nw];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < nw; x++)
            {
                float acc = 0;
                for (int t = 0; t < 4; t++) acc += plane[y * w + xi[x * 4 + t]] * xw[x * 4 + t];
                tmp[y * nw + x] = acc;
            }
        var result = new float[nw * nh];
        for (int y = 0; y < nh; y++)
            for (int x = 0; x < nw; x++)
            {
                float acc = 0;
                for (int t = 0; t < 4; t++) acc += tmp[yi[y * 4 + t] * nw + x] * yw[y * 4 + t];
                result[y * nw + x] = acc;
            }
        return result;
    }

    private static (int[] Index, float[] Weight) CubicTaps(int source, int destination)
    {
        const float a = -0.75f;
        double scale = (double)source / destination;
        var index = new int[destination * 4];
        var weight = new float[destination * 4];
        for (int d = 0; d < destination; d++)
        {
            double f = (d + 0.5) * scale - 0.5;
            int s = (int)Math.Floor(f);
            float t = (float)(f - s);
            float w0 = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
            float w1 = ((a + 2) * t - (a + 3)) * t * t + 1;
            float w2 = ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1;
            float w3 = 1f - w0 - w1 - w2;
            ReadOnlySpan<float> ws = [w0, w1, w2, w3];
            for (int k = 0; k < 4; k++)
            {
                index[d * 4 + k] = Math.Clamp(s - 1 + k, 0, source - 1);
                weight[d * 4 + k] = ws[k];
            }
        }
        return (index, weight);
    }

    /// <summary>The AGGD shape grid and its moment ratios, computed once.</summary>
    private static class ShapeGrid
    {
        private static readonly double[] Shapes, Ratios;

        static ShapeGrid()
        {
            var shapes = new List<double>();
            var ratios = new List<double>();
            // Accumulated in a double like the reference loop, so the grid points are bit-identical.
            for (double g = 0.2; g < 10; g += 0.001)
            {
                shapes.Add(g);
                double g1 = GammaFunction.Gamma(1 / g), g2 = GammaFunction.Gamma(2 / g), g3 = GammaFunction.Gamma(3 / g);
                ratios.Add(g2 * g2 / (g1 * g3));
            }
            Shapes = [.. shapes];
            Ratios = [.. ratios];
        }

        /// <summary>Walks the grid while the distance to <paramref name="ratio"/> shrinks; returns the last improving shape.</summary>
        public static double Nearest(double ratio)
        {
            double previousShape = 0, previousDiff = 1e10;
            for (int i = 0; i < Shapes.Length; i++)
            {
                double diff = Math.Abs(Ratios[i] - ratio);
                if (diff > previousDiff) break;
                previousDiff = diff;
                previousShape = Shapes[i];
            }
            return previousShape;
        }
    }
}
