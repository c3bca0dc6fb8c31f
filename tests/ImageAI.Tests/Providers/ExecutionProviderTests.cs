using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Models;
using ImageAI.Onnx.Sessions;
using ImageAI.Operations;
using ImageAI.Providers.Cuda;
using ImageAI.Providers.DirectML;
using ImageAI.Providers.TensorRT;
using ImageAI.Tests.Infrastructure;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Tests.Providers;

/// <summary>
/// GPU providers on this CPU-only runtime: asking for one without opting into fallback must fail loudly with the
/// provider, ONNX Runtime's own reason and the fix; with fallback the session runs on the CPU and says why. Uses a
/// tiny model so no case costs more than a few milliseconds of inference.
/// </summary>
public sealed class ExecutionProviderTests
{
    private static ResolvedModel TinyModel => new("sub-pixel-cnn-x3", TestData.Model("sr", "sub_pixel_cnn_x3.onnx"), null, null);

    public static TheoryData<string> GpuProviders => ["CUDA", "TensorRT", "DirectML"];

    private static NativeExecutionProvider Create(string name) => name switch
    {
        "CUDA" => new CudaExecutionProvider(),
        "TensorRT" => new TensorRTExecutionProvider { EngineCacheFolder = Path.Combine(Path.GetTempPath(), "imageai-trt-test"), Fp16 = true },
        "DirectML" => new DirectMLExecutionProvider(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static void RequireCpuOnlyRuntime(NativeExecutionProvider provider) =>
        Assert.False(provider.IsInRuntimeBuild(), $"{provider.OrtProviderName} is available here; these cases describe a CPU-only runtime.");

    [Theory]
    [MemberData(nameof(GpuProviders))]
    public async Task WithoutFallback_LoadingFails_NamingProviderReasonAndFix(string name)
    {
        var provider = Create(name);
        RequireCpuOnlyRuntime(provider);
        using var cache = new SessionCache(new SessionSettings { Provider = provider });
        var ex = await Assert.ThrowsAsync<ExecutionProviderUnavailableException>(() => cache.GetAsync(TinyModel));

        Assert.Equal(name, ex.Provider);
        Assert.StartsWith("ONNX Runtime: ", ex.Reason);
        Assert.Matches("(not enabled|not supported) in this build", ex.Reason); // ONNX Runtime's words
        Assert.Contains("CPUExecutionProvider", ex.Reason);                     // what the loaded runtime has
        Assert.Contains(name == "DirectML" ? "Microsoft.ML.OnnxRuntime.DirectML" : "Microsoft.ML.OnnxRuntime.Gpu", ex.Fix + ex.Reason);
        Assert.Contains("AllowCpuFallback", ex.Fix);
        Assert.Contains($"'{name}' could not start", ex.Message);
        Assert.IsType<OnnxRuntimeException>(ex.InnerException?.InnerException ?? ex.InnerException);
    }

    [Theory]
    [MemberData(nameof(GpuProviders))]
    public async Task WithFallback_RunsOnCpu_AndSaysWhy(string name)
    {
        var provider = Create(name);
        RequireCpuOnlyRuntime(provider);
        using var cache = new SessionCache(new SessionSettings { Provider = provider, AllowCpuFallback = true });
        var session = await cache.GetAsync(TinyModel);

        Assert.Equal("CPU", session.ExecutionProvider);
        Assert.NotNull(session.FallbackReason);
        Assert.StartsWith($"{name} could not start", session.FallbackReason);
        Assert.Contains("in this build", session.FallbackReason);
    }

    [Fact]
    public async Task Editor_OnCudaWithFallback_ReportsCpuAndTheReasonOnTheResult()
    {
        RequireCpuOnlyRuntime(new CudaExecutionProvider());
        using var editor = new OnnxImageEditor(new OnnxEditorOptions
        {
            Sessions = new SessionSettings { Provider = new CudaExecutionProvider(), AllowCpuFallback = true },
        });
        Assert.Equal("CUDA", editor.GetMetadata()!.ExecutionProvider); // what was asked for ...
        var result = await editor.EditAsync(ImageBuffer.Filled(64, 48, new Rgba32(200, 30, 30)), new RemoveBackground());
        Assert.Equal("CPU", result.ExecutionProvider);                   // ... and what actually ran
        Assert.Contains("CUDA could not start", result.FallbackReason);
        Assert.Contains("CUDA execution provider is not enabled in this build", result.FallbackReason);
    }

    [Fact]
    public async Task Editor_OnCudaWithoutFallback_FailsBeforeAnyInference()
    {
        RequireCpuOnlyRuntime(new CudaExecutionProvider());
        using var editor = new OnnxImageEditor(new OnnxEditorOptions { Sessions = new SessionSettings { Provider = new CudaExecutionProvider(deviceId: 1) } });
        var ex = await Assert.ThrowsAsync<ExecutionProviderUnavailableException>(() => editor.EditAsync(ImageBuffer.Filled(32, 32, Rgba32.White), new RemoveBackground()));
        Assert.Equal("CUDA", ex.Provider);
    }

    /// <summary>A provider that appends fine but makes session creation fail, as a GPU runtime without a usable device does.</summary>
    private sealed class FailsAtSessionCreation : ExecutionProvider
    {
        public override string Name => "FakeGPU";
        public override string InstallHint => "plug in the fake GPU";
        public override void Configure(SessionOptions options) => options.AddSessionConfigEntry("session.load_model_format", "ORT");
    }

    [Fact]
    public async Task ProviderFailingAtSessionCreation_IsStillAProviderFailure()
    {
        using var strict = new SessionCache(new SessionSettings { Provider = new FailsAtSessionCreation() });
        var ex = await Assert.ThrowsAsync<ExecutionProviderUnavailableException>(() => strict.GetAsync(TinyModel));
        Assert.Equal("FakeGPU", ex.Provider);
        Assert.StartsWith("ONNX Runtime could not create a session", ex.Reason);
        Assert.Equal("plug in the fake GPU", ex.Fix);

        using var lenient = new SessionCache(new SessionSettings { Provider = new FailsAtSessionCreation(), AllowCpuFallback = true });
        var session = await lenient.GetAsync(TinyModel);
        Assert.Equal("CPU", session.ExecutionProvider);
        Assert.StartsWith("FakeGPU could not start", session.FallbackReason);
    }

    [Fact]
    public async Task BrokenModel_OnAProvider_IsAModelError_NotAProviderError()
    {
        using var temp = TestData.TempFolder();
        var path = temp.File("broken.onnx");
        await File.WriteAllBytesAsync(path, [1, 2, 3, 4, 5, 6, 7, 8]);
        using var cache = new SessionCache(new SessionSettings { Provider = new FailsAtSessionCreation() });
        var ex = await Assert.ThrowsAsync<ModelException>(() => cache.GetAsync(new ResolvedModel("broken", path, null, null)));
        Assert.Equal("broken", ex.ModelId);
    }

    [Fact]
    public void TensorRTOptions_CarryTheEngineCacheAndFp16()
    {
        var folder = Path.Combine(Path.GetTempPath(), "imageai-trt-options");
        var options = new TensorRTExecutionProvider(deviceId: 2) { EngineCacheFolder = folder, Fp16 = true }.ProviderOptions();
        Assert.Equal("2", options["device_id"]);
        Assert.Equal("1", options["trt_fp16_enable"]);
        Assert.Equal("1", options["trt_engine_cache_enable"]);
        Assert.Equal(Path.GetFullPath(folder), options["trt_engine_cache_path"]);
        Assert.Equal("0", new TensorRTExecutionProvider().ProviderOptions()["trt_fp16_enable"]);
        Assert.False(new TensorRTExecutionProvider().ProviderOptions().ContainsKey("trt_engine_cache_enable"));
        Assert.NotEqual(new TensorRTExecutionProvider { Fp16 = true }.CacheKey, new TensorRTExecutionProvider().CacheKey);
    }

    [Fact]
    public void ProviderArguments_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CudaExecutionProvider(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorRTExecutionProvider(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DirectMLExecutionProvider(-1));
    }
}
