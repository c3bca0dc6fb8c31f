using ImageAI.Imaging;
using ImageAI.Tests.Infrastructure;

namespace ImageAI.Tests.Background;

[Collection(SharedEditorCollection.Name)]
public class ConcurrencyTests(SharedEditorFixture fixture)
{
    [Fact]
    public async Task Eight_parallel_removals_through_one_editor_match_sequential_runs()
    {
        var names = Enumerable.Range(1, 8).Select(i => $"kodim{i:00}.png").ToArray();
        var images = names.Select(n => TestData.Load(TestData.Eval("general", "kodak24", n))).ToArray();

        var sequential = new List<byte[]>();
        foreach (var image in images)
            sequential.Add((await fixture.Editor.RemoveBackgroundAsync(image)).Mask!.Pixels.ToArray());

        int loadsBefore = fixture.Editor.Sessions.LoadCount;
        var parallel = await Task.WhenAll(images.Select(image => Task.Run(() => fixture.Editor.RemoveBackgroundAsync(image))));
        for (int i = 0; i < images.Length; i++)
            Assert.True(sequential[i].AsSpan().SequenceEqual(parallel[i].Mask!.Pixels), $"{names[i]}: parallel mask differs from sequential");
        Assert.Equal(loadsBefore, fixture.Editor.Sessions.LoadCount); // one shared session, not one per call
    }
}
