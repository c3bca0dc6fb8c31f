using ImageAI.Blending;
using ImageAI.Geometry;
using ImageAI.Imaging;
using ImageAI.Operations;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>
/// Pastes a restored aligned face back into the output through the inverse alignment, inside the face's
/// bounding patch only. The blending weight is defined in aligned-crop space (a square inset by 2% with a smooth
/// ramp 8% of the crop wide), so the feather width scales with the face.
/// </summary>
internal static class FacePaster
{
    private const float InsetFraction = 0.02f, FeatherFraction = 0.08f;

    /// <param name="output">The image to paste into (output resolution).</param>
    /// <param name="restored">The restored face, <c>R x R</c>.</param>
    /// <param name="outputToRestored">Maps output pixels to restored-face pixels.</param>
    /// <param name="mode">Feather or seamless clone.</param>
    /// <param name="cancellationToken">Stops before blending.</param>
    /// <returns>The pasted region and its weights (for reporting and measuring), or null when the face lies outside the image.</returns>
    public static PasteRegion? Paste(ImageBuffer output, ImageBuffer restored, AffineTransform outputToRestored, FaceBlendMode mode, CancellationToken cancellationToken)
    {
        int side = restored.Width;
        var restoredToOutput = outputToRestored.Invert();
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var corner in new PointF2[] { new(0, 0), new(side, 0), new(0, side), new(side, side) })
        {
            var p = restoredToOutput.Apply(corner);
            minX = Math.Min(minX, p.X); minY = Math.Min(minY, p.Y); maxX = Math.Max(maxX, p.X); maxY = Math.Max(maxY, p.Y);
        }
        int x0 = Math.Max(0, (int)MathF.Floor(minX) - 1), y0 = Math.Max(0, (int)MathF.Floor(minY) - 1);
        int x1 = Math.Min(output.Width, (int)MathF.Ceiling(maxX) + 2), y1 = Math.Min(output.Height, (int)MathF.Ceiling(maxY) + 2);
        if (x1 - x0 < 3 || y1 - y0 < 3) return null;
        int w = x1 - x0, h = y1 - y0;

        // Patch pixel (x, y) is output pixel (x + x0, y + y0).
        var patchToRestored = outputToRestored.After(new AffineTransform(1, 0, x0, 0, 1, y0));
        var face = AffineWarp.Warp(restored, patchToRestored, w, h);
        var weights = AffineWarp.Warp(CropWeights(side), side, side, patchToRestored, w, h);
        cancellationToken.ThrowIfCancellationRequested();

        var patch = Extract(output, x0, y0, w, h);
        if (mode == FaceBlendMode.Seamless)
        {
            var mask = new GrayImage(w, h);
            var m = mask.Pixels;
            for (int i = 0; i < weights.Length; i++) m[i] = weights[i] >= 0.5f ? (byte)255 : (byte)0;
            SeamlessClone.Clone(face, patch, mask, SeamlessCloneMode.Normal, null, cancellationToken);
            // Soften the clone's own edge by a pixel or two: the clone matches the boundary values, so this only hides quantisation.
        }
        else
        {
            FeatherBlend.Blend(face, patch, weights);
        }
        Insert(output, patch, x0, y0);
        return new PasteRegion(x0, y0, w, h, weights);
    }

    /// <summary>The paste weight over the aligned crop: 0 at the crop's edge, rising smoothly to 1 inside.</summary>
    internal static float[] CropWeights(int side)
    {
        var weights = new float[side * side];
        float inset = InsetFraction * side, ramp = Math.Max(1f, FeatherFraction * side);
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
            {
                float d = Math.Min(Math.Min(x, y), Math.Min(side - 1 - x, side - 1 - y)) - inset;
                float t = Math.Clamp(d / ramp, 0f, 1f);
                weights[y * side + x] = t * t * (3 - 2 * t);
            }
        return weights;
    }

    private static ImageBuffer Extract(ImageBuffer image, int x0, int y0, int w, int h)
    {
        var patch = new ImageBuffer(w, h);
        for (int y = 0; y < h; y++) image.GetRow(y + y0).Slice(x0 * 4, w * 4).CopyTo(patch.GetRow(y));
        return patch;
    }

    private static void Insert(ImageBuffer image, ImageBuffer patch, int x0, int y0)
    {
        for (int y = 0; y < patch.Height; y++) patch.GetRow(y).CopyTo(image.GetRow(y + y0).Slice(x0 * 4, patch.Width * 4));
    }
}

/// <summary>Where a face was pasted (output pixels) and with which weights (row-major over the region).</summary>
internal sealed record PasteRegion(int X, int Y, int Width, int Height, float[] Weights);
