namespace ImageAI.Matting;

/// <summary>How a coarse (model-resolution) mask is brought to the full image resolution.</summary>
public enum MaskRefinement
{
    /// <summary>Bilinear upsampling of the model's mask (fastest, soft and blocky edges at large scale factors).</summary>
    None,
    /// <summary>Edge-aware upsampling with a colour guided filter: the mask takes the image's edges, O(N).</summary>
    GuidedFilter,
    /// <summary>
    /// The guided filter, then closed-form matting (matting Laplacian, conjugate gradients) in the unknown band of a
    /// trimap derived from the coarse mask or supplied by the caller: slower, best on hair and soft edges.
    /// </summary>
    Matting,
}
