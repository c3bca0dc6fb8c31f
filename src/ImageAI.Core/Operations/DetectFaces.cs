namespace ImageAI.Operations;

/// <summary>
/// Finds faces: boxes, five landmarks and scores, reported as a <see cref="Faces.FaceDetectionReport"/> in
/// <see cref="ImageEditResult.Details"/>. The result image is the input, or with <see cref="DrawFaces"/> a copy
/// with boxes and landmarks drawn on it.
/// </summary>
public sealed record DetectFaces : ImageOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "detect-faces";

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <summary>Catalog id or path of the detector (YuNet or RetinaFace contract); null = the default (<c>yunet</c>).</summary>
    public string? ModelId { get; init; }

    /// <summary>Minimum confidence 0..1 (default 0.6).</summary>
    public float ScoreThreshold { get; init; } = 0.6f;

    /// <summary>Boxes overlapping a better one by more than this IoU are dropped (default 0.3).</summary>
    public float NmsThreshold { get; init; } = 0.3f;

    /// <summary>Images whose longer side exceeds this are detected on a downscaled copy (default 1280; coordinates are reported in full resolution).</summary>
    public int MaxDetectionSide { get; init; } = 1280;

    /// <summary>Return a copy of the image with the faces drawn (boxes, landmarks).</summary>
    public bool DrawFaces { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        if (!(ScoreThreshold is >= 0f and <= 1f)) throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "ScoreThreshold must be in 0..1.");
        if (!(NmsThreshold is > 0f and <= 1f)) throw new ArgumentOutOfRangeException(nameof(NmsThreshold), NmsThreshold, "NmsThreshold must be in (0, 1].");
        if (MaxDetectionSide < 64) throw new ArgumentOutOfRangeException(nameof(MaxDetectionSide), MaxDetectionSide, "MaxDetectionSide must be at least 64.");
    }
}
