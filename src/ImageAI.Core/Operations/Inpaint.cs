using ImageAI.Imaging;
using ImageAI.Inpainting;

namespace ImageAI.Operations;

/// <summary>
/// Fills the masked pixels from their surroundings (object removal). Pixels outside the mask are returned
/// unchanged, bit for bit; alpha is kept; the size is kept. An empty mask is a no-op (reported in the warnings).
/// </summary>
public sealed record Inpaint : ImageOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "inpaint";

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <summary>The hole: pixels with value &gt;= 128 are filled. Must have the image's size.</summary>
    public required GrayImage Mask { get; init; }

    /// <summary>The inpainting engine (default PatchMatch, no model needed).</summary>
    public InpaintEngine Engine { get; init; } = InpaintEngine.PatchMatch;

    /// <summary>Catalog id or .onnx path for <see cref="InpaintEngine.Lama"/>/<see cref="InpaintEngine.MiGan"/>; null = the catalog's <c>lama</c> / <c>migan</c>.</summary>
    public string? ModelId { get; init; }

    /// <summary>Grow the mask by this many pixels first (covers antialiased fringes). Default 0.</summary>
    public int DilateRadius { get; init; }

    /// <summary>Seed for PatchMatch's random search (results are reproducible for a given seed).</summary>
    public int Seed { get; init; } = 1;

    /// <inheritdoc />
    public override void Validate()
    {
        if (Mask is null) throw new ArgumentNullException(nameof(Mask), "Inpaint needs a mask.");
        if (DilateRadius is < 0 or > 256) throw new ArgumentOutOfRangeException(nameof(DilateRadius), DilateRadius, "DilateRadius must be 0..256.");
        if (!Enum.IsDefined(Engine)) throw new ArgumentOutOfRangeException(nameof(Engine), Engine, "Unknown inpainting engine.");
    }
}
