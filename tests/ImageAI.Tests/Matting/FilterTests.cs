using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Processing;

namespace ImageAI.Tests.Matting;

public class FilterTests
{
    private static float[] RandomPlane(int n, int seed)
    {
        var random = new Random(seed);
        var p = new float[n];
        for (int i = 0; i < n; i++) p[i] = (float)random.NextDouble();
        return p;
    }

    /// <summary>Mean over the window clipped to the image, by brute force.</summary>
    private static double BruteMean(float[] p, int w, int h, int x, int y, int r)
    {
        double sum = 0; int count = 0;
        for (int yy = Math.Max(0, y - r); yy <= Math.Min(h - 1, y + r); yy++)
            for (int xx = Math.Max(0, x - r); xx <= Math.Min(w - 1, x + r); xx++) { sum += p[yy * w + xx]; count++; }
        return sum / count;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(30)]
    public void BoxFilter_MatchesBruteForce(int radius)
    {
        int w = 23, h = 17;
        var p = RandomPlane(w * h, radius);
        var box = BoxFilter.Mean(p, w, h, radius);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                Assert.Equal(BruteMean(p, w, h, x, y, radius), box[y * w + x], 3);
    }

    [Fact]
    public void BoxFilter_HandComputed()
    {
        // 3x1 row [0, 3, 6], radius 1: [(0+3)/2, (0+3+6)/3, (3+6)/2].
        var box = BoxFilter.Mean([0f, 3f, 6f], 3, 1, 1);
        Assert.Equal([1.5f, 3f, 4.5f], box);
    }

    [Fact]
    public void NegativeRadii_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BoxFilter.Mean(new float[4], 2, 2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GuidedFilter.Filter(new float[4], new float[4], new float[4], new float[4], 2, 2, -1, 1e-3f));
        Assert.Throws<ArgumentOutOfRangeException>(() => GuidedFilter.Filter(new float[4], new float[4], new float[4], new float[4], 2, 2, 1, 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trimap.FromMask(new float[4], 2, 2, -2));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianBlur.BlurPlane(new float[4], 2, 2, -1));
    }

    [Fact]
    public void GuidedFilter_MatchesBruteForceDefinition()
    {
        // He et al.: a_k = (Sigma_k + eps U)^-1 cov_k(I, p), b_k = mean_k(p) - a_k . mean_k(I), q_i = mean over windows of (a_k . I_i + b_k).
        int w = 12, h = 9, r = 2;
        float eps = 1e-2f;
        var red = RandomPlane(w * h, 1); var green = RandomPlane(w * h, 2); var blue = RandomPlane(w * h, 3); var p = RandomPlane(w * h, 4);
        var q = GuidedFilter.Filter(red, green, blue, p, w, h, r, eps);

        var a = new double[w * h, 3];
        var b = new double[w * h];
        float[][] I = [red, green, blue];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var mean = new double[3]; double mp = 0; var cov = new double[3]; var sigma = new double[3, 3]; int n = 0;
                for (int yy = Math.Max(0, y - r); yy <= Math.Min(h - 1, y + r); yy++)
                    for (int xx = Math.Max(0, x - r); xx <= Math.Min(w - 1, x + r); xx++)
                    {
                        int j = yy * w + xx; n++;
                        mp += p[j];
                        for (int c = 0; c < 3; c++) { mean[c] += I[c][j]; cov[c] += I[c][j] * p[j]; for (int d = 0; d < 3; d++) sigma[c, d] += I[c][j] * I[d][j]; }
                    }
                mp /= n;
                for (int c = 0; c < 3; c++) mean[c] /= n;
                for (int c = 0; c < 3; c++) cov[c] = cov[c] / n - mean[c] * mp;
                for (int c = 0; c < 3; c++) for (int d = 0; d < 3; d++) sigma[c, d] = sigma[c, d] / n - mean[c] * mean[d] + (c == d ? eps : 0);
                var coef = Solve3(sigma, cov);
                int k = y * w + x;
                for (int c = 0; c < 3; c++) a[k, c] = coef[c];
                b[k] = mp - coef[0] * mean[0] - coef[1] * mean[1] - coef[2] * mean[2];
            }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double sa0 = 0, sa1 = 0, sa2 = 0, sb = 0; int n = 0;
                for (int yy = Math.Max(0, y - r); yy <= Math.Min(h - 1, y + r); yy++)
                    for (int xx = Math.Max(0, x - r); xx <= Math.Min(w - 1, x + r); xx++)
                    {
                        int k = yy * w + xx; n++;
                        sa0 += a[k, 0]; sa1 += a[k, 1]; sa2 += a[k, 2]; sb += b[k];
                    }
                int i = y * w + x;
                double expected = (sa0 * red[i] + sa1 * green[i] + sa2 * blue[i] + sb) / n;
                Assert.Equal(expected, q[i], 3);
            }
    }

    private static double[] Solve3(double[,] m, double[] v)
    {
        // Cramer's rule.
        double Det(double[,] a) => a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1]) - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0]) + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]);
        double det = Det(m);
        var result = new double[3];
        for (int c = 0; c < 3; c++)
        {
            var t = (double[,])m.Clone();
            for (int row = 0; row < 3; row++) t[row, c] = v[row];
            result[c] = Det(t) / det;
        }
        return result;
    }

    [Fact]
    public void Trimap_SquareMask_HasBandOfExpectedWidth()
    {
        // A 10x10 foreground square in a 20x20 image, band 2: unknown = dilated (14x14) minus eroded (6x6).
        int w = 20, h = 20;
        var mask = new float[w * h];
        for (int y = 5; y < 15; y++) for (int x = 5; x < 15; x++) mask[y * w + x] = 1f;
        var trimap = Trimap.FromMask(mask, w, h, 2);
        int fg = 0, unknown = 0;
        foreach (var v in trimap.Pixels) { if (v == Trimap.Foreground) fg++; else if (v == Trimap.Unknown) unknown++; }
        Assert.Equal(36, fg);
        Assert.Equal(14 * 14 - 36, unknown);
    }

    [Fact]
    public void GaussianBlur_PreservesMeanAndSpreadsAnImpulse()
    {
        int w = 41, h = 41;
        var plane = new float[w * h];
        plane[20 * w + 20] = 1f;
        GaussianBlur.BlurPlane(plane, w, h, 3.0);
        Assert.Equal(1.0, plane.Sum(), 3);
        // Variance along x of the blurred impulse is about sigma^2 (three boxes approximate the Gaussian).
        double variance = 0;
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) variance += plane[y * w + x] * (x - 20) * (x - 20);
        Assert.InRange(variance, 7.0, 11.0);
    }

    [Fact]
    public void ForegroundEstimation_RecoversTrueColourUnderFractionalAlpha()
    {
        // I = a*F + (1-a)*B with F red, B blue, alpha a horizontal ramp: the estimate should be red where alpha > 0.2.
        int w = 64, h = 16;
        var image = new ImageBuffer(w, h);
        var alpha = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float a = x / (float)(w - 1);
                int i = y * w + x;
                alpha[i] = a;
                image.Pixels[4 * i] = (byte)Math.Round(255 * a);
                image.Pixels[4 * i + 2] = (byte)Math.Round(255 * (1 - a));
                image.Pixels[4 * i + 3] = 255;
            }
        var f = ForegroundEstimator.Estimate(image, alpha);
        double error = 0; int count = 0;
        for (int i = 0; i < w * h; i++)
        {
            if (alpha[i] < 0.2f) continue;
            error += Math.Abs(f[3 * i] - 1) + Math.Abs(f[3 * i + 1]) + Math.Abs(f[3 * i + 2]);
            count++;
        }
        Assert.True(error / count < 0.1, $"mean foreground error {error / count:F3}");
        // Without estimation the colour at alpha 0.5 would be half blue: error ~ 1.0 there.
    }
}
