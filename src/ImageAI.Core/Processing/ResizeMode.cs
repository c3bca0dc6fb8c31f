namespace ImageAI.Processing;

/// <summary>Resampling filters.</summary>
public enum ResizeMode
{
    /// <summary>Triangle filter (linear interpolation); antialiased when shrinking.</summary>
    Bilinear,
    /// <summary>Keys cubic convolution with a = -0.5 (Catmull-Rom); sharper, may overshoot (results are clamped).</summary>
    Bicubic,
    /// <summary>Box filter over each output pixel's footprint: exact pixel-area averaging when shrinking.</summary>
    Area,
    /// <summary>Nearest neighbour (no filtering).</summary>
    Nearest,
}
