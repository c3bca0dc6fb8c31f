using ImageAI.Imaging;
using ImageAI.Morphology;

namespace ImageAI.Inpainting;

/// <summary>
/// The model-free inpainters (<see cref="InpaintEngine.PatchMatch"/> and <see cref="InpaintEngine.Telea"/>).
/// Only pixels where the mask is at least 128 change; alpha is kept; the input is not modified.
/// </summary>
public static class ClassicalInpainter
{
    /// <summary>Whether an engine runs without a model.</summary>
    public static bool IsClassical(InpaintEngine engine) => engine is InpaintEngine.PatchMatch or InpaintEngine.Telea;

    /// <summary>Fills the masked pixels of <paramref name="image"/>; returns a new image (the input itself when the mask is empty).</summary>
    /// <param name="image">The picture.</param>
    /// <param name="mask">The hole (value &gt;= 128), same size as the image.</param>
    /// <param name="engine">PatchMatch (default) or Telea.</param>
    /// <param name="seed">Seed of PatchMatch's random search, so results are reproducible.</param>
    /// <param name="cancellationToken">Stops between passes.</param>
    /// <exception cref="MaskSizeMismatchException">The mask is not the image's size.</exception>
    /// <exception cref="ArgumentException">The engine needs a model (use the editor's <c>Inpaint</c> operation).</exception>
    public static ImageBuffer Inpaint(ImageBuffer image, GrayImage mask, InpaintEngine engine = InpaintEngine.PatchMatch, int seed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        mask.EnsureSameSize(image.Width, image.Height);
        if (!IsClassical(engine))
            throw new ArgumentException($"Engine {engine} needs an ONNX model: run the Inpaint operation through an IImageEditor.", nameof(engine));
        var bounds = MaskOps.Bounds(mask);
        var result = image.Clone();
        if (bounds is null) return result;

        // Telea only looks a few pixels around the hole: work on the hole's neighbourhood alone.
        var region = engine == InpaintEngine.Telea ? bounds.Value.Inflate(8, image.Width, image.Height) : new PixelRect(0, 0, image.Width, image.Height);
        var (rgb, hole) = Crop(image, mask, region);
        if (engine == InpaintEngine.Telea) TeleaInpainter.Inpaint(rgb.Data, rgb.Width, rgb.Height, hole, 5, cancellationToken);
        else
        {
            var diffused = (float[])rgb.Data.Clone();
            PatchMatchInpainter.Inpaint(rgb.Data, rgb.Width, rgb.Height, hole, PatchRadius(image), seed, cancellationToken);
            TeleaInpainter.Inpaint(diffused, rgb.Width, rgb.Height, hole, 5, cancellationToken);
            BlendRim(rgb.Data, diffused, hole, rgb.Width, rgb.Height);
        }
        Paste(rgb, hole, result, region);
        return result;
    }

    /// <summary>
    /// In thin holes (text strokes, scratches: no pixel more than 8 px from the edge) PatchMatch's copied patches and
    /// fast marching's diffusion make different errors and their mean is closer to the truth than either. Weight of
    /// the diffusion: 0.5 up to 3 px from the edge (falling to 0 at 6 px). Thick holes keep PatchMatch alone.
    /// </summary>
    private const float ThinDepth = 8f;

    private static void BlendRim(float[] patchMatch, float[] diffused, bool[] hole, int width, int height)
    {
        // Distance from each hole pixel to the nearest known pixel (chamfer, 0 on known pixels).
        var known = new GrayImage(width, height);
        var k = known.Pixels;
        for (int i = 0; i < hole.Length; i++) k[i] = hole[i] ? (byte)0 : (byte)255;
        var d = MaskOps.DistanceOutside(known);
        // Only thin hole components (no pixel deeper than ThinDepth) are blended: in a thick hole the rim is where
        // PatchMatch continues regular texture (stripes, bricks) that diffusion would blur.
        var thin = new bool[hole.Length];
        var stack = new Stack<int>();
        var component = new List<int>();
        var seen = new bool[hole.Length];
        for (int start = 0; start < hole.Length; start++)
        {
            if (!hole[start] || seen[start]) continue;
            component.Clear();
            float depth = 0;
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                component.Add(i);
                depth = Math.Max(depth, d[i]);
                int x = i % width, y = i / width;
                if (x > 0 && hole[i - 1] && !seen[i - 1]) { seen[i - 1] = true; stack.Push(i - 1); }
                if (x < width - 1 && hole[i + 1] && !seen[i + 1]) { seen[i + 1] = true; stack.Push(i + 1); }
                if (y > 0 && hole[i - width] && !seen[i - width]) { seen[i - width] = true; stack.Push(i - width); }
                if (y < height - 1 && hole[i + width] && !seen[i + width]) { seen[i + width] = true; stack.Push(i + width); }
            }
            if (depth <= ThinDepth) foreach (int i in component) thin[i] = true;
        }
        for (int i = 0; i < hole.Length; i++)
        {
            if (!thin[i]) continue;
            float w = 0.5f * Math.Clamp((6 - d[i]) / 3, 0, 1);
            if (w <= 0) continue;
            for (int c = 0; c < 3; c++) patchMatch[i * 3 + c] += w * (diffused[i * 3 + c] - patchMatch[i * 3 + c]);
        }
    }

    /// <summary>7x7 patches, 9x9 for large pictures where texture is coarser in pixels.</summary>
    private static int PatchRadius(ImageBuffer image) => image.Width * (long)image.Height > 4_000_000 ? 4 : 3;

    private static (RgbImage Rgb, bool[] Hole) Crop(ImageBuffer image, GrayImage mask, PixelRect r)
    {
        var data = new float[r.Width * r.Height * 3];
        var hole = new bool[r.Width * r.Height];
        for (int y = 0; y < r.Height; y++)
        {
            var row = image.GetRow(r.Y + y);
            var m = mask.GetRow(r.Y + y);
            for (int x = 0; x < r.Width; x++)
            {
                int i = y * r.Width + x, j = (r.X + x) * 4;
                data[i * 3] = row[j];
                data[i * 3 + 1] = row[j + 1];
                data[i * 3 + 2] = row[j + 2];
                hole[i] = m[r.X + x] >= MaskOps.Threshold;
            }
        }
        return (new RgbImage(r.Width, r.Height, data), hole);
    }

    private static void Paste(RgbImage rgb, bool[] hole, ImageBuffer target, PixelRect r)
    {
        for (int y = 0; y < r.Height; y++)
        {
            var row = target.GetRow(r.Y + y);
            for (int x = 0; x < r.Width; x++)
            {
                int i = y * r.Width + x;
                if (!hole[i]) continue;
                int j = (r.X + x) * 4;
                row[j] = RgbImage.ToByte(rgb.Data[i * 3]);
                row[j + 1] = RgbImage.ToByte(rgb.Data[i * 3 + 1]);
                row[j + 2] = RgbImage.ToByte(rgb.Data[i * 3 + 2]);
            }
        }
    }
}
