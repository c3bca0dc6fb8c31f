using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Models;
using ImageAI.Onnx.Sessions;

namespace ImageAI.Onnx.Pipelines.Background;

/// <summary>
/// Loads the segmentation model at the requested input resolution. ISNet is exported with a fixed 1024x1024
/// input and its internal "upsample like" Resize nodes have the export-time sizes folded into constants, so a
/// copy rewritten for the requested side (see <see cref="OnnxShapeRewriter"/>) is written once per side,
/// atomically, under the model cache's <c>derived</c> folder, and loaded instead.
/// </summary>
internal static class SegmenterSessions
{
    public static async Task<(ModelSession Session, int Side)> LoadAsync(EditorContext context, string? modelId, int? resolution,
        IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var session = await context.LoadAsync(modelId, BackgroundRemovalPipeline.Task, progress, cancellationToken).ConfigureAwait(false);
        var dims = session.InputMetadata[session.InputNames[0]].Dimensions;
        int native = SalientObjectSegmenter.InputSide(session);
        if (resolution is null || resolution == native) return (session, native);
        if (dims.Length == 4 && dims[2] <= 0 && dims[3] <= 0) return (session, resolution.Value);
        if (dims.Length != 4 || dims[2] != dims[3])
            throw new ModelContractException(session.Model.Id, $"Model '{session.Model.Id}' has input [{string.Join(",", dims)}]; only square fixed-size inputs can be run at another resolution.");

        var model = session.Model;
        string tag = model.Sha256 is { Length: >= 12 } sha ? sha[..12] : $"{new FileInfo(model.Path).Length:x}";
        var folder = Path.Combine(context.Store.Options.CacheDirectory, "derived");
        var path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(model.Path)}-{resolution}-{tag}.onnx");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            var bytes = RewriteOrThrow(model, await File.ReadAllBytesAsync(model.Path, cancellationToken).ConfigureAwait(false), native, resolution.Value);
            var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.part");
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        var dynamicSession = await context.Sessions.GetAsync(new ResolvedModel(model.Id, path, null, model.Entry), cancellationToken).ConfigureAwait(false);
        return (dynamicSession, resolution.Value);
    }

    private static byte[] RewriteOrThrow(ResolvedModel model, byte[] bytes, int native, int side)
    {
        try
        {
            return OnnxShapeRewriter.ResizeSquareInput(bytes, native, side);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelContractException(model.Id, $"Model '{model.Id}' cannot run at {side}x{side}: {ex.Message}");
        }
    }
}
