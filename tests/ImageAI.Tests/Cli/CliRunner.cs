using System.Diagnostics;

namespace ImageAI.Tests.Cli;

/// <summary>Runs the built CLI (samples/ImageAI.Cli) as a separate process, as a user would.</summary>
public static class CliRunner
{
    public sealed record CliResult(int ExitCode, string StdOut, string StdErr);

    private static readonly Lazy<string> CliDll = new(() =>
    {
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "ImageAI.Cli", "bin", config, "net10.0", "imageai.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("The CLI build (imageai.dll) was not found; build samples/ImageAI.Cli first.");
    });

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliDll.Value);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }
}
