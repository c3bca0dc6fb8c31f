using ImageAI.Onnx.Models;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Upscaling;

/// <summary>The super-resolution catalog entries: default, scale parameters, licences and mirror files.</summary>
public sealed class UpscaleCatalogTests
{
    [Theory]
    [InlineData("realesr-general-x4v3", "4", "BSD-3-Clause")]
    [InlineData("RealESRGAN_x4plus", "4", "BSD-3-Clause")]
    [InlineData("realesr-animevideov3-x4", "4", "BSD-3-Clause")]
    [InlineData("4xLSDIRCompactN3", "4", "CC-BY-4.0")]
    [InlineData("sub_pixel_cnn_x3", "3", "MIT")]
    public void EntriesDeclareScaleLicenceAndAMirrorFile(string id, string scale, string licence)
    {
        var entry = ModelCatalog.Default.Get(id);
        Assert.Equal("super-resolution", entry.Task);
        Assert.Equal(scale, entry.Parameters["scale"]);
        Assert.True(long.Parse(entry.Parameters["workingBytesPerPixel"]) > 0);
        Assert.Equal(licence, entry.Licence);
        var mirror = Assert.Single(entry.Sources, s => s.Type == "mirror");
        var file = new FileInfo(TestData.Model(mirror.Path!));
        Assert.True(file.Exists, file.FullName);
        Assert.Equal(entry.Size, file.Length);
    }

    [Fact]
    public void TheDefaultIsTheCompactGeneralModel() =>
        Assert.Equal("realesr-general-x4v3", ModelCatalog.Default.DefaultFor("super-resolution").Id);
}
