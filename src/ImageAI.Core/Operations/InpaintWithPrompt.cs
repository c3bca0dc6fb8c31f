using ImageAI.Imaging;

namespace ImageAI.Operations;

/// <summary>
/// Prompt-guided inpainting: regenerates the masked area. Pixels outside the mask are pasted back after decoding,
/// so they are unchanged bit for bit; the seam is feathered inside the mask by <see cref="MaskBlur"/>. Works with
/// ordinary (4-channel) UNets by latent blending, and with 9-channel inpainting UNets.
/// </summary>
public sealed record InpaintWithPrompt : PromptDiffusionOperation
{
    /// <summary>The operation name.</summary>
    public const string OperationName = "inpaint-with-prompt";

    /// <inheritdoc />
    public override string Name => OperationName;

    /// <summary>The area to repaint: non-zero = repaint, 0 = keep. Same size as the image. Required.</summary>
    public GrayImage? Mask { get; init; }

    /// <summary>Noise strength in the masked area (1 = regenerate from pure noise, the default).</summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>Gaussian feather of the seam in pixels, applied inside the mask only (4 by default; 0 = hard edge).</summary>
    public int MaskBlur { get; init; } = 4;

    /// <summary>
    /// Work on a crop around the mask (plus <see cref="CropMargin"/>) instead of the whole image, so large images keep
    /// full detail where they are repainted and the rest costs nothing (true by default).
    /// </summary>
    public bool CropToMask { get; init; } = true;

    /// <summary>Context kept around the mask's bounding box when cropping, in pixels (32 by default).</summary>
    public int CropMargin { get; init; } = 32;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Mask is null) throw new ArgumentException("Inpainting needs a mask (non-zero = repaint).", nameof(Mask));
        if (!(Strength >= 0 && Strength <= 1)) throw new ArgumentOutOfRangeException(nameof(Strength), Strength, "Strength must be between 0 and 1.");
        if (MaskBlur < 0 || MaskBlur > 256) throw new ArgumentOutOfRangeException(nameof(MaskBlur), MaskBlur, "The mask blur must be between 0 and 256 pixels.");
        if (CropMargin < 0) throw new ArgumentOutOfRangeException(nameof(CropMargin), CropMargin, "The crop margin must not be negative.");
    }
}
