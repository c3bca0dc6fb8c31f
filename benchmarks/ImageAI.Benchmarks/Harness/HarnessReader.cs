using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Pipelines.Watermarks;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>The text recogniser the locator reads lines with (catalog ids; env TR_MODEL and TR_KEYS take other ones), for the text harnesses.</summary>
internal static class HarnessReader
{
    public static async Task<TextLineReader> CreateAsync(OnnxImageEditor editor)
    {
        var keysPath = Environment.GetEnvironmentVariable("TR_KEYS") ?? (await editor.Models.ResolveAsync(TextDetectionOptions.DefaultRecognitionDictionaryId)).Path;
        var recogniser = await editor.Sessions.GetAsync(await editor.Models.ResolveAsync(Environment.GetEnvironmentVariable("TR_MODEL") ?? TextDetectionOptions.DefaultRecognitionModelId));
        return new TextLineReader(recogniser, TextLineReader.LoadDictionary(keysPath));
    }
}
