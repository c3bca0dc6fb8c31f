using ImageAI.Decorators;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Sessions;
using ImageAI.Providers.Cuda;
using ImageAI.Providers.DirectML;
using ImageAI.Providers.Remote;
using ImageAI.Providers.TensorRT;
using ImageAI.Tests.Providers.TestService;

namespace ImageAI.Tests.Providers.Conformance;

/// <summary>
/// One local ONNX editor (MaxPixels 1 MP, so ISNet loads once) and one HTTP service backed by it, shared by the
/// conformance classes; they run one at a time in this collection so model runs do not compete for the 2 cores.
/// </summary>
public sealed class ConformanceFixture : IAsyncLifetime
{
    /// <summary>The local editor.</summary>
    public OnnxImageEditor Local { get; } = new(new OnnxEditorOptions { MaxPixels = ImageEditorConformanceTests.MaxPixels });

    /// <summary>
    /// The service's back end: <see cref="Local"/> behind a cache, so the second remote protocol's cases reuse the
    /// first one's model runs (same image, same options) and the suite stays lean on 2 cores.
    /// </summary>
    public CachingImageEditor Backend { get; private set; } = null!;

    /// <summary>The service (both protocols) backed by <see cref="Backend"/>.</summary>
    public ImageServiceHost Service { get; private set; } = null!;

    /// <summary>A remote editor for the service.</summary>
    public RemoteImageEditor CreateRemote(RemoteProtocol protocol) => new(new HttpClient(), new RemoteEditorOptions
    {
        BaseAddress = Service.BaseAddress,
        Protocol = protocol,
        Name = "test-" + protocol.ToString().ToLowerInvariant(),
        ApiKey = "conformance-key",
        MaxPixels = ImageEditorConformanceTests.MaxPixels,
        PollInterval = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(60),
    });

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Backend = new CachingImageEditor(Local);
        Service = await ImageServiceHost.StartAsync(Backend, apiKey: "conformance-key");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        Local.Dispose();
    }
}

/// <summary>The conformance collection.</summary>
[CollectionDefinition(Name)]
public sealed class ConformanceCollection : ICollectionFixture<ConformanceFixture>
{
    /// <summary>The name.</summary>
    public const string Name = "conformance";
}

/// <summary>The local ONNX editor on the CPU.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class LocalOnnxEditorConformanceTests(ConformanceFixture fixture) : ImageEditorConformanceTests
{
    /// <inheritdoc />
    protected override IImageEditor Editor => fixture.Local;

    /// <inheritdoc />
    protected override void AssertProvider(string executionProvider) => Assert.Equal("CPU", executionProvider);
}

/// <summary>The remote editor over the job protocol, against the test service on 127.0.0.1.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class RemoteJobsEditorConformanceTests(ConformanceFixture fixture) : ImageEditorConformanceTests, IDisposable
{
    private readonly RemoteImageEditor _editor = fixture.CreateRemote(RemoteProtocol.Jobs);

    /// <inheritdoc />
    protected override IImageEditor Editor => _editor;

    /// <inheritdoc />
    protected override Task PrepareAsync() => _editor.GetSupportedOperationsAsync();

    /// <inheritdoc />
    protected override void AssertProvider(string executionProvider) => Assert.Equal("remote:test-jobs", executionProvider);

    /// <inheritdoc />
    public void Dispose() => _editor.Dispose();
}

/// <summary>The remote editor over the remove.bg-style protocol, against the test service on 127.0.0.1.</summary>
[Collection(ConformanceCollection.Name)]
public sealed class RemoteRemoveBgEditorConformanceTests(ConformanceFixture fixture) : ImageEditorConformanceTests, IDisposable
{
    private readonly RemoteImageEditor _editor = fixture.CreateRemote(RemoteProtocol.RemoveBg);

    /// <inheritdoc />
    protected override IImageEditor Editor => _editor;

    /// <inheritdoc />
    protected override void AssertProvider(string executionProvider) => Assert.Equal("remote:test-removebg", executionProvider);

    /// <inheritdoc />
    public void Dispose() => _editor.Dispose();
}

/// <summary>Base of the GPU provider subclasses: skipped, with the reason, where the provider is not in the runtime.</summary>
public abstract class GpuEditorConformanceTests(NativeExecutionProvider provider) : ImageEditorConformanceTests, IDisposable
{
    private readonly Lazy<OnnxImageEditor> _editor = new(() => new OnnxImageEditor(new OnnxEditorOptions
    {
        MaxPixels = MaxPixels,
        Sessions = new SessionSettings { Provider = provider }, // no fallback: a GPU that does not start must fail
    }));

    /// <summary>Why a provider's conformance cannot run on this machine (null: it can).</summary>
    protected static string? SkipReasonFor(NativeExecutionProvider provider) => provider.IsInRuntimeBuild()
        ? null
        : $"{provider.OrtProviderName} is not in the loaded ONNX Runtime build (it has: {string.Join(", ", NativeExecutionProvider.AvailableProviders())}); " +
          $"run on a machine with the hardware and the {provider.NativePackage} package.";

    /// <inheritdoc />
    protected override IImageEditor Editor => _editor.Value;

    /// <inheritdoc />
    protected override void AssertProvider(string executionProvider) => Assert.Equal(provider.Name, executionProvider);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_editor.IsValueCreated) _editor.Value.Dispose();
    }
}

/// <summary>The local editor on CUDA (skipped without a CUDA runtime).</summary>
[Collection(ConformanceCollection.Name)]
public sealed class CudaEditorConformanceTests() : GpuEditorConformanceTests(new CudaExecutionProvider())
{
    /// <summary>Read by <see cref="ConformanceFactDiscoverer"/>.</summary>
    public static string? SkipReason => SkipReasonFor(new CudaExecutionProvider());
}

/// <summary>The local editor on TensorRT (skipped without a TensorRT runtime).</summary>
[Collection(ConformanceCollection.Name)]
public sealed class TensorRTEditorConformanceTests() : GpuEditorConformanceTests(new TensorRTExecutionProvider { EngineCacheFolder = Path.Combine(Path.GetTempPath(), "imageai-trt-cache"), Fp16 = true })
{
    /// <summary>Read by <see cref="ConformanceFactDiscoverer"/>.</summary>
    public static string? SkipReason => SkipReasonFor(new TensorRTExecutionProvider());
}

/// <summary>The local editor on DirectML (skipped without a DirectML runtime, i.e. anywhere but Windows with the DirectML package).</summary>
[Collection(ConformanceCollection.Name)]
public sealed class DirectMLEditorConformanceTests() : GpuEditorConformanceTests(new DirectMLExecutionProvider())
{
    /// <summary>Read by <see cref="ConformanceFactDiscoverer"/>.</summary>
    public static string? SkipReason => SkipReasonFor(new DirectMLExecutionProvider());
}
