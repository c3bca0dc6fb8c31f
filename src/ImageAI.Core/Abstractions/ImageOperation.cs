namespace ImageAI;

/// <summary>
/// One kind of edit, with its options. Subclasses are immutable records, so a request can be hashed for caching
/// and sent over the wire.
/// </summary>
public abstract record ImageOperation
{
    /// <summary>The operation's stable kebab-case name (e.g. <c>remove-background</c>), used by the CLI, the web API and capabilities.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the operation reads an input image (false for text-to-image generation).</summary>
    public virtual bool RequiresImage => true;

    /// <summary>Throws <see cref="ArgumentException"/> (or a subclass) when the options are invalid.</summary>
    public virtual void Validate() { }
}
