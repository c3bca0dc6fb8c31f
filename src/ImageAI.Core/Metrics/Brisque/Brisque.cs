using ImageAI.Imaging;

namespace ImageAI.Metrics.Brisque;

/// <summary>
/// BRISQUE, a no-reference naturalness score (Mittal et al. 2012): 0 (natural, undistorted) to 100 (badly
/// distorted); lower is better. Needs the SVR model files of OpenCV (see <see cref="BrisqueModel"/>).
/// </summary>
public static class Brisque
{
    /// <summary>The score of an image (colour converted to grey; alpha ignored), clamped to 0..100 as OpenCV does.</summary>
    public static double Score(ImageBuffer image, BrisqueModel model)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(model);
        var features = BrisqueFeatures.Compute(BrisqueFeatures.Grey(image), image.Width, image.Height);
        return Score(features, model);
    }

    /// <summary>The score for already computed features.</summary>
    public static double Score(ReadOnlySpan<float> features, BrisqueModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (features.Length != BrisqueFeatures.Count) throw new ArgumentException($"Expected {BrisqueFeatures.Count} features.", nameof(features));
        return Math.Clamp((float)model.Predict(features), 0f, 100f);
    }
}
