namespace ImageAI.Web.Api;

/// <summary>Safe download names from client-supplied file names.</summary>
public static class FileNames
{
    /// <summary>The name without extension, reduced to letters, digits, '-' and '_' (at most 60), or "image".</summary>
    public static string Stem(string? fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(Path.GetFileName(fileName ?? ""));
        Span<char> buffer = stackalloc char[Math.Min(stem.Length, 60)];
        int n = 0;
        foreach (var c in stem)
        {
            if (n == buffer.Length) break;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_') buffer[n++] = c;
        }
        return n == 0 ? "image" : new string(buffer[..n]);
    }
}
