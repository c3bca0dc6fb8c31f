using System.Diagnostics;
using System.Security.Cryptography;
using ImageAI.Imaging;

namespace ImageAI.Decorators;

/// <summary>Limits of <see cref="CachingImageEditor"/>.</summary>
public sealed class ImageEditCacheOptions
{
    /// <summary>The most results kept (least recently used go first). Default 64.</summary>
    public int MaxEntries { get; set; } = 64;

    /// <summary>The most pixel bytes kept across all cached results. Default 512 MiB.</summary>
    public long MaxBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> when a limit is not positive.</summary>
    public void Validate()
    {
        if (MaxEntries < 1) throw new ArgumentOutOfRangeException(nameof(MaxEntries), MaxEntries, "MaxEntries must be at least 1.");
        if (MaxBytes < 1) throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "MaxBytes must be positive.");
    }
}

/// <summary>
/// Remembers results by the SHA-256 of the input image (size and pixels) together with the operation record (records
/// compare by value, so the same options give the same key), and answers a repeated request without running the
/// inner editor. Results are copied in and out, so a caller that edits its result cannot change the cache.
/// Failed and cancelled edits are not cached. Thread-safe; bounded by entries and bytes (least recently used go first).
/// </summary>
public sealed class CachingImageEditor : DelegatingImageEditor
{
    private readonly ImageEditCacheOptions _options;
    private readonly Dictionary<CacheKey, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _lru = new();
    private readonly Lock _lock = new();
    private long _bytes;
    private long _hits, _misses;

    /// <summary>Wraps <paramref name="innerEditor"/>.</summary>
    public CachingImageEditor(IImageEditor innerEditor, ImageEditCacheOptions? options = null) : base(innerEditor)
    {
        _options = options ?? new ImageEditCacheOptions();
        _options.Validate();
    }

    /// <summary>Requests answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Requests passed to the inner editor.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Results held now.</summary>
    public int Count { get { lock (_lock) return _map.Count; } }

    /// <inheritdoc />
    public override async Task<ImageEditResult> EditAsync(ImageEditRequest request, IProgress<ImageEditProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var lookup = Stopwatch.StartNew();
        var key = new CacheKey(HashImage(request.Image), request.Operation);
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                Interlocked.Increment(ref _hits);
                progress?.Report(new ImageEditProgress("cache", 1, 1, "served from cache"));
                return Copy(node.Value.Result, lookup.Elapsed);
            }
        }
        Interlocked.Increment(ref _misses);
        var result = await InnerEditor.EditAsync(request, progress, cancellationToken).ConfigureAwait(false);
        Store(key, Copy(result, null));
        return result;
    }

    /// <summary>Drops every cached result.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _lru.Clear();
            _bytes = 0;
        }
    }

    private void Store(CacheKey key, ImageEditResult result)
    {
        long size = SizeOf(result);
        if (size > _options.MaxBytes) return;
        lock (_lock)
        {
            if (_map.ContainsKey(key))
            {
                // Two identical requests raced; keep the first.
                return;
            }
            _map[key] = _lru.AddFirst(new Entry(key, result, size));
            _bytes += size;
            while (_map.Count > _options.MaxEntries || _bytes > _options.MaxBytes)
            {
                var last = _lru.Last!;
                _lru.RemoveLast();
                _map.Remove(last.Value.Key);
                _bytes -= last.Value.Size;
            }
        }
    }

    /// <summary>SHA-256 of the image's size and pixels (null image: an empty hash).</summary>
    private static byte[] HashImage(ImageBuffer? image)
    {
        if (image is null) return [];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[8];
        BitConverter.TryWriteBytes(header, image.Width);
        BitConverter.TryWriteBytes(header[4..], image.Height);
        hash.AppendData(header);
        hash.AppendData(image.Pixels);
        return hash.GetHashAndReset();
    }

    private static long SizeOf(ImageEditResult r)
    {
        long size = r.Mask is null ? 0 : (long)r.Mask.Width * r.Mask.Height;
        foreach (var image in r.Images) size += image.PixelArray.LongLength;
        if (!r.Images.Contains(r.Image)) size += r.Image.PixelArray.LongLength;
        return size;
    }

    /// <summary>A deep copy of the images (metadata objects are immutable and shared); a hit records its lookup time.</summary>
    private static ImageEditResult Copy(ImageEditResult r, TimeSpan? hitLookup)
    {
        var image = r.Image.Clone();
        var images = r.Images;
        var timings = r.Timings;
        if (hitLookup is { } t) timings = new Dictionary<string, TimeSpan>(r.Timings) { ["cache-hit"] = t };
        return new ImageEditResult
        {
            Image = image,
            Images = images.Count == 1 && ReferenceEquals(images[0], r.Image) ? [image] : images.Select(i => i.Clone()).ToArray(),
            Mask = r.Mask?.Clone(),
            ExecutionProvider = r.ExecutionProvider,
            FallbackReason = r.FallbackReason,
            Models = r.Models,
            Timings = timings,
            Details = r.Details,
            Warnings = r.Warnings,
        };
    }

    private sealed record Entry(CacheKey Key, ImageEditResult Result, long Size);

    private readonly struct CacheKey(byte[] imageHash, ImageOperation operation) : IEquatable<CacheKey>
    {
        private readonly byte[] _imageHash = imageHash;
        private readonly ImageOperation _operation = operation;

        public bool Equals(CacheKey other) => _imageHash.AsSpan().SequenceEqual(other._imageHash) && _operation.Equals(other._operation);

        public override bool Equals(object? obj) => obj is CacheKey other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(BitConverter.ToInt32(_imageHash.Length >= 4 ? _imageHash : new byte[4]), _operation);
    }
}
