using System.Text.Json;

namespace ImageAI.Web.Operations;

/// <summary>
/// Turns an operation name and its JSON options (from the upload form) into an <see cref="ImageOperation"/>.
/// One small mapper per operation; register it in <see cref="OperationRegistry.AddDefaultMappers"/>.
/// </summary>
public interface IOperationMapper
{
    /// <summary>The operation name (<see cref="ImageOperation.Name"/>), e.g. <c>remove-background</c>.</summary>
    string Name { get; }

    /// <summary>A short title for the page's operation list.</summary>
    string Title { get; }

    /// <summary>The options the page shows (and the API accepts), in display order.</summary>
    IReadOnlyList<OptionDescriptor> Options { get; }

    /// <summary>
    /// Builds the operation. <paramref name="options"/> is a JSON object (or null for all defaults).
    /// Throws <see cref="OperationOptionsException"/> for unknown or invalid options.
    /// </summary>
    ImageOperation Map(JsonElement? options);
}

/// <summary>One option of an operation, as the page renders it.</summary>
/// <param name="Name">The JSON property name.</param>
/// <param name="Label">A human label.</param>
/// <param name="Kind"><c>choice</c>, <c>color</c>, <c>number</c> or <c>text</c>.</param>
/// <param name="Default">The default value as text.</param>
/// <param name="Choices">The allowed values for <c>choice</c>.</param>
/// <param name="Help">One line of help.</param>
public sealed record OptionDescriptor(string Name, string Label, string Kind, string? Default, IReadOnlyList<string>? Choices = null, string? Help = null);

/// <summary>The options JSON of an upload is invalid; becomes a 400 problem naming the option.</summary>
public sealed class OperationOptionsException(string option, string message) : ArgumentException(message, option)
{
    private readonly string _reason = message;

    /// <summary>The offending option ("options" for the whole document).</summary>
    public string Option { get; } = option;

    /// <summary>The reason alone (the base message would append the parameter name).</summary>
    public override string Message => _reason;
}
