using ImageAI.Faces;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>Greedy non-maximum suppression: keep the best-scoring box, drop those overlapping it, repeat.</summary>
internal static class NonMaxSuppression
{
    public static List<DetectedFace> Apply(List<DetectedFace> candidates, float iouThreshold, int maxFaces = 1000)
    {
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<DetectedFace>();
        foreach (var face in candidates)
        {
            bool suppressed = false;
            foreach (var k in kept)
                if (k.Box.IoU(face.Box) > iouThreshold) { suppressed = true; break; }
            if (suppressed) continue;
            kept.Add(face);
            if (kept.Count >= maxFaces) break;
        }
        return kept;
    }
}
