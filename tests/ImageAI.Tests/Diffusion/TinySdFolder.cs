using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Diffusion;

/// <summary>
/// Assembles a complete diffusers/optimum ONNX folder in a temp dir from the random-weight tiny-sd stand-ins
/// (which ship only the four model.onnx files), the real CLIP tokenizer files, and a scheduler_config.json and
/// model_index.json written here. Optionally swaps in the real VAElight encoder/decoder.
/// </summary>
public sealed class TinySdFolder : IDisposable
{
    private readonly TempFolder _temp = TestData.TempFolder();

    /// <summary>SD 1.x's scheduler config as diffusers writes it (PNDM, leading, steps_offset 1).</summary>
    public const string SdSchedulerConfig = """
        {
          "_class_name": "PNDMScheduler",
          "_diffusers_version": "0.6.0",
          "beta_end": 0.012,
          "beta_schedule": "scaled_linear",
          "beta_start": 0.00085,
          "num_train_timesteps": 1000,
          "set_alpha_to_one": false,
          "skip_prk_steps": true,
          "steps_offset": 1,
          "trained_betas": null,
          "clip_sample": false
        }
        """;

    public TinySdFolder(bool vaeLight = false, string schedulerConfig = SdSchedulerConfig)
    {
        Path = System.IO.Path.Combine(_temp.Path, "tiny-sd");
        foreach (var part in new[] { "text_encoder", "unet", "vae_encoder", "vae_decoder" })
        {
            Directory.CreateDirectory(System.IO.Path.Combine(Path, part));
            string source = vaeLight && part.StartsWith("vae_", StringComparison.Ordinal)
                ? TestData.Model("diffusion", "vaelight", part == "vae_encoder" ? "encoder.onnx" : "decoder.onnx")
                : TestData.Model("test-doubles", "tiny-sd", part, "model.onnx");
            File.Copy(source, System.IO.Path.Combine(Path, part, "model.onnx"));
        }
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "tokenizer"));
        File.Copy(TestData.Model("diffusion", "clip", "vocab.json"), System.IO.Path.Combine(Path, "tokenizer", "vocab.json"));
        File.Copy(TestData.Model("diffusion", "clip", "merges.txt"), System.IO.Path.Combine(Path, "tokenizer", "merges.txt"));
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "scheduler"));
        File.WriteAllText(System.IO.Path.Combine(Path, "scheduler", "scheduler_config.json"), schedulerConfig);
        File.WriteAllText(System.IO.Path.Combine(Path, "model_index.json"), """
            {
              "_class_name": "OnnxStableDiffusionPipeline",
              "text_encoder": ["diffusers", "OnnxRuntimeModel"],
              "unet": ["diffusers", "OnnxRuntimeModel"],
              "vae_encoder": ["diffusers", "OnnxRuntimeModel"],
              "vae_decoder": ["diffusers", "OnnxRuntimeModel"],
              "tokenizer": ["transformers", "CLIPTokenizer"],
              "scheduler": ["diffusers", "PNDMScheduler"]
            }
            """);
    }

    /// <summary>The model folder.</summary>
    public string Path { get; }

    /// <summary>A file inside the folder.</summary>
    public string File_(string relative) => System.IO.Path.Combine(Path, relative);

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();
}
