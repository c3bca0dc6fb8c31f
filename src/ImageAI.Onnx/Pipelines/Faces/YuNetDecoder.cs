using ImageAI.Faces;
using ImageAI.Geometry;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>
/// Decodes YuNet's anchor-free outputs. For each stride s in 8, 16, 32 the model gives, per grid cell in row-major
/// order, a class and an objectness score (score = sqrt(cls * obj)), a box as offsets (dx, dy) of the centre in
/// cells and log sizes (dw, dh) in cells, and five landmarks as offsets in cells.
/// </summary>
internal static class YuNetDecoder
{
    public static readonly int[] Strides = [8, 16, 32];

    /// <summary>Output names the decoder needs.</summary>
    public static IEnumerable<string> OutputNames() =>
        Strides.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}", $"kps_{s}" });

    /// <summary>
    /// Appends faces above <paramref name="threshold"/> for one stride, in padded-input pixels scaled by
    /// <paramref name="scale"/> (input pixels per model pixel).
    /// </summary>
    public static void Decode(int stride, int paddedWidth, int paddedHeight, ReadOnlySpan<float> cls, ReadOnlySpan<float> obj,
        ReadOnlySpan<float> bbox, ReadOnlySpan<float> kps, float threshold, float scale, List<DetectedFace> faces)
    {
        int cols = paddedWidth / stride, rows = paddedHeight / stride, n = cols * rows;
        if (cls.Length < n || obj.Length < n || bbox.Length < 4 * n || kps.Length < 10 * n)
            throw new InvalidDataException($"YuNet stride {stride}: outputs are shorter than the {cols}x{rows} grid.");
        for (int i = 0; i < n; i++)
        {
            float score = MathF.Sqrt(Math.Clamp(cls[i], 0f, 1f) * Math.Clamp(obj[i], 0f, 1f));
            if (score < threshold) continue;
            int row = i / cols, col = i - row * cols;
            float cx = (col + bbox[4 * i]) * stride, cy = (row + bbox[4 * i + 1]) * stride;
            float w = MathF.Exp(bbox[4 * i + 2]) * stride, h = MathF.Exp(bbox[4 * i + 3]) * stride;
            var landmarks = new PointF2[5];
            for (int k = 0; k < 5; k++)
                landmarks[k] = new PointF2((kps[10 * i + 2 * k] + col) * stride * scale, (kps[10 * i + 2 * k + 1] + row) * stride * scale);
            faces.Add(new DetectedFace(new FaceBox((cx - w / 2) * scale, (cy - h / 2) * scale, w * scale, h * scale), landmarks, score));
        }
    }
}
