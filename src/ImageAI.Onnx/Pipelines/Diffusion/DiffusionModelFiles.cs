using ImageAI.Onnx.Models;

namespace ImageAI.Onnx.Pipelines.Diffusion;

/// <summary>
/// The files of one latent-diffusion model, from a diffusers/optimum ONNX folder or from a catalog entry whose
/// parameters name a catalog id per component.
/// </summary>
internal sealed record DiffusionModelFiles(
    string Id, string TextEncoder, string Unet, string? VaeEncoder, string VaeDecoder,
    string Vocab, string Merges, string? SchedulerConfig, string? DecoderConfig, string? TokenizerConfig,
    IReadOnlyDictionary<string, string?> Hashes)
{
    /// <summary>The catalog task of diffusion models.</summary>
    public const string Task = "text-to-image";

    /// <summary>The folder layout, relative paths.</summary>
    public static readonly string[] RequiredParts =
    [
        "text_encoder/model.onnx", "unet/model.onnx", "vae_decoder/model.onnx",
        "tokenizer/vocab.json", "tokenizer/merges.txt", "scheduler/scheduler_config.json",
    ];

    /// <summary>Reads a folder, listing every missing part in one error.</summary>
    /// <exception cref="ModelNotFoundException">The folder or required parts are missing.</exception>
    public static DiffusionModelFiles FromFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new ModelNotFoundException(folder, $"Diffusion model folder not found: {folder}");
        string P(string relative) => Path.Combine(folder, relative);
        var missing = RequiredParts.Where(p => !File.Exists(P(p))).ToList();
        if (missing.Count > 0)
            throw new ModelNotFoundException(folder,
                $"The diffusion model folder {folder} is incomplete: missing {string.Join(", ", missing)}. " +
                "Expected the diffusers/optimum ONNX layout (text_encoder/, unet/, vae_encoder/, vae_decoder/, tokenizer/, scheduler/, model_index.json).");
        string? Optional(string relative) => File.Exists(P(relative)) ? Path.GetFullPath(P(relative)) : null;
        return new DiffusionModelFiles(
            Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))),
            Path.GetFullPath(P("text_encoder/model.onnx")), Path.GetFullPath(P("unet/model.onnx")),
            Optional("vae_encoder/model.onnx"), Path.GetFullPath(P("vae_decoder/model.onnx")),
            Path.GetFullPath(P("tokenizer/vocab.json")), Path.GetFullPath(P("tokenizer/merges.txt")),
            Path.GetFullPath(P("scheduler/scheduler_config.json")), Optional("vae_decoder/config.json"),
            Optional("tokenizer/tokenizer_config.json"), new Dictionary<string, string?>());
    }

    /// <summary>
    /// Resolves a catalog entry of task <see cref="Task"/>: its parameters <c>text_encoder</c>, <c>unet</c>,
    /// <c>vae_encoder</c> (optional), <c>vae_decoder</c>, <c>vocab</c> and <c>merges</c> are catalog ids, each fetched and
    /// verified by the model store.
    /// </summary>
    public static async Task<DiffusionModelFiles> FromCatalogAsync(ModelStore store, ModelEntry entry, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        if (entry.Task != Task)
            throw new ModelContractException(entry.Id, $"Model '{entry.Id}' is a {entry.Task} model, not a {Task} model.");
        var hashes = new Dictionary<string, string?>();
        async Task<string?> Get(string key, bool required)
        {
            if (!entry.Parameters.TryGetValue(key, out var id))
            {
                if (required) throw new ModelContractException(entry.Id, $"Catalog entry '{entry.Id}' does not name its '{key}' component.");
                return null;
            }
            var resolved = await store.ResolveAsync(id, progress, ct).ConfigureAwait(false);
            hashes[resolved.Path] = resolved.Sha256;
            return resolved.Path;
        }
        return new DiffusionModelFiles(entry.Id,
            (await Get("text_encoder", true))!, (await Get("unet", true))!, await Get("vae_encoder", false), (await Get("vae_decoder", true))!,
            (await Get("vocab", true))!, (await Get("merges", true))!, null, null, null, hashes);
    }

    /// <summary>A cache key for the loaded model.</summary>
    public string Key => string.Join('|', TextEncoder, Unet, VaeEncoder, VaeDecoder, Vocab, Merges, SchedulerConfig);
}
