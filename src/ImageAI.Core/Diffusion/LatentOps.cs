using System.Numerics.Tensors;
using ImageAI.Imaging;

namespace ImageAI.Diffusion;

/// <summary>
/// The latent-space arithmetic of a diffusion pipeline that is not a model run: classifier-free guidance,
/// image &lt;-&gt; VAE tensors, cheap previews and prompt-weight application. All vectorised, no allocation per pixel.
/// </summary>
public static class LatentOps
{
    /// <summary>
    /// Stable Diffusion 1.x latent-to-RGB factors (channel x RGB): a published linear least-squares fit of the VAE
    /// decoder, good enough for a preview at 1/8 resolution.
    /// </summary>
    private static readonly float[,] RgbFactors =
    {
        { 0.298f, 0.207f, 0.208f },
        { 0.187f, 0.286f, 0.173f },
        { -0.158f, 0.189f, 0.264f },
        { -0.184f, -0.271f, -0.473f },
    };

    /// <summary>Classifier-free guidance: destination = uncond + scale (cond - uncond).</summary>
    public static void CombineGuidance(ReadOnlySpan<float> unconditional, ReadOnlySpan<float> conditional, float scale, Span<float> destination)
    {
        if (unconditional.Length != conditional.Length || destination.Length < conditional.Length)
            throw new ArgumentException("Guidance inputs must have the same length.");
        // (1 - s) uncond + s cond, as two fused passes
        TensorPrimitives.Multiply(unconditional, 1 - scale, destination);
        TensorPrimitives.MultiplyAdd(conditional, scale, destination, destination);
    }

    /// <summary>An opaque image from a planar [3, H, W] tensor: pixel = clamp(round(v * scale + offset)), vectorised per plane.</summary>
    public static ImageBuffer TensorToImage(ReadOnlySpan<float> planes, int width, int height, float scale = 127.5f, float offset = 127.5f)
    {
        int n = width * height;
        var image = new ImageBuffer(width, height);
        var px = image.Pixels;
        px.Fill(255);   // alpha; colour channels are overwritten below
        var tmp = System.Buffers.ArrayPool<float>.Shared.Rent(n);
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(n);
        try
        {
            for (int c = 0; c < 3; c++)
            {
                var t = tmp.AsSpan(0, n);
                TensorPrimitives.Multiply(planes.Slice(c * n, n), scale, t);
                TensorPrimitives.Add(t, offset, t);
                PixelConversions.FloatsToBytes(t, bytes.AsSpan(0, n));
                PixelConversions.InsertChannel(bytes.AsSpan(0, n), px, c);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(tmp);
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
        return image;
    }

    /// <summary>RGB of an image as a planar [3, H, W] tensor in -1..1 (alpha ignored), vectorised per plane.</summary>
    public static void ImageToTensor(ImageBuffer image, Span<float> destination)
    {
        int n = image.Width * image.Height;
        if (destination.Length < 3 * n) throw new ArgumentException("Destination too small.", nameof(destination));
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(n);
        try
        {
            for (int c = 0; c < 3; c++)
            {
                var plane = destination.Slice(c * n, n);
                PixelConversions.ExtractChannel(image.Pixels, bytes.AsSpan(0, n), c);
                PixelConversions.BytesToFloats(bytes.AsSpan(0, n), plane, 2f / 255f);
                TensorPrimitives.Subtract(plane, 1f, plane);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// A preview of a (scaled) SD latent [4, h, w] at latent resolution through the linear RGB approximation.
    /// </summary>
    public static ImageBuffer Preview(ReadOnlySpan<float> latent, int width, int height)
    {
        int n = width * height;
        if (latent.Length < 4 * n) throw new ArgumentException("The latent must have 4 channels.", nameof(latent));
        // rgb = (sum_k latent_k * factor_k + 1) * 127.5, one vectorised pass per channel pair
        var planes = new float[3 * n];
        for (int c = 0; c < 3; c++)
        {
            var dst = planes.AsSpan(c * n, n);
            TensorPrimitives.Multiply(latent[..n], RgbFactors[0, c], dst);
            for (int k = 1; k < 4; k++) TensorPrimitives.MultiplyAdd(latent.Slice(k * n, n), RgbFactors[k, c], dst, dst);
        }
        return TensorToImage(planes, width, height, 127.5f, 127.5f);
    }

    /// <summary>
    /// Applies per-token prompt weights to text-encoder hidden states [seq, dim]: each token's vector is scaled by its
    /// weight, then the whole sequence is rescaled so its mean is unchanged (the usual convention, which keeps the
    /// overall conditioning strength). Does nothing when every weight is 1.
    /// </summary>
    public static void ApplyTokenWeights(Span<float> hidden, ReadOnlySpan<float> weights, int dim)
    {
        bool any = false;
        foreach (var w in weights) if (w != 1f) { any = true; break; }
        if (!any) return;
        float before = TensorPrimitives.Sum(hidden);
        for (int t = 0; t < weights.Length; t++)
            TensorPrimitives.Multiply(hidden.Slice(t * dim, dim), weights[t], hidden.Slice(t * dim, dim));
        float after = TensorPrimitives.Sum(hidden);
        if (after != 0 && float.IsFinite(before / after)) TensorPrimitives.Multiply(hidden, before / after, hidden);
    }
}
