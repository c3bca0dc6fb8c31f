using ImageAI.Imaging;
using ImageAI.Inpainting;
using ImageAI.Onnx.Editing;

namespace ImageAI.Onnx.Pipelines.Inpainting;

/// <summary>Runs any <see cref="InpaintEngine"/>: the classical ones in-process, LaMa and MI-GAN through ONNX Runtime.</summary>
internal static class InpaintEngines
{
    public const string Task = "inpainting";

    /// <summary>The filled image, and the model session when a model was used.</summary>
    public static async Task<(ImageBuffer Image, ModelUsage? Model, string Provider, string? Fallback)> RunAsync(EditorContext context, ImageBuffer image, GrayImage mask,
        InpaintEngine engine, string? modelId, int seed, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        if (ClassicalInpainter.IsClassical(engine))
        {
            progress?.Report(new ImageEditProgress("inpaint", 0, 1, engine.ToString()));
            var filled = await System.Threading.Tasks.Task.Run(() => ClassicalInpainter.Inpaint(image, mask, engine, seed, ct), ct).ConfigureAwait(false);
            progress?.Report(new ImageEditProgress("inpaint", 1, 1, engine.ToString()));
            return (filled, null, "none", null);
        }
        var session = await context.LoadAsync(modelId ?? (engine == InpaintEngine.Lama ? "lama" : "migan"), Task, progress, ct).ConfigureAwait(false);
        progress?.Report(new ImageEditProgress("inference", 0, 1, session.Model.Id));
        var result = engine == InpaintEngine.Lama ? LamaInpainter.Run(session, image, mask, ct) : MiGanInpainter.Run(session, image, mask, ct);
        progress?.Report(new ImageEditProgress("inference", 1, 1, session.Model.Id));
        return (result, session.Usage, session.ExecutionProvider, session.FallbackReason);
    }
}
