using ImageAI.Onnx.Editing;
using Microsoft.Extensions.Options;

namespace ImageAI.Extensions.DependencyInjection;

/// <summary>Runs <see cref="OnnxEditorOptions.Validate"/> for every named instance, turning its exception into a failure message.</summary>
internal sealed class OnnxEditorOptionsValidator : IValidateOptions<OnnxEditorOptions>
{
    public ValidateOptionsResult Validate(string? name, OnnxEditorOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"ImageAI editor '{(string.IsNullOrEmpty(name) ? "(default)" : name)}': {ex.Message}");
        }
    }
}
