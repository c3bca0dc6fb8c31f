using ImageAI.Imaging;

namespace ImageAI;

/// <summary>Progress of a long edit: which stage, and how far through it.</summary>
/// <param name="Stage">A short stage name, e.g. "download", "inference", "tile", "step".</param>
/// <param name="Current">Units done in this stage.</param>
/// <param name="Total">Units in this stage (0 when unknown).</param>
/// <param name="Message">Optional detail, e.g. the model id being downloaded.</param>
public sealed record ImageEditProgress(string Stage, long Current, long Total, string? Message = null)
{
    /// <summary>Completion of the stage, 0..1 (0 when the total is unknown).</summary>
    public double Fraction => Total > 0 ? Math.Clamp((double)Current / Total, 0, 1) : 0;

    /// <summary>An optional cheap preview of the result so far (diffusion steps).</summary>
    public ImageBuffer? Preview { get; init; }
}
