using System.Diagnostics;
using ImageAI.Codecs;
using Spectre.Console;

namespace ImageAI.Cli.Commands;

/// <summary>Runs one operation over a batch with one editor: progress bar, per-image failures, summary line.</summary>
internal static class BatchRunner
{
    public static async Task<int> RunAsync(IImageEditor editor, IReadOnlyList<BatchJob> jobs, ImageOperation operation,
        ImageEncodeOptions encode, ImageDecodeOptions decode, CancellationToken ct)
    {
        var failures = new List<string>();
        var total = Stopwatch.StartNew();
        string provider = "none";
        string? fallbackReason = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progressContext =>
            {
                var download = (ProgressTask?)null;
                var images = progressContext.AddTask($"{operation.Name}", maxValue: jobs.Count);
                var reporter = new Progress<ImageEditProgress>(p =>
                {
                    if (p.Stage != "download") return;
                    download ??= progressContext.AddTask("download model", maxValue: Math.Max(1, p.Total));
                    if (p.Total > 0) download.MaxValue = p.Total;
                    download.Value = p.Current;
                });
                foreach (var job in jobs)
                {
                    ct.ThrowIfCancellationRequested();
                    images.Description = $"{operation.Name} {Markup.Escape(Path.GetFileName(job.Input))}";
                    try
                    {
                        var image = await ImageIO.LoadAsync(job.Input, decode, ct);
                        var result = await editor.EditAsync(new ImageEditRequest(image, operation), reporter, ct);
                        provider = result.ExecutionProvider;
                        fallbackReason ??= result.FallbackReason;
                        await ImageIO.SaveAsync(result.Image, job.Output, encode with { Format = job.Format }, ct);
                    }
                    catch (Exception ex) when (ex is ImageAIException or IOException or UnauthorizedAccessException)
                    {
                        failures.Add($"{job.Input}: {CliContext.Describe(ex)}");
                        if (ex is ModelException or ExecutionProviderUnavailableException) { images.Increment(jobs.Count); break; }
                    }
                    images.Increment(1);
                }
                images.Description = operation.Name;
            });
        total.Stop();
        int ok = jobs.Count - failures.Count;
        foreach (var failure in failures) Console.Error.WriteLine($"imageai: {failure}");
        if (fallbackReason is not null) Console.Error.WriteLine($"imageai: note: {fallbackReason}");
        if (ok < 0) ok = 0;
        Console.WriteLine($"{operation.Name}: {ok}/{jobs.Count} images in {total.Elapsed.TotalSeconds:F1} s ({total.Elapsed.TotalMilliseconds / Math.Max(1, jobs.Count):F0} ms/image) on {provider}" +
                          (jobs.Count == 1 && ok == 1 ? $" -> {jobs[0].Output}" : ""));
        return failures.Count == 0 ? 0 : 1;
    }
}
