namespace ImageAI.Watermarks;

/// <summary>
/// The region to remove covers more of the image than allowed (default 15%): a false detection or a wrong mask
/// would otherwise silently repaint a large part of the photo. Set <c>Force</c> to proceed anyway.
/// </summary>
public sealed class MaskAreaExceededException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public MaskAreaExceededException(double fraction, double limit)
        : base($"The watermark region covers {fraction:P1} of the image, more than the {limit:P0} limit: refusing to repaint that much (a wrong mask or detection?). Pass Force (CLI: --force) to remove it anyway, or raise MaxAreaFraction.")
    {
        Fraction = fraction;
        Limit = limit;
    }

    /// <summary>
    /// The one area guard every watermark path uses: throws when <paramref name="pixels"/> of
    /// <paramref name="imagePixels"/> exceed <paramref name="limit"/> and the caller did not <paramref name="force"/> it.
    /// </summary>
    public static void ThrowIfOver(long pixels, long imagePixels, double limit, bool force)
    {
        double fraction = (double)pixels / imagePixels;
        if (fraction > limit && !force) throw new MaskAreaExceededException(fraction, limit);
    }

    /// <summary>The fraction of the image the region covers.</summary>
    public double Fraction { get; }

    /// <summary>The limit in force.</summary>
    public double Limit { get; }
}
