using System.Text.Json;
using ImageAI.Diffusion;
using ImageAI.Diffusion.Schedulers;
using ImageAI.Onnx.Models;
using ImageAI.Onnx.Sessions;

namespace ImageAI.Onnx.Pipelines.Diffusion;

/// <summary>
/// A loaded latent-diffusion model: tokenizer, scheduler config and the four sessions, each wrapped by a runner
/// that reads its names and element types from the session metadata. Shared between concurrent generations.
/// </summary>
internal sealed class DiffusionModel
{
    private DiffusionModel(DiffusionModelFiles files, ClipTokenizer tokenizer, SchedulerConfig config,
        TextEncoderRunner text, UnetRunner unet, VaeRunner vae, string? defaultScheduler)
    {
        Files = files; Tokenizer = tokenizer; SchedulerConfig = config; TextEncoder = text; Unet = unet; Vae = vae;
        DefaultScheduler = defaultScheduler;
    }

    public DiffusionModelFiles Files { get; }
    public ClipTokenizer Tokenizer { get; }
    public SchedulerConfig SchedulerConfig { get; }
    public TextEncoderRunner TextEncoder { get; }
    public UnetRunner Unet { get; }
    public VaeRunner Vae { get; }
    /// <summary>The scheduler name from the config's class (or the catalog entry).</summary>
    public string? DefaultScheduler { get; }

    public IReadOnlyList<ModelUsage> Usage =>
        [TextEncoder.Session.Usage, Unet.Session.Usage, Vae.Decoder.Usage, .. Vae.Encoder is { } e ? new[] { e.Usage } : []];

    public string ExecutionProvider => Unet.Session.ExecutionProvider;
    public string? FallbackReason => Unet.Session.FallbackReason;

    /// <summary>Loads and checks every part; contract problems throw <see cref="ModelContractException"/>.</summary>
    public static async Task<DiffusionModel> LoadAsync(DiffusionModelFiles files, SessionCache sessions, string? defaultScheduler, CancellationToken ct)
    {
        int maxLength = 77;
        if (files.TokenizerConfig is { } tc && ReadInt(tc, "model_max_length") is { } len and > 2 and < 10_000) maxLength = len;
        ClipTokenizer tokenizer;
        try
        {
            tokenizer = ClipTokenizer.Load(files.Vocab, files.Merges, maxLength);
        }
        catch (FormatException ex)
        {
            throw new ModelContractException(files.Id, $"The tokenizer of '{files.Id}' is not a valid CLIP tokenizer: {ex.Message}");
        }

        SchedulerConfig config;
        try
        {
            config = files.SchedulerConfig is { } sc ? global::ImageAI.Diffusion.Schedulers.SchedulerConfig.Load(sc) : global::ImageAI.Diffusion.Schedulers.SchedulerConfig.StableDiffusion1;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new ModelContractException(files.Id, $"The scheduler config of '{files.Id}' cannot be used: {ex.Message}");
        }

        Task<ModelSession> Load(string path, string part) =>
            sessions.GetAsync(new ResolvedModel($"{files.Id}/{part}", path, files.Hashes.GetValueOrDefault(path), null), ct);
        var text = await Load(files.TextEncoder, "text_encoder").ConfigureAwait(false);
        var unet = await Load(files.Unet, "unet").ConfigureAwait(false);
        var decoder = await Load(files.VaeDecoder, "vae_decoder").ConfigureAwait(false);
        var encoder = files.VaeEncoder is { } ve ? await Load(ve, "vae_encoder").ConfigureAwait(false) : null;

        double scaling = files.DecoderConfig is { } dc && ReadDouble(dc, "scaling_factor") is { } s and > 0 ? s : 0.18215;
        var textRunner = new TextEncoderRunner(text, tokenizer);
        var unetRunner = new UnetRunner(unet);
        var vae = new VaeRunner(encoder, decoder, (float)scaling);
        if (textRunner.HiddenSize > 0 && unetRunner.HiddenSize > 0 && textRunner.HiddenSize != unetRunner.HiddenSize)
            throw new ModelContractException(files.Id,
                $"The text encoder of '{files.Id}' gives {textRunner.HiddenSize}-wide embeddings but the UNet expects {unetRunner.HiddenSize}: the parts belong to different models.");
        textRunner.CheckTokenizerFits(files.Id);
        var name = defaultScheduler ?? SchedulerFactory.NameOfClass(config.ClassName);
        return new DiffusionModel(files, tokenizer, config, textRunner, unetRunner, vae, name);
    }

    private static int? ReadInt(string path, string key) => ReadDouble(path, key) is { } d ? (int)d : null;

    private static double? ReadDouble(string path, string key)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
