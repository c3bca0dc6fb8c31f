using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Models;
using ImageAI.Onnx.Sessions;

namespace ImageAI.Onnx.Pipelines.Background;

/// <summary>
/// Loads the segmentation model at the requested input resolution. ISNet is exported with a fixed 1024x1024
/// input, but its internal Resize nodes take their sizes from Shape/Slice/Concat of live tensors, so a copy whose
/// declared input dims are symbolic (see <see cref="OnnxShapeRewriter"/>) runs at 512 or 768 as well. The copy is
/// written once, atomically, beside the model cache.
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

        var model = session.Model;
        string tag = model.Sha256 is { Length: >= 12 } sha ? sha[..12] : $"{new FileInfo(model.Path).Length:x}";
        var folder = Path.Combine(context.Store.Options.CacheDirectory, "derived");
        var path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(model.Path)}-dynamic-{tag}.onnx");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            var bytes = OnnxShapeRewriter.MakeSpatialDimsDynamic(await File.ReadAllBytesAsync(model.Path, cancellationToken).ConfigureAwait(false));
            var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.part");
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        var dynamicSession = await context.Sessions.GetAsync(new ResolvedModel(model.Id, path, null, model.Entry), cancellationToken).ConfigureAwait(false);
        return (dynamicSession, resolution.Value);
    }
}
