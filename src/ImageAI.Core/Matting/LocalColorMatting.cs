using System.Numerics.Tensors;
using ImageAI.Imaging;

namespace ImageAI.Matting;

/// <summary>
/// An O(N) alpha matting step for the unknown band of a trimap: for each unknown pixel the local mean
/// foreground colour F and background colour B are gathered from the definite regions nearby (box means of the
/// masked colours), and alpha is the projection of the pixel's colour onto the line from B to F:
/// <c>alpha = (I - B).(F - B) / |F - B|^2</c>. Where F and B are too alike for the projection to mean anything,
/// the prior (coarse) alpha is kept; in between the two are mixed by that colour contrast.
/// </summary>
public static class LocalColorMatting
{
    /// <summary>
    /// Solves the unknown band. <paramref name="rgb"/> holds three planes (R, G, B; 0..1) of width x height each,
    /// back to back; <paramref name="prior"/> is the coarse alpha (0..1); returns the new alpha plane.
    /// </summary>
    /// <param name="rgb">Guide colour planes, planar.</param>
    /// <param name="prior">Coarse alpha, used in definite regions and where colours do not separate.</param>
    /// <param name="trimap">0 background, 255 foreground, anything else unknown.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="sampleRadius">Radius of the window from which F and B are gathered (0 or more).</param>
    /// <param name="minContrast">Squared colour distance |F-B|^2 at which the projection is fully trusted.</param>
    public static float[] Solve(ReadOnlySpan<float> rgb, ReadOnlySpan<float> prior, GrayImage trimap, int width, int height, int sampleRadius, float minContrast = 0.02f)
    {
        if (sampleRadius < 0) throw new ArgumentOutOfRangeException(nameof(sampleRadius), sampleRadius, "The sample radius must not be negative.");
        int n = width * height;
        trimap.EnsureSameSize(width, height, "trimap");
        var t = trimap.Pixels;
        var fgWeight = new float[n];
        var bgWeight = new float[n];
        for (int i = 0; i < n; i++)
        {
            fgWeight[i] = t[i] == Trimap.Foreground ? 1f : 0f;
            bgWeight[i] = t[i] == Trimap.Background ? 1f : 0f;
        }
        var tmp = new float[n];
        var fgMean = new float[3][];
        var bgMean = new float[3][];
        var fgCount = BoxFilter.Mean(fgWeight, width, height, sampleRadius);
        var bgCount = BoxFilter.Mean(bgWeight, width, height, sampleRadius);
        for (int c = 0; c < 3; c++)
        {
            var plane = rgb.Slice(c * n, n);
            TensorPrimitives.Multiply(plane, fgWeight, tmp);
            fgMean[c] = BoxFilter.Mean(tmp, width, height, sampleRadius);
            TensorPrimitives.Multiply(plane, bgWeight, tmp);
            bgMean[c] = BoxFilter.Mean(tmp, width, height, sampleRadius);
        }

        var alpha = prior[..n].ToArray();
        for (int i = 0; i < n; i++)
        {
            if (t[i] == Trimap.Foreground || t[i] == Trimap.Background) continue;
            float wf = fgCount[i], wb = bgCount[i];
            if (wf < 1e-4f || wb < 1e-4f) continue;
            float dot = 0, norm = 0;
            for (int c = 0; c < 3; c++)
            {
                float f = fgMean[c][i] / wf, b = bgMean[c][i] / wb;
                float d = f - b;
                dot += (rgb[c * n + i] - b) * d;
                norm += d * d;
            }
            if (norm < 1e-6f) continue;
            float estimate = Math.Clamp(dot / norm, 0f, 1f);
            float trust = Math.Min(1f, norm / minContrast);
            alpha[i] = trust * estimate + (1 - trust) * prior[i];
        }
        return alpha;
    }
}
