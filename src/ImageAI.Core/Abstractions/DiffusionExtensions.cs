using ImageAI.Imaging;
using ImageAI.Operations;

namespace ImageAI;

/// <summary>Convenience over <see cref="IImageEditor"/> for the latent-diffusion operations.</summary>
public static class DiffusionExtensions
{
    /// <summary>Generates an image from a prompt with the model folder or catalog id <paramref name="model"/>.</summary>
    /// <param name="editor">The editor.</param>
    /// <param name="model">A diffusers/optimum ONNX folder or a catalog id.</param>
    /// <param name="prompt">The prompt.</param>
    /// <param name="options">Further options (its <c>ModelId</c> and <c>Prompt</c> are replaced); null for the defaults.</param>
    /// <param name="progress">Per-step progress (with previews when <c>PreviewEvery</c> is set).</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public static Task<ImageEditResult> GenerateImageAsync(this IImageEditor editor, string model, string prompt, GenerateImage? options = null,
        IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(null, (options ?? new GenerateImage()) with { ModelId = model, Prompt = prompt }, progress, cancellationToken);

    /// <summary>Moves an image towards a prompt by <paramref name="strength"/> (0 = unchanged, 1 = ignore the input).</summary>
    /// <param name="editor">The editor.</param>
    /// <param name="image">The input image.</param>
    /// <param name="model">A diffusers/optimum ONNX folder or a catalog id.</param>
    /// <param name="prompt">The prompt, e.g. "cinematic lighting".</param>
    /// <param name="strength">How far the result may move from the input.</param>
    /// <param name="options">Further options (model, prompt and strength are replaced); null for the defaults.</param>
    /// <param name="progress">Per-step progress.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public static Task<ImageEditResult> EditWithPromptAsync(this IImageEditor editor, ImageBuffer image, string model, string prompt, double strength = 0.5,
        EditWithPrompt? options = null, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, (options ?? new EditWithPrompt()) with { ModelId = model, Prompt = prompt, Strength = strength }, progress, cancellationToken);

    /// <summary>Repaints the non-zero area of <paramref name="mask"/> from a prompt; the rest of the image is kept exactly.</summary>
    /// <param name="editor">The editor.</param>
    /// <param name="image">The input image.</param>
    /// <param name="mask">Non-zero = repaint; the image's size.</param>
    /// <param name="model">A diffusers/optimum ONNX folder or a catalog id.</param>
    /// <param name="prompt">What to paint in the hole.</param>
    /// <param name="options">Further options (model, prompt and mask are replaced); null for the defaults.</param>
    /// <param name="progress">Per-step progress.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public static Task<ImageEditResult> InpaintWithPromptAsync(this IImageEditor editor, ImageBuffer image, GrayImage mask, string model, string prompt,
        InpaintWithPrompt? options = null, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default) =>
        editor.EditAsync(image, (options ?? new InpaintWithPrompt()) with { ModelId = model, Prompt = prompt, Mask = mask }, progress, cancellationToken);
}
