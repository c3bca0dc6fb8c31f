using ImageAI.Faces;
using ImageAI.Geometry;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>
/// Decodes RetinaFace (MobileNet-0.25) outputs against its prior boxes: for steps 8, 16, 32 with anchor sizes
/// (16, 32), (64, 128), (256, 512), one prior per size per cell, centred on the cell. Offsets are scaled by the
/// variances 0.1 (centres, landmarks) and 0.2 (log sizes).
/// </summary>
internal static class RetinaFaceDecoder
{
    private static readonly int[] Steps = [8, 16, 32];
    private static readonly int[][] MinSizes = [[16, 32], [64, 128], [256, 512]];
    private const float CentreVariance = 0.1f, SizeVariance = 0.2f;

    /// <summary>Prior boxes (cx, cy, w, h) in pixels for an input of the given size, in the model's output order.</summary>
    public static float[] Priors(int width, int height)
    {
        var priors = new List<float>();
        for (int k = 0; k < Steps.Length; k++)
        {
            int step = Steps[k];
            int rows = (int)Math.Ceiling(height / (double)step), cols = (int)Math.Ceiling(width / (double)step);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    foreach (int size in MinSizes[k])
                    {
                        priors.Add((j + 0.5f) * step);
                        priors.Add((i + 0.5f) * step);
                        priors.Add(size);
                        priors.Add(size);
                    }
        }
        return priors.ToArray();
    }

    /// <summary>Appends faces above the threshold, in model-input pixels times <paramref name="scale"/>.</summary>
    public static void Decode(float[] priors, ReadOnlySpan<float> loc, ReadOnlySpan<float> conf, ReadOnlySpan<float> landmarks,
        float threshold, float scale, List<DetectedFace> faces)
    {
        int n = priors.Length / 4;
        if (loc.Length < 4 * n || conf.Length < 2 * n || landmarks.Length < 10 * n)
            throw new InvalidDataException($"RetinaFace outputs do not match the {n} prior boxes of this input size.");
        for (int i = 0; i < n; i++)
        {
            float score = conf[2 * i + 1];
            if (score < threshold) continue;
            float pcx = priors[4 * i], pcy = priors[4 * i + 1], pw = priors[4 * i + 2], ph = priors[4 * i + 3];
            float cx = pcx + loc[4 * i] * CentreVariance * pw, cy = pcy + loc[4 * i + 1] * CentreVariance * ph;
            float w = pw * MathF.Exp(loc[4 * i + 2] * SizeVariance), h = ph * MathF.Exp(loc[4 * i + 3] * SizeVariance);
            var points = new PointF2[5];
            for (int k = 0; k < 5; k++)
                points[k] = new PointF2((pcx + landmarks[10 * i + 2 * k] * CentreVariance * pw) * scale,
                                        (pcy + landmarks[10 * i + 2 * k + 1] * CentreVariance * ph) * scale);
            faces.Add(new DetectedFace(new FaceBox((cx - w / 2) * scale, (cy - h / 2) * scale, w * scale, h * scale), points, score));
        }
    }
}
