using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Operations;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Matting;

[Collection(SharedEditorCollection.Name)]
public class BackgroundPipelineTests(SharedEditorFixture fixture)
{
    private static ImageBuffer Photo() => TestData.Load(TestData.Eval("general", "kodak24", "kodim20.png"));

    [Fact]
    public async Task ReplaceBackground_At512WithGuidedRefinement_KeepsSizeAndPutsTheColourBehind()
    {
        var image = Photo();
        var colour = new Rgba32(0, 200, 0);
        var result = await fixture.Editor.EditAsync(new ImageEditRequest(image, new ReplaceBackground
        {
            Background = new SolidFill(colour),
            ModelResolution = 512,
            Refinement = MaskRefinement.GuidedFilter,
        }));
        Assert.Equal((image.Width, image.Height), (result.Image.Width, result.Image.Height));
        Assert.True(result.Image.IsOpaque());
        var mask = result.Mask!;
        int background = 0, subject = 0;
        for (int i = 0; i < mask.Pixels.Length; i++)
        {
            if (mask.Pixels[i] == 0)
            {
                background++;
                Assert.Equal(colour.PackedLittleEndian, BitConverter.ToUInt32(result.Image.Pixels.Slice(4 * i, 4)));
            }
            else if (mask.Pixels[i] == 255)
            {
                subject++;
                Assert.Equal(BitConverter.ToUInt32(image.Pixels.Slice(4 * i, 4)), BitConverter.ToUInt32(result.Image.Pixels.Slice(4 * i, 4)));
            }
        }
        Assert.True(background > 1000 && subject > 1000, $"background {background}, subject {subject}");
    }

    [Fact]
    public async Task RemoveBackground_CropToSubject_ReturnsTheSubjectBoxPlusMargin()
    {
        var image = Photo();
        var result = await fixture.Editor.EditAsync(new ImageEditRequest(image, new RemoveBackground
        {
            ModelResolution = 512,
            Refinement = MaskRefinement.GuidedFilter,
            EstimateForeground = true,
            CropToSubject = true,
            CropMargin = 4,
        }));
        Assert.True(result.Image.Width < image.Width || result.Image.Height < image.Height);
        Assert.Equal((result.Image.Width, result.Image.Height), (result.Mask!.Width, result.Mask.Height));
        Assert.True(result.Timings.ContainsKey("refine") && result.Timings.ContainsKey("foreground"));
    }
}
