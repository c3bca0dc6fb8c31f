using System.Net.Http.Headers;
using System.Text.Json;
using ImageAI.Codecs;
using ImageAI.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageAI.Web.Tests;

/// <summary>The web app started in-process on a free loopback port (real Kestrel), with its own storage folder.</summary>
public sealed class WebAppHost : IAsyncDisposable
{
    private WebAppHost(WebApplication app, string storage, Uri address)
    {
        App = app;
        Storage = storage;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(3) };
    }

    /// <summary>The running app.</summary>
    public WebApplication App { get; }

    /// <summary>Its job folder.</summary>
    public string Storage { get; }

    /// <summary>A client for it.</summary>
    public HttpClient Client { get; }

    /// <summary>A service of the app.</summary>
    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>
    /// Starts the app with these <c>ImageAI:Web</c> settings (names without the section). <paramref name="wrapEditor"/>
    /// decorates the app's editor (a test double that holds jobs, for instance).
    /// </summary>
    public static async Task<WebAppHost> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        Func<IImageEditor, IImageEditor>? wrapEditor = null)
    {
        var storage = Directory.CreateTempSubdirectory("imageai-web-test-").FullName;
        var values = new Dictionary<string, string?> { [$"{WebOptions.Section}:StorageDirectory"] = storage };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[$"{WebOptions.Section}:{k}"] = v;
        var app = ImageAIWebApp.Build([], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Configuration.AddInMemoryCollection(values);
            b.Logging.ClearProviders();
            if (clock is not null) b.Services.AddSingleton(clock); // registered last, so it replaces the system clock
            if (wrapEditor is not null) WrapEditor(b.Services, wrapEditor);
        });
        await app.StartAsync();
        return new WebAppHost(app, storage, new Uri(app.Urls.Single()));
    }

    private static void WrapEditor(IServiceCollection services, Func<IImageEditor, IImageEditor> wrap)
    {
        var original = services.Last(d => d.ServiceType == typeof(IImageEditor) && !d.IsKeyedService);
        var factory = original.ImplementationFactory ?? throw new InvalidOperationException("The app registers its editor without a factory.");
        services.Remove(original);
        services.AddSingleton(sp => wrap((IImageEditor)factory(sp)));
    }

    /// <summary>Posts an upload form.</summary>
    public Task<HttpResponseMessage> UploadAsync(byte[] file, string? operation = "remove-background", string? options = null,
        string fileName = "photo.png", string? apiKey = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(content, "image", fileName);
        if (operation is not null) form.Add(new StringContent(operation), "operation");
        if (options is not null) form.Add(new StringContent(options), "options");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = form };
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        return Client.SendAsync(request);
    }

    /// <summary>Uploads and returns the job id (asserting 202).</summary>
    public async Task<(string Id, bool Cached)> SubmitAsync(byte[] file, string? options = null)
    {
        using var response = await UploadAsync(file, options: options);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("cached").GetBoolean());
    }

    /// <summary>Polls until the job has finished; returns its final status JSON.</summary>
    public async Task<JsonElement> WaitAsync(string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var json = JsonDocument.Parse(await Client.GetStringAsync($"/api/jobs/{id}")).RootElement.Clone();
            var status = json.GetProperty("status").GetString();
            if (status is "succeeded" or "failed") return json;
            Assert.True(DateTime.UtcNow < deadline, $"job {id} still {status} after {timeout}");
            await Task.Delay(100);
        }
    }

    /// <summary>PNG bytes of an image.</summary>
    public static byte[] Png(ImageBuffer image) => ImageIO.Encode(image, new ImageEncodeOptions { Format = ImageFormat.Png });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(Storage, recursive: true); } catch (IOException) { }
    }
}
