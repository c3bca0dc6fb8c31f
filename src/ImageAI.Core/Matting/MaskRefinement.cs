namespace ImageAI.Matting;

/// <summary>How a coarse (model-resolution) mask is brought to the full image resolution.</summary>
public enum MaskRefinement
{
    /// <summary>Bilinear upsampling of the model's mask (fastest, soft and blocky edges at large scale factors).</summary>
    None,
    /// <summary>Edge-aware upsampling with a colour guided filter: the mask takes the image's edges, O(N).</summary>
    GuidedFilter,
    /// <summary>Trimap from the coarse mask, local colour matting in the unknown band, then the guided filter.</summary>
    Matting,
}
