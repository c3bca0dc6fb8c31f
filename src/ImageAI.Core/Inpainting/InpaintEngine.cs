namespace ImageAI.Inpainting;

/// <summary>How a hole is filled.</summary>
public enum InpaintEngine
{
    /// <summary>Multi-scale exemplar (PatchMatch) inpainting: copies texture and structure from the rest of the image. The default; no model needed.</summary>
    PatchMatch,
    /// <summary>Fast-marching (Telea) inpainting: smooth and fast, best for thin holes such as text strokes. No model needed.</summary>
    Telea,
    /// <summary>LaMa (ONNX, fixed 512x512): a learned inpainter for large holes. Needs the <c>lama</c> model.</summary>
    Lama,
    /// <summary>MI-GAN pipeline (ONNX, any size): a fast learned inpainter. Needs the <c>migan</c> model.</summary>
    MiGan,
}
