using ImageAI.Codecs;
using ImageAI.Imaging;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Cli;

/// <summary>The command line end to end: real process, real files, exit codes and messages.</summary>
public class CliTests : IDisposable
{
    private readonly TempFolder _tmp = TestData.TempFolder();

    public void Dispose() => _tmp.Dispose();

    private static string Kodak(string name) => TestData.Eval("general", "kodak24", name);

    [Theory]
    [InlineData("empty", "empty")]
    [InlineData("truncated", "truncated or corrupt")]
    [InlineData("corrupt", "corrupt")]
    [InlineData("zero-size", "corrupt")]
    [InlineData("text", "not an image")]
    [InlineData("over-limit", "over the limit")]
    public async Task Bad_input_gives_a_one_line_reason_a_non_zero_exit_and_no_output(string kind, string expected)
    {
        var input = _tmp.File($"in-{kind}.png");
        var png = ImageIO.Encode(ImageBuffer.Filled(400, 300, Rgba32.White));
        byte[] bytes = kind switch
        {
            "empty" => [],
            "truncated" => png[..(png.Length * 2 / 3)],
            "corrupt" => [.. png[..16], .. Enumerable.Repeat((byte)0x5A, 200)],
            "zero-size" => ZeroSizedPng(),
            "text" => "hello, world"u8.ToArray(),
            _ => png,
        };
        await File.WriteAllBytesAsync(input, bytes);
        var output = _tmp.File($"out-{kind}.png");
        string[] extra = kind == "over-limit" ? ["--max-pixels", "1000"] : [];
        var r = await CliRunner.RunAsync(["remove-background", input, "-o", output, .. extra]);

        Assert.NotEqual(0, r.ExitCode);
        var errorLines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(errorLines);
        Assert.StartsWith("imageai: ", line);
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_tmp.Path, "*.tmp"));
    }

    [Fact]
    public async Task Unsupported_output_format_is_refused_before_any_work()
    {
        var r = await CliRunner.RunAsync("remove-background", Kodak("kodim04.png"), "-o", _tmp.File("out.tiff"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(".png, .jpg or .webp", r.StdErr);
        Assert.Empty(Directory.GetFiles(_tmp.Path));
    }

    [Fact]
    public async Task Missing_input_is_reported()
    {
        var r = await CliRunner.RunAsync("remove-background", _tmp.File("nope.jpg"), "-o", _tmp.File("out.png"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not found", r.StdErr);
    }

    [Fact]
    public async Task Removes_a_background_and_writes_an_rgba_png_of_the_input_size()
    {
        var output = _tmp.File("cutout.png");
        var r = await CliRunner.RunAsync("remove-background", Kodak("kodim04.png"), "-o", output);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("1/1 images", r.StdOut);
        var image = ImageIO.Decode(await File.ReadAllBytesAsync(output));
        Assert.Equal((500, 500), (image.Width, image.Height));
        Assert.False(image.IsOpaque());
    }

    [Fact]
    public async Task A_batch_writes_one_file_per_input_into_the_output_folder()
    {
        var outDir = Path.Combine(_tmp.Path, "out");
        var r = await CliRunner.RunAsync("remove-background", Kodak("kodim04.png"), Kodak("kodim05.png"), "-o", outDir, "--mask-only", "--format", "webp");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Matches(@"2/2 images in [\d.]+ s \(\d+ ms/image\) on CPU", r.StdOut);
        Assert.Equal(["kodim04.webp", "kodim05.webp"], Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }

    [Fact]
    public async Task Solid_background_colour_and_invalid_colour()
    {
        var output = _tmp.File("green.jpg");
        var ok = await CliRunner.RunAsync("remove-background", Kodak("kodim04.png"), "-o", output, "--background", "#00FF00");
        Assert.True(ok.ExitCode == 0, ok.StdErr);
        var img = ImageIO.Decode(await File.ReadAllBytesAsync(output));
        Assert.True(img.Pixels[1] > 200 && img.Pixels[0] < 60, "top-left corner is background, now green");

        var bad = await CliRunner.RunAsync("remove-background", Kodak("kodim04.png"), "-o", _tmp.File("x.png"), "--background", "#12345");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("not a colour", bad.StdErr);
    }

    [Fact]
    public async Task Models_list_shows_the_catalog()
    {
        var r = await CliRunner.RunAsync("models", "list");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("isnet-general", r.StdOut);
        Assert.Contains("MIT", r.StdOut);
    }

    /// <summary>A PNG whose header claims 0x0 pixels (valid signature and chunk layout).</summary>
    private static byte[] ZeroSizedPng()
    {
        var png = ImageIO.Encode(ImageBuffer.Filled(4, 4, Rgba32.White)).ToArray();
        // IHDR data starts at byte 16: width (4 bytes) and height (4 bytes), big-endian.
        for (int i = 16; i < 24; i++) png[i] = 0;
        return png;
    }
}
