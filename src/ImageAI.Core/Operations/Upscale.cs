namespace ImageAI.Operations;

/// <summary>
/// Enlarges an image with a super-resolution network (Real-ESRGAN general x4 v3 by default), tile by tile with
/// feathered overlaps. Any factor above 0 and up to 8 works: the network runs at its own scale, then a
/// high-quality resize (antialiased bicubic) brings the result to the requested size. Alpha is upscaled too.
/// </summary>
public sealed record Upscale : ImageOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "upscale";

    /// <summary>The largest factor accepted.</summary>
    public const double MaxScale = 8;

    /// <summary>The default memory budget: 1 GiB.</summary>
    public const long DefaultMemoryBudget = 1L << 30;

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <summary>The enlargement factor, above 0 and at most 8 (default 4). The output is round(size x Scale).</summary>
    public double Scale { get; init; } = 4;

    /// <summary>Catalog id or file path of the super-resolution model; null means the default (<c>realesr-general-x4v3</c>).</summary>
    public string? ModelId { get; init; }

    /// <summary>Largest tile side in input pixels; null picks the largest tile (up to 512) that fits <see cref="MemoryBudget"/>.</summary>
    public int? TileSize { get; init; }

    /// <summary>Overlap between neighbouring tiles in input pixels (default 16), blended with feathered weights.</summary>
    public int TileOverlap { get; init; } = 16;

    /// <summary>Memory the upscale may use, in bytes (default 1 GiB); an image that cannot fit even with the smallest tiles is refused.</summary>
    public long MemoryBudget { get; init; } = DefaultMemoryBudget;

    /// <inheritdoc />
    public override void Validate()
    {
        if (!(Scale > 0 && Scale <= MaxScale))
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, $"Scale must be above 0 and at most {MaxScale}.");
        if (TileOverlap < 0)
            throw new ArgumentOutOfRangeException(nameof(TileOverlap), TileOverlap, "TileOverlap must not be negative.");
        if (TileSize is { } tile && (tile < 16 || tile <= 2 * TileOverlap))
            throw new ArgumentOutOfRangeException(nameof(TileSize), tile, $"TileSize must be at least 16 and more than twice TileOverlap ({TileOverlap}).");
        if (MemoryBudget <= 0)
            throw new ArgumentOutOfRangeException(nameof(MemoryBudget), MemoryBudget, "MemoryBudget must be positive.");
    }
}

/// <summary>What an <see cref="Upscale"/> did (the result's <see cref="ImageEditResult.Details"/>).</summary>
/// <param name="NetworkScale">The network's own factor.</param>
/// <param name="Scale">The factor requested.</param>
/// <param name="TileSize">The tile side used (input pixels; the grid may shrink tiles to fit evenly).</param>
/// <param name="Tiles">The number of tiles run (colour only).</param>
/// <param name="TileOverlap">The overlap used.</param>
/// <param name="EstimatedBytes">The memory estimate for this run.</param>
/// <param name="Contract">The model contract: <c>rgb</c> or <c>y-channel</c>.</param>
public sealed record UpscaleReport(int NetworkScale, double Scale, int TileSize, int Tiles, int TileOverlap, long EstimatedBytes, string Contract);
