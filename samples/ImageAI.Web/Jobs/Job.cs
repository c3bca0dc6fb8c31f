namespace ImageAI.Web.Jobs;

/// <summary>
/// One edit request and its state. Its files live in <see cref="Directory"/>. State changes bump a version and
/// complete a signal, so server-sent-event streams wake up without polling.
/// </summary>
public sealed class Job
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JobState _state = JobState.Queued;
    private double _progress;
    private string? _stage;
    private string? _error;
    private long _version;
    private IDisposable? _lease;

    /// <summary>Creates a queued job.</summary>
    public Job(string id, string clientId, ImageOperation operation, string? cacheKey, string directory, string fileName, int width, int height, DateTimeOffset createdAt)
    {
        Id = id;
        ClientId = clientId;
        Operation = operation;
        CacheKey = cacheKey;
        Directory = directory;
        FileName = fileName;
        Width = width;
        Height = height;
        CreatedAt = createdAt;
    }

    /// <summary>The id (random, unguessable).</summary>
    public string Id { get; }
    /// <summary>Who submitted it (API key hash or IP address), for the per-client limit.</summary>
    public string ClientId { get; }
    /// <summary>The operation to run.</summary>
    public ImageOperation Operation { get; }
    /// <summary>Content hash + operation key, when the cache is on.</summary>
    public string? CacheKey { get; }
    /// <summary>The job's folder.</summary>
    public string Directory { get; }
    /// <summary>The uploaded bytes.</summary>
    public string InputPath => Path.Combine(Directory, "input.bin");
    /// <summary>The result, stored losslessly as PNG; other formats are encoded on download.</summary>
    public string ResultPath => Path.Combine(Directory, "result.png");
    /// <summary>The uploaded file's name, sanitised (used for download names).</summary>
    public string FileName { get; }
    /// <summary>Input width.</summary>
    public int Width { get; }
    /// <summary>Input height.</summary>
    public int Height { get; }
    /// <summary>When it was accepted.</summary>
    public DateTimeOffset CreatedAt { get; }
    /// <summary>When it finished (null while queued or running).</summary>
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>Current state.</summary>
    public JobState State { get { lock (_lock) return _state; } }
    /// <summary>Whether it has finished.</summary>
    public bool IsFinished => State is JobState.Succeeded or JobState.Failed;

    /// <summary>Keeps the client's concurrency permit until the job finishes.</summary>
    public void HoldLease(IDisposable lease) { lock (_lock) _lease = lease; }

    /// <summary>A worker picked it up.</summary>
    public void MarkRunning() => Update(() => { _state = JobState.Running; _progress = Math.Max(_progress, 0.02); });

    /// <summary>Records library progress. Overall progress never goes backwards.</summary>
    public void ReportProgress(ImageEditProgress p) => Update(() =>
    {
        _stage = p.Stage;
        // Stages come one after another with their own fractions; map them into 5%..95% without going back.
        var overall = 0.05 + 0.9 * p.Fraction;
        if (p.Stage is "load" or "download") overall = Math.Min(overall, 0.3);
        _progress = Math.Max(_progress, Math.Min(0.95, overall));
    });

    /// <summary>The result file is in place.</summary>
    public void Succeed(DateTimeOffset now) => Finish(JobState.Succeeded, null, now);

    /// <summary>The edit failed.</summary>
    public void Fail(string error, DateTimeOffset now) => Finish(JobState.Failed, error, now);

    private void Finish(JobState state, string? error, DateTimeOffset now)
    {
        IDisposable? lease;
        lock (_lock)
        {
            lease = _lease;
            _lease = null;
        }
        // The permit goes back before anyone can see the job finished, so a client that reacts at once is not refused.
        lease?.Dispose();
        Update(() =>
        {
            _state = state;
            _error = error;
            _stage = null;
            if (state == JobState.Succeeded) _progress = 1;
            CompletedAt = now;
        });
    }

    /// <summary>The state as the API returns it.</summary>
    public JobStatus Snapshot(TimeSpan retention)
    {
        lock (_lock)
        {
            return new JobStatus(Id, _state, Math.Round(_progress, 3), _stage, _error, Operation.Name, Width, Height,
                CreatedAt, CompletedAt, CompletedAt + retention,
                _state == JobState.Succeeded ? $"/api/jobs/{Id}/result?format=png" : null);
        }
    }

    /// <summary>The version now and a task that completes at the next change.</summary>
    public (long Version, Task Changed) Watch()
    {
        lock (_lock) return (_version, _changed.Task);
    }

    private void Update(Action change)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            change();
            _version++;
            signal = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        signal.TrySetResult();
    }
}
