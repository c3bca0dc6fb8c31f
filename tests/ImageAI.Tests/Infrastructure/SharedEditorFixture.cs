using ImageAI.Onnx.Editing;

namespace ImageAI.Tests.Infrastructure;

/// <summary>One local editor for a whole test collection, so each model is loaded once.</summary>
public sealed class SharedEditorFixture : IDisposable
{
    /// <summary>The editor (default options: user cache, shared mirror).</summary>
    public OnnxImageEditor Editor { get; } = new();

    /// <inheritdoc />
    public void Dispose() => Editor.Dispose();
}

/// <summary>Tests that share the local editor (and so its loaded models) run in this collection, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class SharedEditorCollection : ICollectionFixture<SharedEditorFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "shared-editor";
}
