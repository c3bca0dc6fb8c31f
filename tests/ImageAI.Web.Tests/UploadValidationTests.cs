using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImageAI.Imaging;
using ImageAI.Web.Jobs;

namespace ImageAI.Web.Tests;

/// <summary>Bad uploads are refused with 4xx problem+json before any job is queued (no model runs here).</summary>
public sealed class UploadValidationTests : IAsyncLifetime
{
    private WebAppHost _host = null!;

    public async Task InitializeAsync() => _host = await WebAppHost.StartAsync(new Dictionary<string, string?>
    {
        ["MaxUploadBytes"] = "200000",
        ["MaxPixels"] = "100000",
        ["MaxUploadsPerMinute"] = "0",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static byte[] SmallPng(int w = 64, int h = 48) => WebAppHost.Png(ImageBuffer.Filled(w, h, new Rgba32(200, 30, 40)));

    [Fact]
    public async Task Not_an_image_is_415()
    {
        using var r = await _host.UploadAsync(Encoding.UTF8.GetBytes("this is plain text, not a picture"), fileName: "notes.png");
        var p = await ProblemAssert.IsProblemAsync(r, HttpStatusCode.UnsupportedMediaType, "not-an-image");
        Assert.Contains("notes.png", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Too_big_is_413()
    {
        var noise = new byte[300_000];
        new Random(1).NextBytes(noise);
        using var r = await _host.UploadAsync(noise);
        var p = await ProblemAssert.IsProblemAsync(r, HttpStatusCode.RequestEntityTooLarge, "too-large");
        Assert.Equal(200000, p.GetProperty("maxBytes").GetInt64());
    }

    [Fact]
    public async Task Too_big_without_content_length_is_413()
    {
        // Chunked upload: the limit must hold while reading, not only from the Content-Length header.
        var noise = new byte[300_000];
        new Random(2).NextBytes(noise);
        var form = new MultipartFormDataContent { { new StreamContent(new MemoryStream(noise)), "image", "big.png" }, { new StringContent("remove-background"), "operation" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = form };
        request.Headers.TransferEncodingChunked = true;
        using var r = await _host.Client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(r, HttpStatusCode.RequestEntityTooLarge, "too-large");
    }

    [Fact]
    public async Task Too_many_pixels_is_422_from_the_header()
    {
        // 400x300 = 120,000 pixels > 100,000; a flat image compresses to a few hundred bytes, so only the pixel check can refuse it.
        var png = SmallPng(400, 300);
        Assert.True(png.Length < 200000);
        using var r = await _host.UploadAsync(png);
        var p = await ProblemAssert.IsProblemAsync(r, HttpStatusCode.UnprocessableEntity, "too-many-pixels");
        Assert.Equal(400, p.GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task Unknown_operation_is_400_listing_the_supported_ones()
    {
        using var r = await _host.UploadAsync(SmallPng(), operation: "turn-into-cat");
        var p = await ProblemAssert.IsProblemAsync(r, HttpStatusCode.BadRequest, "unknown-operation");
        Assert.Contains("remove-background", p.GetProperty("supported").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("(Parameter", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Missing_operation_is_400()
    {
        using var r = await _host.UploadAsync(SmallPng(), operation: null);
        await ProblemAssert.IsProblemAsync(r, HttpStatusCode.BadRequest, "unknown-operation");
    }

    [Theory]
    [InlineData("{not json", "options")]
    [InlineData("[1,2]", "options")]
    [InlineData("{\"output\":\"sepia\"}", "output")]
    [InlineData("{\"output\":3}", "output")]
    [InlineData("{\"backgroundColor\":\"#zzzzzz\"}", "backgroundColor")]
    [InlineData("{\"model\":\"/etc/passwd\"}", "model")]
    [InlineData("{\"colour\":\"red\"}", "colour")]
    public async Task Bad_options_are_400_naming_the_option(string options, string option)
    {
        using var r = await _host.UploadAsync(SmallPng(), options: options);
        var p = await ProblemAssert.IsProblemAsync(r, HttpStatusCode.BadRequest, "invalid-options");
        Assert.Equal(option, p.GetProperty("option").GetString());
    }

    [Fact]
    public async Task Missing_file_and_wrong_content_type_are_problems()
    {
        var form = new MultipartFormDataContent { { new StringContent("remove-background"), "operation" } };
        using (var r = await _host.Client.PostAsync("/api/jobs", form))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.BadRequest, "missing-image");
        using (var r = await _host.Client.PostAsync("/api/jobs", new StringContent("{}", Encoding.UTF8, "application/json")))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.UnsupportedMediaType); // refused by routing (Accepts metadata) or by the handler
    }

    [Fact]
    public async Task Unknown_job_route_and_method_are_problems()
    {
        using (var r = await _host.Client.GetAsync("/api/jobs/0123456789abcdef"))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.NotFound, "job-not-found");
        using (var r = await _host.Client.GetAsync("/api/jobs/0123456789abcdef/result?format=png"))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.NotFound, "job-not-found");
        using (var r = await _host.Client.GetAsync("/api/nothing-here"))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.NotFound);
        using (var r = await _host.Client.DeleteAsync("/api/jobs"))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Refused_uploads_queue_nothing()
    {
        using var r = await _host.UploadAsync(SmallPng(), operation: "nope");
        Assert.Empty(_host.Service<JobStore>().Jobs);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_host.Storage));
    }

    [Fact]
    public async Task OpenApi_document_describes_every_endpoint()
    {
        using var doc = JsonDocument.Parse(await _host.Client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/events", "/api/jobs/{id}/result", "/api/operations", "/api/limits" })
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        var post = paths.GetProperty("/api/jobs").GetProperty("post");
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("413", out _));
    }

    [Fact]
    public async Task Operations_and_limits_describe_the_server()
    {
        using var ops = JsonDocument.Parse(await _host.Client.GetStringAsync("/api/operations"));
        var rb = ops.RootElement.EnumerateArray().Single(o => o.GetProperty("name").GetString() == "remove-background");
        Assert.Contains("output", rb.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        using var limits = JsonDocument.Parse(await _host.Client.GetStringAsync("/api/limits"));
        Assert.Equal(200000, limits.RootElement.GetProperty("maxUploadBytes").GetInt64());
        Assert.Equal(100000, limits.RootElement.GetProperty("maxPixels").GetInt64());
    }
}

/// <summary>The ASP.NET Core rate limiter on uploads, and the queue bound.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Uploads_over_the_per_minute_limit_get_429_problem()
    {
        await using var host = await WebAppHost.StartAsync(new Dictionary<string, string?> { ["MaxUploadsPerMinute"] = "2" });
        var png = WebAppHost.Png(ImageBuffer.Filled(8, 8, Rgba32.White));
        for (int i = 0; i < 2; i++)
        {
            using var ok = await host.UploadAsync(png, operation: "nope"); // counted, then refused for the operation
            await ProblemAssert.IsProblemAsync(ok, HttpStatusCode.BadRequest, "unknown-operation");
        }
        using var limited = await host.UploadAsync(png, operation: "nope");
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(limited.Headers.RetryAfter);
    }
}

/// <summary>The optional API key and CORS settings.</summary>
public sealed class ApiKeyAndCorsTests
{
    [Fact]
    public async Task Api_key_is_required_when_configured_and_cors_allows_only_listed_origins()
    {
        await using var host = await WebAppHost.StartAsync(new Dictionary<string, string?>
        {
            ["ApiKey"] = "s3cret",
            ["CorsOrigins:0"] = "http://allowed.example",
        });
        var png = WebAppHost.Png(ImageBuffer.Filled(8, 8, Rgba32.White));
        using (var r = await host.UploadAsync(png))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.Unauthorized, "api-key");
        using (var r = await host.UploadAsync(png, apiKey: "wrong"))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.Unauthorized, "api-key");
        using (var r = await host.Client.GetAsync("/api/jobs/abc"))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.Unauthorized, "api-key");
        // With the key the request gets past authentication (and fails later, on the operation name).
        using (var r = await host.UploadAsync(png, operation: "nope", apiKey: "s3cret"))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.BadRequest, "unknown-operation");
        using (var r = await host.Client.GetAsync("/api/jobs/abc?apiKey=s3cret"))
            await ProblemAssert.IsProblemAsync(r, HttpStatusCode.NotFound, "job-not-found");
        // The page's bootstrap calls stay public, and say a key is needed.
        using var limits = JsonDocument.Parse(await host.Client.GetStringAsync("/api/limits"));
        Assert.True(limits.RootElement.GetProperty("apiKeyRequired").GetBoolean());

        foreach (var (origin, allowed) in new[] { ("http://allowed.example", true), ("http://evil.example", false) })
        {
            var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/jobs");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "X-Api-Key");
            using var r = await host.Client.SendAsync(preflight);
            Assert.Equal(allowed, r.Headers.TryGetValues("Access-Control-Allow-Origin", out var v) && v.Single() == origin);
        }
    }
}
