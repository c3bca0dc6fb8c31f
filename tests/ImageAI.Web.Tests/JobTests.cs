using System.Net;
using System.Text.Json;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Operations;
using ImageAI.Tests.Infrastructure;
using ImageAI.Web.Jobs;

namespace ImageAI.Web.Tests;

/// <summary>
/// Real jobs on a real server: 20 concurrent uploads, the worker and per-client limits, the result cache, progress
/// events and expiry. Uses the int8 ISNet and small crops of Kodak photos to keep the time down (the model always
/// runs at 1024x1024, so the crop size only saves decoding and encoding).
/// </summary>
public sealed class JobTests
{
    private const string Model = "isnet-general-quint8";
    private static readonly string Options = $$"""{"model":"{{Model}}"}""";

    /// <summary>A distinct small photo crop per index (different image and position).</summary>
    private static ImageBuffer Crop(int index, int width = 96, int height = 64)
    {
        var source = TestData.Load(TestData.Eval("general", "kodak24", $"kodim{index % 24 + 1:00}.png"));
        int x0 = (index * 37) % (source.Width - width), y0 = (index * 53) % (source.Height - height);
        var crop = new ImageBuffer(width, height);
        for (int y = 0; y < height; y++)
            source.GetRow(y0 + y).Slice(x0 * 4, width * 4).CopyTo(crop.GetRow(y));
        return crop;
    }

    private static async Task<ImageBuffer> DownloadAsync(WebAppHost host, string id)
    {
        using var r = await host.Client.GetAsync($"/api/jobs/{id}/result?format=png");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("image/png", r.Content.Headers.ContentType?.MediaType);
        var bytes = await r.Content.ReadAsByteArrayAsync();
        Assert.Equal(ImageFormat.Png, ImageFormats.Sniff(bytes));
        return ImageIO.Decode(bytes);
    }

    [Fact]
    public async Task Twenty_concurrent_jobs_complete_correctly_within_the_limits()
    {
        const int jobs = 20, workers = 2;
        // The workers wait at the gate until the limit has been checked: on a fast machine the first jobs could
        // otherwise finish while the others upload, and the 21st would be let in.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await WebAppHost.StartAsync(new Dictionary<string, string?>
        {
            ["Workers"] = workers.ToString(),
            ["MaxActiveJobsPerClient"] = jobs.ToString(),
            ["MaxUploadsPerMinute"] = "0",
        }, wrapEditor: inner => new GatedEditor(inner, gate.Task));
        var inputs = Enumerable.Range(0, jobs).Select(i => Crop(i)).ToArray();

        var submitted = await Task.WhenAll(inputs.Select(img => host.SubmitAsync(WebAppHost.Png(img), Options)));
        Assert.All(submitted, s => Assert.False(s.Cached));
        Assert.Equal(jobs, submitted.Select(s => s.Id).Distinct().Count());

        // The client now has 20 unfinished jobs: the 21st is refused by the per-client limit.
        using (var refused = await host.UploadAsync(WebAppHost.Png(Crop(99)), options: Options))
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "too-many-jobs");
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        gate.SetResult();

        // ~1.8 s per job on an idle 2-core machine; the generous timeout is for a shared, loaded one.
        var finals = await Task.WhenAll(submitted.Select(s => host.WaitAsync(s.Id, TimeSpan.FromMinutes(9))));
        Assert.All(finals, f => Assert.Equal("succeeded", f.GetProperty("status").GetString()));

        // The worker limit held, and the workers did run in parallel.
        var queue = host.Service<JobQueue>();
        Assert.Equal(workers, queue.PeakRunning);
        Assert.Equal(0, queue.Running);

        // Each result belongs to its own input: same size, same colours wherever the cutout kept the pixel,
        // and a real mask (not all opaque, not all clear, over the whole set).
        long clear = 0, opaque = 0;
        var results = await Task.WhenAll(submitted.Select(s => DownloadAsync(host, s.Id)));
        for (int i = 0; i < jobs; i++)
        {
            var (input, output) = (inputs[i], results[i]);
            Assert.Equal((input.Width, input.Height), (output.Width, output.Height));
            var a = input.Pixels;
            var b = output.Pixels;
            for (int p = 0; p < a.Length; p += 4)
            {
                if (b[p + 3] == 0) { clear++; continue; }
                if (b[p + 3] == 255) opaque++;
                Assert.True(a[p] == b[p] && a[p + 1] == b[p + 1] && a[p + 2] == b[p + 2], $"job {i}: colour changed at pixel {p / 4}");
            }
        }
        Assert.True(clear > 0 && opaque > 0, $"clear {clear}, opaque {opaque}");

        // The masks equal the library's own answer for the same image (spot-check one: each direct run costs a full inference).
        using var editor = new OnnxImageEditor();
        foreach (int i in new[] { 13 })
        {
            var direct = await editor.EditAsync(new ImageEditRequest(inputs[i], new RemoveBackground { ModelId = Model }));
            var expected = direct.Image!.ExtractAlpha().Pixels;
            var actual = results[i].ExtractAlpha().Pixels;
            int maxDiff = 0;
            for (int p = 0; p < expected.Length; p++) maxDiff = Math.Max(maxDiff, Math.Abs(expected[p] - actual[p]));
            Assert.True(maxDiff <= 2, $"job {i}: alpha differs from a direct edit by up to {maxDiff}");
        }

        // The permits came back: the client can submit again, and an identical request is served from the cache.
        var again = await host.SubmitAsync(WebAppHost.Png(inputs[0]), Options);
        Assert.True(again.Cached);
        Assert.Equal(submitted[0].Id, again.Id);
        var other = await host.SubmitAsync(WebAppHost.Png(inputs[0]), $$"""{"model":"{{Model}}","output":"mask"}""");
        Assert.False(other.Cached);
        await host.WaitAsync(other.Id, TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Progress_arrives_as_server_sent_events_and_files_are_deleted_after_expiry()
    {
        var clock = new ShiftedClock();
        // The job waits at the gate until the stream has delivered its first event: a fast machine could otherwise
        // finish the job before the client subscribes, and the stream would rightly hold nothing but 'done'.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await WebAppHost.StartAsync(new Dictionary<string, string?>
        {
            ["Workers"] = "1",
            ["ResultRetention"] = "00:10:00",
            ["CleanupInterval"] = "00:00:00.200",
        }, clock, inner => new GatedEditor(inner, gate.Task));
        var (id, _) = await host.SubmitAsync(WebAppHost.Png(Crop(5)), Options);
        var folder = Path.Combine(host.Storage, id);
        Assert.True(File.Exists(Path.Combine(folder, "input.bin")));

        // Read the event stream to its end: progress events, then exactly one 'done'.
        var events = new List<(string Event, JsonElement Data)>();
        using (var stream = await host.Client.GetStreamAsync($"/api/jobs/{id}/events"))
        using (var reader = new StreamReader(stream))
        {
            string? name = null;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    events.Add((name ?? "message", JsonDocument.Parse(line[6..]).RootElement.Clone()));
                    gate.TrySetResult();
                }
            }
        }
        Assert.Equal("done", events[^1].Event);
        Assert.Single(events, e => e.Event == "done");
        Assert.Equal("succeeded", events[^1].Data.GetProperty("status").GetString());
        Assert.Contains(events, e => e.Event == "progress" && e.Data.GetProperty("status").GetString() is "queued" or "running");
        var progress = events.Select(e => e.Data.GetProperty("progress").GetDouble()).ToArray();
        Assert.Equal(progress.Order(), progress); // never goes backwards
        Assert.Equal(1.0, progress[^1]);

        Assert.True(File.Exists(Path.Combine(folder, "result.png")));
        // The JPEG and WebP downloads are encoded on request.
        using (var jpeg = await host.Client.GetAsync($"/api/jobs/{id}/result?format=jpeg&quality=50"))
        {
            Assert.Equal("image/jpeg", jpeg.Content.Headers.ContentType?.MediaType);
            Assert.Equal(ImageFormat.Jpeg, ImageFormats.Sniff(await jpeg.Content.ReadAsByteArrayAsync()));
        }
        using (var bad = await host.Client.GetAsync($"/api/jobs/{id}/result?format=tiff"))
            await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest, "bad-format");

        // Still there after several cleanup passes while the retention has not passed (however slow this machine is)...
        await Task.Delay(600);
        Assert.True(Directory.Exists(folder), "job folder deleted before its retention passed");
        using (var stillThere = await host.Client.GetAsync($"/api/jobs/{id}/result"))
            Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);

        // ...and gone within a few passes once the clock is past it.
        clock.Advance(TimeSpan.FromMinutes(11));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // The cleanup deletes the folder, then forgets the job: wait for both.
        var store = host.Service<JobStore>();
        while ((Directory.Exists(folder) || store.Find(id) is not null) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.False(Directory.Exists(folder), "job folder still present after expiry");
        using (var status = await host.Client.GetAsync($"/api/jobs/{id}"))
            await ProblemAssert.IsProblemAsync(status, HttpStatusCode.NotFound, "job-not-found");
        using (var result = await host.Client.GetAsync($"/api/jobs/{id}/result"))
            await ProblemAssert.IsProblemAsync(result, HttpStatusCode.NotFound, "job-not-found");
        Assert.Empty(store.Jobs);
    }

    /// <summary>Holds every edit until <paramref name="gate"/> completes, then runs it on the real editor.</summary>
    private sealed class GatedEditor(IImageEditor inner, Task gate) : DelegatingImageEditor(inner)
    {
        public override async Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken);
            return await base.EditAsync(request, progress, cancellationToken);
        }
    }
}
