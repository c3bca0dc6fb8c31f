using System.Diagnostics;
using System.Net;
using ImageAI.Imaging;
using ImageAI.Operations;
using ImageAI.Providers.Remote;
using ImageAI.Tests.Providers.TestService;

namespace ImageAI.Tests.Providers;

/// <summary>
/// The remote editor against a real service on 127.0.0.1 that misbehaves on purpose. Every case must end in success
/// after retries or in a typed error, within a bounded time, and leave no connection behind: the client allows ONE
/// connection to the server, so a response left undisposed would make the follow-up request hang, and the server's
/// own count of open connections and requests in flight must settle.
/// </summary>
public sealed class RemoteFaultInjectionTests : IAsyncLifetime
{
    private static readonly ImageBuffer Input = MakeInput();
    private readonly StandInEditor _backend = new();
    private ImageServiceHost _server = null!;
    private readonly List<(HttpClient Client, RemoteImageEditor Editor)> _clients = [];

    public async Task InitializeAsync() => _server = await ImageServiceHost.StartAsync(_backend);

    public async Task DisposeAsync()
    {
        foreach (var (client, editor) in _clients) { editor.Dispose(); client.Dispose(); }
        await _server.DisposeAsync();
    }

    private RemoteImageEditor Editor(RemoteProtocol protocol, Action<RemoteEditorOptions>? configure = null)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new RemoteEditorOptions
        {
            BaseAddress = _server.BaseAddress,
            Protocol = protocol,
            Name = "faulty",
            RequestTimeout = TimeSpan.FromSeconds(10),
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
            PollInterval = TimeSpan.FromMilliseconds(20),
            MaxPollInterval = TimeSpan.FromMilliseconds(200),
            JobTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        var editor = new RemoteImageEditor(client, options);
        _clients.Add((client, editor));
        return editor;
    }

    private static string Route(RemoteProtocol protocol) => protocol == RemoteProtocol.RemoveBg ? "removebg" : "submit";

    /// <summary>A normal request still goes through on the single allowed connection, and the server settles.</summary>
    private async Task AssertNoLeakAsync(RemoteImageEditor editor)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var result = await editor.EditAsync(Input, new RemoveBackground(), null, cts.Token);
        Assert.Equal(Input.Width, result.Image.Width);
        Assert.True(await _server.WaitForQuietAsync(maxOpen: 1, TimeSpan.FromSeconds(5)),
            $"server still has {_server.ActiveRequests} requests in flight and {_server.OpenConnections} connections open");
    }

    private static async Task<(T Result, TimeSpan Elapsed)> Timed<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        var result = await call();
        return (result, clock.Elapsed);
    }

    [Theory]
    [InlineData(RemoteProtocol.Jobs)]
    [InlineData(RemoteProtocol.RemoveBg)]
    public async Task TooManyRequests_WithRetryAfter_WaitsAsAskedThenSucceeds(RemoteProtocol protocol)
    {
        var editor = Editor(protocol);
        _server.Faults.Enqueue(Route(protocol), Fault.Status(429, retryAfterSeconds: 1));
        var (result, elapsed) = await Timed(() => editor.EditAsync(Input, new RemoveBackground()));
        Assert.Equal("remote:faulty", result.ExecutionProvider);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(15)); // waited the second it was told to
        Assert.Equal(0, _server.Faults.Pending(Route(protocol)));
        Assert.Equal(1, _backend.Runs);
        await AssertNoLeakAsync(editor);
    }

    [Theory]
    [InlineData(RemoteProtocol.Jobs)]
    [InlineData(RemoteProtocol.RemoveBg)]
    public async Task ServerErrors_ThenSuccess_IsRetriedWithBackoff(RemoteProtocol protocol)
    {
        var editor = Editor(protocol);
        _server.Faults.Enqueue(Route(protocol), Fault.Status(500), Fault.Status(503), Fault.Status(502));
        var result = await editor.EditAsync(Input, new RemoveBackground());
        Assert.Equal(Input.Width, result.Image.Width);
        if (protocol == RemoteProtocol.Jobs)
        {
            Assert.Equal(4, _server.Submissions);
            Assert.Equal(1, _server.JobsCreated);
        }
        await AssertNoLeakAsync(editor);
    }

    [Fact]
    public async Task ServerErrors_BeyondMaxRetries_FailWithTheStatus()
    {
        var editor = Editor(RemoteProtocol.Jobs, o => o.MaxRetries = 2);
        _server.Faults.Enqueue("submit", Fault.Status(500), Fault.Status(500), Fault.Status(500));
        var (ex, elapsed) = await Timed(() => Assert.ThrowsAsync<RemoteServiceException>(() => editor.EditAsync(Input, new RemoveBackground())));
        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal("injected", ex.ErrorCode);
        Assert.Equal(3, ex.Attempts);
        Assert.Contains("injected 500", ex.Message);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
        await AssertNoLeakAsync(editor);
    }

    [Theory]
    [InlineData(RemoteProtocol.Jobs)]
    [InlineData(RemoteProtocol.RemoveBg)]
    public async Task DroppedConnection_IsRetriedOnANewConnection(RemoteProtocol protocol)
    {
        var editor = Editor(protocol);
        await editor.GetSupportedOperationsAsync();
        int connectionsBefore = _server.TotalConnections;
        _server.Faults.Enqueue(Route(protocol), Fault.Drop());
        var result = await editor.EditAsync(Input, new RemoveBackground());
        Assert.Equal(Input.Width, result.Image.Width);
        Assert.True(_server.TotalConnections > connectionsBefore, "the retry needed a new connection");
        await AssertNoLeakAsync(editor);
    }

    [Fact]
    public async Task SubmissionAnswerLost_RetryReusesTheJob_ThroughTheIdempotencyKey()
    {
        var editor = Editor(RemoteProtocol.Jobs);
        _server.Faults.Enqueue("submit", Fault.DropAfterHandling());
        var result = await editor.EditAsync(Input, new RemoveBackground());
        Assert.Equal(Input.Width, result.Image.Width);
        Assert.Equal(2, _server.Submissions);
        Assert.Equal(1, _server.JobsCreated); // the retry found the first job instead of starting a second
        Assert.Equal(1, _backend.Runs);
        await AssertNoLeakAsync(editor);
    }

    [Fact]
    public async Task SlowResponse_BeyondTheTimeout_FailsWithTimeout_AndTheServerSeesTheHangUp()
    {
        var editor = Editor(RemoteProtocol.RemoveBg, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(400); o.MaxRetries = 1; });
        _server.Faults.Enqueue("removebg", Fault.Delay(TimeSpan.FromSeconds(60)), Fault.Delay(TimeSpan.FromSeconds(60)));
        var (ex, elapsed) = await Timed(() => Assert.ThrowsAsync<RemoteServiceTimeoutException>(() => editor.EditAsync(Input, new RemoveBackground())));
        Assert.Equal(2, ex.Attempts);
        Assert.Equal(TimeSpan.FromMilliseconds(400), ex.Timeout);
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"took {elapsed}");
        Assert.True(await _server.WaitForQuietAsync(maxOpen: 1, TimeSpan.FromSeconds(5)), "the server still holds the slow requests");
        Assert.Equal(0, _backend.Runs);
        editor.Options.RequestTimeout = TimeSpan.FromSeconds(10);
        await AssertNoLeakAsync(editor);
    }

    [Fact]
    public async Task SlowResponse_ThenNormal_SucceedsOnRetry()
    {
        var editor = Editor(RemoteProtocol.Jobs, o => o.RequestTimeout = TimeSpan.FromMilliseconds(1500));
        await editor.GetSupportedOperationsAsync();
        _server.Faults.Enqueue("status", Fault.Delay(TimeSpan.FromSeconds(60)));
        var result = await editor.EditAsync(Input, new RemoveBackground());
        Assert.Equal(Input.Width, result.Image.Width);
        await AssertNoLeakAsync(editor);
    }

    [Fact]
    public async Task MalformedJson_FailsWithAProtocolError_AndTheJobIsDeleted()
    {
        var editor = Editor(RemoteProtocol.Jobs);
        _server.Faults.Enqueue("status", Fault.MalformedJson());
        var ex = await Assert.ThrowsAsync<RemoteProtocolException>(() => editor.EditAsync(Input, new RemoveBackground()));
        Assert.Equal("malformed_json", ex.ErrorCode);
        Assert.Contains("malformed JSON", ex.Message);
        Assert.Equal(1, _server.Deletes);
        await AssertNoLeakAsync(editor);
    }

    [Fact]
    public async Task MalformedCapabilities_FailWithAProtocolError()
    {
        var editor = Editor(RemoteProtocol.Jobs);
        _server.Faults.Enqueue("capabilities", Fault.MalformedJson());
        await Assert.ThrowsAsync<RemoteProtocolException>(() => editor.EditAsync(Input, new RemoveBackground()));
        await AssertNoLeakAsync(editor); // a failed capability fetch is not cached: the next call asks again
    }

    [Fact]
    public async Task JobThatNeverFinishes_TimesOut_AndIsCancelledOnTheService()
    {
        var editor = Editor(RemoteProtocol.Jobs, o => o.JobTimeout = TimeSpan.FromSeconds(1));
        _server.JobsNeverFinish = true;
        var (ex, elapsed) = await Timed(() => Assert.ThrowsAsync<RemoteServiceTimeoutException>(() => editor.EditAsync(Input, new RemoveBackground())));
        Assert.Contains("did not finish within JobTimeout", ex.Message);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Equal(1, _server.Deletes);
        _server.JobsNeverFinish = false;
        await AssertNoLeakAsync(editor);
    }

    [Fact]
    public async Task CancellationWhilePolling_DeletesTheJob()
    {
        var editor = Editor(RemoteProtocol.Jobs);
        _server.JobsNeverFinish = true;
        // Cancelled once the job exists (the upload's last report comes after the service answered the POST), so the
        // cancellation lands in the polling loop however long the submission took; a timer could fire before it.
        using var cts = new CancellationTokenSource();
        var progress = new Background.SynchronousProgress<ImageEditProgress>(p => { if (p.Stage == "upload" && p.Current == 1) cts.Cancel(); });
        var (_, elapsed) = await Timed(() => Assert.ThrowsAnyAsync<OperationCanceledException>(() => editor.EditAsync(Input, new RemoveBackground(), progress, cts.Token)));
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"took {elapsed}");
        Assert.Equal(1, _server.Deletes);
        _server.JobsNeverFinish = false;
        await AssertNoLeakAsync(editor);
    }

    [Theory]
    [InlineData(RemoteProtocol.Jobs, "result")]
    [InlineData(RemoteProtocol.RemoveBg, "removebg")]
    public async Task OversizedResponse_IsRefusedWithoutReadingItAll(RemoteProtocol protocol, string route)
    {
        var editor = Editor(protocol, o => o.MaxResponseBytes = 1024 * 1024);
        const long sent = 256L * 1024 * 1024; // paced: reading it all would take over 8 s
        _server.Faults.Enqueue(route, Fault.Oversized(sent));
        var (ex, elapsed) = await Timed(() => Assert.ThrowsAsync<RemoteProtocolException>(() => editor.EditAsync(Input, new RemoveBackground())));
        Assert.Equal("response_too_large", ex.ErrorCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}: the body was read far past the limit");
        Assert.True(await _server.WaitForQuietAsync(maxOpen: 1, TimeSpan.FromSeconds(5)), "the oversized response is still being sent");
        Assert.True(_server.Faults.OversizedBytesSent < sent / 4, $"the server wrote {_server.Faults.OversizedBytesSent:N0} bytes before the client hung up");
        await AssertNoLeakAsync(editor);
    }

    [Fact]
    public async Task RetryAfter_LongerThanAllowed_FailsAtOnce()
    {
        var editor = Editor(RemoteProtocol.RemoveBg, o => o.MaxRetryDelay = TimeSpan.FromSeconds(2));
        _server.Faults.Enqueue("removebg", Fault.Status(429, retryAfterSeconds: 3600));
        var (ex, elapsed) = await Timed(() => Assert.ThrowsAsync<RemoteServiceException>(() => editor.EditAsync(Input, new RemoveBackground())));
        Assert.Equal("retry_after_too_long", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
        await AssertNoLeakAsync(editor);
    }

    [Fact]
    public async Task WrongApiKey_FailsWithTheServiceError_WithoutRetrying()
    {
        await _server.DisposeAsync();
        _server = await ImageServiceHost.StartAsync(_backend, apiKey: "right");
        var editor = Editor(RemoteProtocol.RemoveBg, o => o.ApiKey = "wrong");
        var ex = await Assert.ThrowsAsync<RemoteServiceException>(() => editor.EditAsync(Input, new RemoveBackground()));
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("auth_failed", ex.ErrorCode);
        Assert.Equal(1, ex.Attempts);
        Assert.Contains("Check the API key", ex.Message);
    }

    [Fact]
    public async Task UnreachableService_FailsWithAConnectionError_InBoundedTime()
    {
        // A port bound but never listening refuses connections, and no server started meanwhile can be given it (a
        // stopped server's port could be).
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream,
            System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}/");
        var editor = Editor(RemoteProtocol.RemoveBg, o => { o.BaseAddress = address; o.MaxRetries = 2; });
        var (ex, elapsed) = await Timed(() => Assert.ThrowsAsync<RemoteServiceException>(() => editor.EditAsync(Input, new RemoveBackground())));
        Assert.Equal("connection", ex.ErrorCode);
        Assert.Equal(3, ex.Attempts);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed}");
    }

    private static ImageBuffer MakeInput()
    {
        var image = new ImageBuffer(64, 48);
        var px = image.Pixels;
        for (int y = 0; y < 48; y++)
            for (int x = 0; x < 64; x++)
            {
                int i = (y * 64 + x) * 4;
                px[i] = (byte)(x * 4); px[i + 1] = (byte)(y * 5); px[i + 2] = 77; px[i + 3] = 255;
            }
        return image;
    }
}
