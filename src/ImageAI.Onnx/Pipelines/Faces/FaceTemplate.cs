using ImageAI.Geometry;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>
/// The canonical five-point face template of FFHQ-aligned 512x512 crops, as used by GFPGAN-style restoration
/// networks (eyes, nose tip, mouth corners; image-left first). Scaled for other crop sizes.
/// </summary>
internal static class FaceTemplate
{
    public const int Side = 512;

    private static readonly PointF2[] Points512 =
    [
        new(192.98138f, 239.94708f), new(318.90277f, 240.1936f), new(256.63416f, 314.01935f),
        new(201.26117f, 371.41043f), new(313.08905f, 371.15118f),
    ];

    /// <summary>The template for a crop of <paramref name="side"/> pixels.</summary>
    public static PointF2[] For(int side)
    {
        float s = side / (float)Side;
        var points = new PointF2[Points512.Length];
        for (int i = 0; i < points.Length; i++) points[i] = new PointF2(Points512[i].X * s, Points512[i].Y * s);
        return points;
    }

    /// <summary>The similarity mapping image pixels onto the aligned crop of <paramref name="side"/> pixels.</summary>
    public static AffineTransform ImageToCrop(IReadOnlyList<PointF2> landmarks, int side)
    {
        if (landmarks.Count != 5) throw new ArgumentException("Five landmarks are needed for alignment.", nameof(landmarks));
        return SimilarityTransform.Estimate(landmarks.ToArray(), For(side));
    }
}
