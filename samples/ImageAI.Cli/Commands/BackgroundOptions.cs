using System.CommandLine;
using System.Globalization;
using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Matting;

namespace ImageAI.Cli.Commands;

/// <summary>Options shared by remove-background and replace-background: refinement, model resolution, foreground colours, cropping.</summary>
internal static class BackgroundOptions
{
    public static Option<string?> Refine(string defaultHelp) => new("--refine")
    {
        Description = $"Edge refinement: none, guided (guided filter) or matting ({defaultHelp}).",
    };

    public static Option<int?> Resolution() => new("--resolution")
    {
        Description = "Model input side, e.g. 512, 768 or 1024 (default: the model's own). Lower is faster; use with --refine.",
    };

    public static Option<string?> Trimap() => new("--trimap")
    {
        Description = "Trimap PNG of the input's size (black = background, white = subject, grey = unknown); implies --refine matting unless set. One input only.",
    };

    /// <summary>Loads a trimap picture as a mask (its red channel; grey pictures decode with R = G = B).</summary>
    public static async Task<GrayImage?> LoadTrimapAsync(string? path, CancellationToken ct)
    {
        if (path is null) return null;
        var picture = await ImageIO.LoadAsync(path, null, ct);
        var trimap = new GrayImage(picture.Width, picture.Height);
        PixelConversions.ExtractChannel(picture.Pixels, trimap.Pixels, 0);
        return trimap;
    }

    public static Option<bool> Crop() => new("--crop") { Description = "Crop the result to the subject." };

    public static Option<int> Margin() => new("--margin") { Description = "Margin in pixels around the subject for --crop.", DefaultValueFactory = _ => 0 };

    /// <summary>Parses a refinement name; null text gives <paramref name="fallback"/>.</summary>
    public static MaskRefinement ParseRefinement(string? text, MaskRefinement fallback) => text?.Trim().ToLowerInvariant() switch
    {
        null => fallback,
        "none" or "off" => MaskRefinement.None,
        "guided" or "guided-filter" or "guidedfilter" => MaskRefinement.GuidedFilter,
        "matting" => MaskRefinement.Matting,
        _ => throw new ArgumentException($"Unknown refinement '{text}': use none, guided or matting."),
    };

    /// <summary>Parses "a,b[,c]" numbers or colours for gradients.</summary>
    public static string[] SplitList(string text, int min, int max, string what)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < min || parts.Length > max)
            throw new ArgumentException($"{what} takes {min}{(max > min ? $" to {max}" : "")} comma-separated values, got '{text}'.");
        return parts;
    }

    public static double ParseNumber(string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new ArgumentException($"{what}: '{text}' is not a number.");
}
