namespace ImageAI.Benchmarks.Harness;

/// <summary>Named timing harnesses: <c>dotnet run -c Release --project benchmarks/ImageAI.Benchmarks -- NAME [args]</c>.</summary>
internal static class Harnesses
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["peer-background"] = PeerBackgroundHarness.RunAsync,
        ["peer-agreement"] = PeerAgreementHarness.RunAsync,
        ["background-memory"] = BackgroundMemoryHarness.RunAsync,
        ["faces-eval"] = FacesEvalHarness.RunAsync,
        ["seamless-clone"] = SeamlessCloneHarness.RunAsync,
        ["diffusion"] = DiffusionHarness.RunAsync,
        ["sr-eval"] = SuperResolutionEvalHarness.RunAsync,
        ["brisque"] = BrisqueHarness.RunAsync,
        ["upscale-overhead"] = TilingOverheadHarness.RunAsync,
        ["upscale-memory"] = UpscaleMemoryHarness.RunAsync,
        ["matting-eval"] = MattingEvalHarness.RunAsync,
        ["inpaint-eval"] = InpaintHarness.EvalAsync,
        ["inpaint-bench"] = InpaintHarness.BenchAsync,
        ["watermark-eval"] = WatermarkEvalHarness.RunAsync,
        ["watermark-oracle"] = WatermarkOracleHarness.RunAsync,
        ["text-watermark-eval"] = TextWatermarkHarness.RunAsync,
        ["text-detect-diag"] = TextDetectDiagHarness.RunAsync,
        ["td-probe"] = TextDetectProbeHarness.RunAsync,
        ["watermark-diag"] = WatermarkDiagHarness.RunAsync,
        ["text-rec-probe"] = TextRecognitionProbe.RunAsync,
        ["text-read-truth"] = TextReadTruthProbe.RunAsync,
    };

    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (!All.TryGetValue(args[0], out var run)) return false;
        exitCode = run(args[1..]).GetAwaiter().GetResult();
        return true;
    }
}
