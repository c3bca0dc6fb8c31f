namespace ImageAI.Operations;

/// <summary>How restored faces are pasted back.</summary>
public enum FaceBlendMode
{
    /// <summary>A feathered mask whose width scales with the face size (default; fast, keeps the restored colours).</summary>
    Feather,
    /// <summary>Poisson seamless cloning: the face takes its colour from the surrounding image, so no seam is possible.</summary>
    Seamless,
}

/// <summary>
/// Restores faces: detect, align each face to a canonical five-point template, restore it with a model, and paste
/// it back through the inverse transform. The rest of the image is optionally upscaled by <see cref="Scale"/>.
/// The report (<see cref="Faces.FaceEnhancementReport"/>) lists the faces found; no face is not an error (the
/// result carries a warning).
/// </summary>
public sealed record EnhanceFaces : ImageOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "enhance-faces";

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <summary>
    /// Restoration model: a catalog id or path. Either a super-resolution network (Real-ESRGAN contract, the default
    /// <c>realesr-general-x4v3</c>) run on the aligned crop, or a face-restoration network with the GFPGAN /
    /// CodeFormer / GPEN contract (512x512 aligned face, RGB in -1..1, optional fidelity input <c>w</c>).
    /// </summary>
    public string? ModelId { get; init; }

    /// <summary>Face detector id or path; null = the default (<c>yunet</c>).</summary>
    public string? DetectorModelId { get; init; }

    /// <summary>Output scale relative to the input, 1..8 (default 1: same size).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>How faces are pasted back (default feather).</summary>
    public FaceBlendMode Blend { get; init; } = FaceBlendMode.Feather;

    /// <summary>Faces whose box is smaller than this many input pixels (shorter side) are left alone (default 16).</summary>
    public int MinFaceSize { get; init; } = 16;

    /// <summary>Only the largest face.</summary>
    public bool OnlyLargest { get; init; }

    /// <summary>Only these faces (indices into the detection list, largest first); null = all.</summary>
    public IReadOnlyList<int>? FaceIndices { get; init; }

    /// <summary>CodeFormer's fidelity weight w in 0..1 (higher = closer to the input); used only by models with a <c>w</c> input.</summary>
    public float Fidelity { get; init; } = 0.5f;

    /// <summary>Minimum detection confidence 0..1 (default 0.6).</summary>
    public float ScoreThreshold { get; init; } = 0.6f;

    /// <inheritdoc />
    public override void Validate()
    {
        if (!(Scale is >= 1 and <= 8)) throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "Scale must be between 1 and 8.");
        if (!(Fidelity is >= 0f and <= 1f)) throw new ArgumentOutOfRangeException(nameof(Fidelity), Fidelity, "Fidelity must be in 0..1.");
        if (!(ScoreThreshold is >= 0f and <= 1f)) throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "ScoreThreshold must be in 0..1.");
        if (MinFaceSize < 0) throw new ArgumentOutOfRangeException(nameof(MinFaceSize), MinFaceSize, "MinFaceSize must not be negative.");
        if (!Enum.IsDefined(Blend)) throw new ArgumentOutOfRangeException(nameof(Blend), Blend, "Unknown blend mode.");
        if (FaceIndices is not null)
            foreach (int i in FaceIndices)
                if (i < 0) throw new ArgumentOutOfRangeException(nameof(FaceIndices), i, "Face indices must not be negative.");
    }
}
