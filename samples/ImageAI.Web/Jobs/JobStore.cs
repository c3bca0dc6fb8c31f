using System.Collections.Concurrent;

namespace ImageAI.Web.Jobs;

/// <summary>The live jobs by id, and the result cache (request key to the job that answered it).</summary>
public sealed class JobStore
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Job> _cache = new(StringComparer.Ordinal);

    /// <summary>All jobs.</summary>
    public ICollection<Job> Jobs => _jobs.Values;

    /// <summary>Adds a job.</summary>
    public void Add(Job job)
    {
        if (!_jobs.TryAdd(job.Id, job)) throw new InvalidOperationException($"Duplicate job id {job.Id}.");
    }

    /// <summary>Finds a job.</summary>
    public Job? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Removes a job and its cache entry.</summary>
    public void Remove(Job job)
    {
        _jobs.TryRemove(job.Id, out _);
        if (job.CacheKey is { } key) _cache.TryRemove(new KeyValuePair<string, Job>(key, job));
    }

    /// <summary>A job (queued, running or succeeded) that answers the same request, if any.</summary>
    public Job? FindCached(string key) =>
        _cache.TryGetValue(key, out var job) && job.State != JobState.Failed && _jobs.ContainsKey(job.Id) ? job : null;

    /// <summary>Remembers a job as the answer to its request key.</summary>
    public void Remember(Job job)
    {
        if (job.CacheKey is { } key) _cache[key] = job;
    }

    /// <summary>Forgets a failed job so the next identical request runs again.</summary>
    public void Forget(Job job)
    {
        if (job.CacheKey is { } key) _cache.TryRemove(new KeyValuePair<string, Job>(key, job));
    }
}
