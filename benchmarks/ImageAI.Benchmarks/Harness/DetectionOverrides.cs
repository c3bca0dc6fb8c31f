using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Experiments' overrides of the text-detection defaults from the environment, for the text harnesses: TW_BIN, TW_BOX
/// (thresholds), TW_MINSIDE, TW_MAXSIDE (input sides), TD_EQ=0 and TW_DESAT=0 (passes off), TD_EQSCALES (the equalised
/// pass's scales, comma-separated, larger first), TD_SMOOTH (sigma), TD_ROT (rotated passes' angles, comma-separated;
/// "" = upright only), TD_CONT=0 (line following off), TD_ALONG=0 (reading along lines off), TW_READ=0 or 1 (the reading
/// veto off or on; TW_READCONF its confidence).
/// </summary>
internal static class DetectionOverrides
{
    public static TextDetectionOptions FromEnvironment(TextDetectionOptions options)
    {
        if (Get("TW_BIN") is { } bin) options = options with { BinaryThreshold = float.Parse(bin) };
        if (Get("TW_BOX") is { } box) options = options with { BoxThreshold = float.Parse(box) };
        if (Get("TW_MINSIDE") is { } minSide) options = options with { MinSide = int.Parse(minSide) };
        if (Get("TW_MAXSIDE") is { } maxSide) options = options with { MaxSide = int.Parse(maxSide) };
        if (Get("TD_EQ") == "0") options = options with { EqualizedDesaturatedPass = false };
        if (Get("TW_DESAT") == "0") options = options with { DesaturatedPass = false };
        if (Get("TD_EQSCALES") is { } eqScales) options = options with { EqualizedPassScales = List(eqScales, double.Parse) };
        if (Get("TD_SMOOTH") is { } smooth) options = options with { SmoothedPassSigma = double.Parse(smooth) };
        if (Get("TD_CONT") == "0") options = options with { LineContinuation = false };
        if (Get("TD_ALONG") == "0") options = options with { ReadAlong = false };
        if (Get("TW_READ") is { } read) options = options with { ReadingVeto = read == "1" };
        if (Get("TW_READCONF") is { } readConf) options = options with { MinReadingConfidence = double.Parse(readConf) };
        if (Get("TD_ROT") is { } rot) options = options with { RotatedPasses = List(rot, float.Parse) };
        return options;
    }

    private static string? Get(string name) => Environment.GetEnvironmentVariable(name);

    private static T[] List<T>(string text, Func<string, T> parse) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(parse).ToArray();
}
