using ImageAI.Imaging;
using ImageAI.Matting;

namespace ImageAI.Operations;

/// <summary>Validation shared by the operations that segment a subject.</summary>
internal static class SubjectOptions
{
    public static void Validate(int? modelResolution, int cropMargin, MaskRefinement refinement)
    {
        if (modelResolution is { } r && (r < 256 || r > 2048 || r % 32 != 0))
            throw new ArgumentOutOfRangeException(nameof(modelResolution), r, "The model resolution must be a multiple of 32 between 256 and 2048 (e.g. 512, 768, 1024).");
        if (cropMargin < 0)
            throw new ArgumentOutOfRangeException(nameof(cropMargin), cropMargin, "The crop margin must not be negative.");
        if (!Enum.IsDefined(refinement))
            throw new ArgumentOutOfRangeException(nameof(refinement), refinement, "Unknown refinement.");
    }

    /// <summary>A trimap only means something to a refinement; its size is checked against the image when the operation runs.</summary>
    public static void ValidateTrimap(GrayImage? trimap, MaskRefinement refinement)
    {
        if (trimap is not null && refinement == MaskRefinement.None)
            throw new ArgumentException("A trimap needs Refinement = GuidedFilter or Matting (Matting solves its unknown region).", nameof(trimap));
    }
}
