using ImageAI.Geometry;

namespace ImageAI.Faces;

/// <summary>An axis-aligned rectangle in pixels.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    /// <summary>Area in square pixels.</summary>
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Intersection over union with another box (0 when either is empty).</summary>
    public float IoU(FaceBox other)
    {
        float ix = Math.Max(0, Math.Min(X + Width, other.X + other.Width) - Math.Max(X, other.X));
        float iy = Math.Max(0, Math.Min(Y + Height, other.Y + other.Height) - Math.Max(Y, other.Y));
        float inter = ix * iy, union = Area + other.Area - inter;
        return union <= 0 ? 0 : inter / union;
    }
}

/// <summary>
/// One detected face: its box, five landmarks in image order (the eye on the image's left, the eye on the right,
/// the nose tip, the mouth corner on the left, the mouth corner on the right) and the detector's confidence.
/// </summary>
/// <param name="Box">The face box in input-image pixels.</param>
/// <param name="Landmarks">Five landmarks in input-image pixels.</param>
/// <param name="Score">Confidence 0..1.</param>
public sealed record DetectedFace(FaceBox Box, IReadOnlyList<PointF2> Landmarks, float Score)
{
    /// <summary>The face size used for filtering: the shorter side of the box.</summary>
    public float Size => Math.Min(Box.Width, Box.Height);
}

/// <summary>What <c>DetectFaces</c> reports in <see cref="ImageEditResult.Details"/>.</summary>
/// <param name="Faces">Faces found, largest first.</param>
/// <param name="Detector">The detector model id.</param>
public sealed record FaceDetectionReport(IReadOnlyList<DetectedFace> Faces, string Detector);

/// <summary>One face that <c>EnhanceFaces</c> processed.</summary>
/// <param name="Index">The face's index in the detection list (largest first).</param>
/// <param name="Face">The detection, in input-image pixels.</param>
/// <param name="Enhanced">Whether it was restored and pasted (false when filtered out).</param>
/// <param name="OutputToTemplate">
/// For enhanced faces: maps output-image pixels to the 512x512 aligned template the face was restored in (the
/// pasted area is that square, feathered at its edge); null otherwise.
/// </param>
public sealed record EnhancedFace(int Index, DetectedFace Face, bool Enhanced, AffineTransform? OutputToTemplate = null);

/// <summary>What <c>EnhanceFaces</c> reports in <see cref="ImageEditResult.Details"/>.</summary>
/// <param name="Faces">Every face detected, with whether it was enhanced.</param>
/// <param name="Detector">The detector model id.</param>
/// <param name="Restorer">The restoration model id.</param>
/// <param name="Scale">The output scale relative to the input.</param>
public sealed record FaceEnhancementReport(IReadOnlyList<EnhancedFace> Faces, string Detector, string Restorer, double Scale)
{
    /// <summary>How many faces were restored.</summary>
    public int EnhancedCount => Faces.Count(f => f.Enhanced);
}
