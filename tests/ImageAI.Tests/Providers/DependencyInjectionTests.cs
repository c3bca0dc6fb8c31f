using System.Collections.Concurrent;
using ImageAI.Decorators;
using ImageAI.Extensions.DependencyInjection;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Providers.Cuda;
using ImageAI.Providers.Remote;
using ImageAI.Tests.Providers.TestService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageAI.Tests.Providers;

/// <summary><c>AddImageAI</c>: back ends, keyed editors side by side, start-up validation, decorators.</summary>
public sealed class DependencyInjectionTests
{
    private static readonly ImageBuffer Small = ImageBuffer.Filled(40, 30, new Rgba32(200, 100, 50));

    [Fact]
    public async Task KeyedEditors_LocalCudaAndRemote_ResolveSideBySide()
    {
        await using var server = await ImageServiceHost.StartAsync(new StandInEditor());
        var services = new ServiceCollection().AddLogging();
        services.AddImageAI(o => o.MaxPixels = 2_000_000).UseCpu();
        services.AddKeyedImageAI("gpu").UseCuda(deviceId: 1, allowCpuFallback: true);
        services.AddKeyedImageAI("cloud").UseRemote(o => { o.BaseAddress = server.BaseAddress; o.Name = "cloud"; }).UseLogging();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var local = provider.GetRequiredService<IImageEditor>();
        var gpu = provider.GetRequiredKeyedService<IImageEditor>("gpu");
        var cloud = provider.GetRequiredKeyedService<IImageEditor>("cloud");

        var onnx = Assert.IsType<OnnxImageEditor>(local);
        Assert.Equal(2_000_000, onnx.Options.MaxPixels);
        Assert.Equal("CPU", onnx.Options.Sessions.Provider.Name);
        var gpuEditor = Assert.IsType<OnnxImageEditor>(gpu);
        var cuda = Assert.IsType<CudaExecutionProvider>(gpuEditor.Options.Sessions.Provider);
        Assert.Equal(1, cuda.DeviceId);
        Assert.True(gpuEditor.Options.Sessions.AllowCpuFallback);
        Assert.NotSame(local, gpu);
        Assert.IsType<LoggingImageEditor>(cloud);
        Assert.NotNull(cloud.GetService<RemoteImageEditor>()); // decorators expose what they wrap
        Assert.Same(cloud, provider.GetRequiredKeyedService<IImageEditor>("cloud")); // singleton

        var result = await cloud.EditAsync(Small, new RemoveBackground());
        Assert.Equal("remote:cloud", result.ExecutionProvider);
    }

    [Fact]
    public async Task BadLocalOption_FailsHostStartUp_WithAMessage()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddImageAI(o => o.MaxPixels = -5);
        using var host = builder.Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ImageAI editor '(default)'", ex.Message);
        Assert.Contains("MaxPixels must be positive", ex.Message);
    }

    [Fact]
    public async Task BadRemoteOption_FailsHostStartUp_NamingTheKeyAndOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddImageAI();
        builder.Services.AddKeyedImageAI("cloud").UseRemote(o => { o.BaseAddress = new Uri("ftp://example.invalid/"); });
        using var host = builder.Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ImageAI remote editor 'cloud'", ex.Message);
        Assert.Contains("BaseAddress must be an absolute http or https address", ex.Message);
    }

    [Fact]
    public async Task GoodOptions_StartTheHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddImageAI();
        builder.Services.AddKeyedImageAI("cloud").UseRemote(new RemoteEditorOptions { BaseAddress = new Uri("http://127.0.0.1:9/") });
        using var host = builder.Build();
        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public void BadDecoratorOptions_FailWhereTheyAreConfigured()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddImageAI().UseConcurrencyLimit(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddImageAI().UseCaching(o => o.MaxEntries = 0));
    }

    [Fact]
    public async Task Caching_AnswersAnIdenticalRequest_WithoutRunningTheModel()
    {
        CountingEditor? counter = null;
        var services = new ServiceCollection();
        services.AddImageAI(o => o.Sessions = o.Sessions with { IntraOpThreads = 2 })
            .UseCaching()
            .Use((inner, _) => counter = new CountingEditor(inner)); // innermost: counts what reaches the model
        await using var provider = services.BuildServiceProvider();
        var editor = provider.GetRequiredService<IImageEditor>();
        var sessions = provider.GetRequiredService<OnnxImageEditor>().Sessions;
        var image = ImageBuffer.Filled(64, 48, new Rgba32(10, 200, 30));

        var first = await editor.EditAsync(image.Clone(), new RemoveBackground());
        var second = await editor.EditAsync(image.Clone(), new RemoveBackground()); // equal pixels, equal options, new objects

        Assert.Equal(1, counter!.Calls);   // the model ran once
        Assert.Equal(1, sessions.LoadCount);
        Assert.Equal(first.Image.PixelArray, second.Image.PixelArray);
        Assert.NotSame(first.Image, second.Image);
        Assert.Equal("CPU", second.ExecutionProvider);
        Assert.True(second.Timings.ContainsKey("cache-hit"));
        var caching = editor.GetService<CachingImageEditor>()!;
        Assert.Equal((1, 1), (caching.Hits, caching.Misses));

        second.Image.Pixels.Clear(); // a caller changing its copy cannot change the cache
        var third = await editor.EditAsync(image, new RemoveBackground());
        Assert.Equal(first.Image.PixelArray, third.Image.PixelArray);
        Assert.Equal(1, counter.Calls);
    }

    [Fact]
    public async Task Caching_DistinguishesPixelsAndOptions_AndEvictsTheLeastRecentlyUsed()
    {
        var standIn = new StandInEditor();
        using var cache = new CachingImageEditor(standIn, new ImageEditCacheOptions { MaxEntries = 2 });
        var a = ImageBuffer.Filled(8, 8, new Rgba32(200, 0, 0));
        var b = a.Clone();
        b.Pixels[5] ^= 1; // one byte differs

        await cache.EditAsync(a, new RemoveBackground());
        await cache.EditAsync(b, new RemoveBackground());
        await cache.EditAsync(a, new RemoveBackground { Output = BackgroundOutput.Mask });
        Assert.Equal(3, standIn.Runs);
        Assert.Equal(2, cache.Count);

        await cache.EditAsync(a, new RemoveBackground { Output = BackgroundOutput.Mask }); // hit
        await cache.EditAsync(a, new RemoveBackground());                                  // evicted: runs again
        Assert.Equal(4, standIn.Runs);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public async Task ConcurrencyLimit_LetsOnlyNEditsRunAtOnce()
    {
        var standIn = new StandInEditor { Delay = TimeSpan.FromMilliseconds(150) };
        var services = new ServiceCollection();
        services.AddImageAI().UseEditor(_ => standIn).UseConcurrencyLimit(2);
        await using var provider = services.BuildServiceProvider();
        var editor = provider.GetRequiredService<IImageEditor>();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => editor.EditAsync(Small, new RemoveBackground())));
        Assert.Equal(6, standIn.Runs);
        Assert.Equal(2, standIn.MaxConcurrent);
    }

    [Fact]
    public async Task Logging_ReportsOperationProviderAndFailures()
    {
        var sink = new ListLoggerProvider();
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
        services.AddKeyedImageAI("fake").UseEditor(_ => new StandInEditor()).UseLogging();
        await using var provider = services.BuildServiceProvider();
        var editor = provider.GetRequiredKeyedService<IImageEditor>("fake");

        await editor.EditAsync(Small, new RemoveBackground());
        await Assert.ThrowsAsync<OperationNotSupportedException>(() => editor.EditAsync(Small, new Conformance.ConformanceProbe()));

        Assert.Contains(sink.Messages, m => m.Level == LogLevel.Information && m.Text.Contains("remove-background on 40x30 ran on CPU"));
        Assert.Contains(sink.Messages, m => m.Level == LogLevel.Warning && m.Text.Contains("conformance-probe") && m.Category == "ImageAI.Editor.fake");
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentBag<(string Category, LogLevel Level, string Text)> Messages { get; } = [];
        public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);
        public void Dispose() { }

        private sealed class ListLogger(ListLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Add((category, logLevel, formatter(state, exception)));
        }
    }
}
