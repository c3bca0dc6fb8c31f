using ImageAI.Faces;
using ImageAI.Geometry;
using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Pipelines.Faces;
using ImageAI.Operations;
using ImageAI.Tests.Infrastructure;
using static ImageAI.Tests.Faces.OnnxModelWriter;

namespace ImageAI.Tests.Faces;

[Collection(SharedEditorCollection.Name)]
public sealed class FaceEnhancementTests(SharedEditorFixture fixture)
{
    private OnnxImageEditor Editor => fixture.Editor;

    private static ImageBuffer Whole(string name) => TestData.Load(TestData.Eval("faces", "codeformer-inputs", "whole_imgs", name));

    /// <summary>A CodeFormer-contract stand-in: y = x * w on a [1,3,512,512] face in -1..1.</summary>
    private static string WriteFidelityStandIn(TempFolder folder)
    {
        var path = folder.File("codeformer-standin.onnx");
        File.WriteAllBytes(path, Build(
            [new Tensor("x", [1, 3, 512, 512]), new Tensor("w", [1])],
            [new Tensor("y", [1, 3, 512, 512])],
            [new Node("Mul", ["x", "w"], ["y"])]));
        return path;
    }

    [Fact]
    public async Task Detects_every_face_with_plausible_landmarks()
    {
        var image = Whole("01.jpg");
        var faces = await Editor.DetectFacesAsync(image);
        Assert.Equal(4, faces.Count);
        foreach (var f in faces)
        {
            Assert.True(f.Score >= 0.6f);
            Assert.Equal(5, f.Landmarks.Count);
            foreach (var p in f.Landmarks)
                Assert.True(p.X >= f.Box.X && p.X <= f.Box.X + f.Box.Width && p.Y >= f.Box.Y && p.Y <= f.Box.Y + f.Box.Height, $"{p} outside {f.Box}");
            // Image-left eye first, eyes above the nose, nose above the mouth.
            Assert.True(f.Landmarks[0].X < f.Landmarks[1].X);
            Assert.True(f.Landmarks[3].X < f.Landmarks[4].X);
            Assert.True(f.Landmarks[2].Y > f.Landmarks[0].Y && f.Landmarks[3].Y > f.Landmarks[2].Y);
        }
        Assert.True(faces[0].Box.Area >= faces[^1].Box.Area, "largest first");
    }

    [Fact]
    public async Task RetinaFace_finds_the_same_faces_as_YuNet()
    {
        var image = Whole("02.png");
        var yunet = await Editor.DetectFacesAsync(image);
        var retina = await Editor.DetectFacesAsync(image, new DetectFaces { ModelId = "retinaface-mbnet0.25" });
        Assert.Equal(4, yunet.Count);
        Assert.Equal(yunet.Count, retina.Count);
        foreach (var f in yunet)
        {
            var match = retina.MaxBy(r => r.Box.IoU(f.Box))!;
            Assert.True(match.Box.IoU(f.Box) > 0.5f);
            // Eyes agree within a tenth of the face size.
            Assert.True(Math.Abs(match.Landmarks[0].X - f.Landmarks[0].X) < f.Size / 10);
        }
    }

    [Fact]
    public async Task No_faces_gives_a_warning_not_an_exception()
    {
        var grey = ImageBuffer.Filled(200, 150, new Rgba32(120, 120, 120));
        var result = await Editor.EnhanceFacesAsync(grey, new EnhanceFaces { Scale = 2 });
        var report = result.GetDetails<FaceEnhancementReport>()!;
        Assert.Empty(report.Faces);
        Assert.Contains(result.Warnings, w => w.Contains("No faces"));
        Assert.Equal(400, result.Image.Width);
        Assert.Equal(300, result.Image.Height);
    }

    [Fact]
    public async Task Face_network_contract_maps_rgb_and_fidelity_and_keeps_the_rest_and_alpha()
    {
        using var folder = TestData.TempFolder();
        var model = WriteFidelityStandIn(folder);
        var image = Whole("03.jpg");
        // A translucent alpha must survive; a coloured background must not swap channels.
        var px = image.PixelArray;
        for (int i = 3; i < px.Length; i += 4) px[i] = 200;
        var result = await Editor.EnhanceFacesAsync(image, new EnhanceFaces { ModelId = model, Fidelity = 0.5f });
        var report = result.GetDetails<FaceEnhancementReport>()!;
        Assert.Equal(1, report.EnhancedCount);
        Assert.Contains(result.Models, m => m.Id == Path.GetFileName(model));
        var face = report.Faces[0].Face;
        // y = x * 0.5 in -1..1 means pixel -> pixel / 2 + 63.75, per channel in RGB order.
        var nose = face.Landmarks[2];
        int p = ((int)nose.Y * image.Width + (int)nose.X) * 4;
        for (int c = 0; c < 3; c++)
            Assert.InRange(result.Image.Pixels[p + c], image.Pixels[p + c] / 2.0 + 63.75 - 8, image.Pixels[p + c] / 2.0 + 63.75 + 8);
        Assert.True(Math.Abs(result.Image.Pixels[p] - result.Image.Pixels[p + 2]) > 3 || Math.Abs(image.Pixels[p] - image.Pixels[p + 2]) <= 6);
        // Far from the face nothing changes; alpha is kept everywhere.
        Assert.Equal(image.Pixels.Slice(0, 4).ToArray(), result.Image.Pixels.Slice(0, 4).ToArray());
        for (int i = 3; i < px.Length; i += 4) Assert.Equal(200, result.Image.Pixels[i]);
    }

    [Fact]
    public async Task Restoration_model_with_the_wrong_contract_is_rejected()
    {
        using var folder = TestData.TempFolder();
        var path = folder.File("wrong.onnx");
        File.WriteAllBytes(path, Build([new Tensor("input", [1, 1, 64, 64])], [new Tensor("output", [1, 1, 64, 64])], [new Node("Identity", ["input"], ["output"])]));
        await Assert.ThrowsAsync<ModelContractException>(() => Editor.EnhanceFacesAsync(Whole("03.jpg"), new EnhanceFaces { ModelId = path }));
        // A detector is not a restorer either.
        await Assert.ThrowsAsync<ModelContractException>(() => Editor.EnhanceFacesAsync(Whole("03.jpg"), new EnhanceFaces { ModelId = "yunet" }));
        // A face network whose output is not an image of the input's size (Transpose without perm reverses the axes).
        var reversed = folder.File("reversed.onnx");
        File.WriteAllBytes(reversed, Build([new Tensor("input", [1, 3, 512, 512])], [new Tensor("output", [512, 512, 3, 1])],
            [new Node("Transpose", ["input"], ["output"])]));
        var ex = await Assert.ThrowsAsync<ModelContractException>(() => Editor.EnhanceFacesAsync(Whole("03.jpg"), new EnhanceFaces { ModelId = reversed }));
        Assert.Contains("returned shape", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(8.5)]
    public async Task Invalid_scale_is_an_argument_error(double scale)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Editor.EnhanceFacesAsync(Whole("03.jpg"), new EnhanceFaces { Scale = scale }));
    }

    [Theory]
    [InlineData(FaceBlendMode.Feather)]
    [InlineData(FaceBlendMode.Seamless)]
    public async Task Default_model_enhances_at_x2_without_a_colour_shift_at_the_boundary(FaceBlendMode blend)
    {
        var image = Whole("04.jpg");
        var result = await Editor.EnhanceFacesAsync(image, new EnhanceFaces { Scale = 2, Blend = blend });
        var report = result.GetDetails<FaceEnhancementReport>()!;
        Assert.Equal(1, report.EnhancedCount);
        Assert.Equal("realesr-general-x4v3", report.Restorer);
        // The canvas the face is pasted onto: the same image through the general upscaler.
        var canvas = (await Editor.EditAsync(image, new Upscale { Scale = 2 })).Image;
        Assert.Equal((canvas.Width, canvas.Height), (result.Image.Width, result.Image.Height));
        var toTemplate = report.Faces[0].OutputToTemplate!.Value;
        // Mean colour in the feather ring vs the upscaled background: under 2/255.
        double ring = Ring(result.Image, canvas, toTemplate);
        Assert.True(ring < 2.0, $"ring colour difference {ring:0.00}");
        var bicubic = Processing.Resampler.Resize(image, result.Image.Width, result.Image.Height);
        // The face itself did change (sharper than bicubic).
        var centre = toTemplate.Invert().Apply(new PointF2(256, 300));
        double diff = 0;
        for (int dy = -10; dy <= 10; dy++)
            for (int dx = -10; dx <= 10; dx++)
            {
                int p = (((int)centre.Y + dy) * result.Image.Width + (int)centre.X + dx) * 4;
                diff += Math.Abs(result.Image.Pixels[p + 1] - bicubic.Pixels[p + 1]);
            }
        Assert.True(diff / 441 > 1, $"mean change {diff / 441:0.00}");
    }

    private static double Ring(ImageBuffer a, ImageBuffer b, AffineTransform toTemplate)
    {
        double[] sum = new double[3];
        long n = 0;
        for (int y = 0; y < a.Height; y++)
            for (int x = 0; x < a.Width; x++)
            {
                var t = toTemplate.Apply(new PointF2(x, y));
                float d = Math.Min(Math.Min(t.X, t.Y), Math.Min(511 - t.X, 511 - t.Y));
                if (d < 10 || d > 51) continue;
                int p = (y * a.Width + x) * 4;
                for (int c = 0; c < 3; c++) sum[c] += a.Pixels[p + c] - b.Pixels[p + c];
                n++;
            }
        return sum.Max(s => Math.Abs(s)) / Math.Max(1, n);
    }

    [Fact]
    public async Task Cancellation_stops_the_operation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Editor.EnhanceFacesAsync(Whole("03.jpg"), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Cancellation_between_faces_stops_before_the_next_face()
    {
        using var cts = new CancellationTokenSource();
        var stages = new List<string>();
        // Cancel synchronously when the first face is about to be restored.
        var progress = new SyncProgress(p =>
        {
            stages.Add($"{p.Stage}:{p.Current}");
            if (p.Stage == "restore" && p.Current == 1) cts.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Editor.EnhanceFacesAsync(Whole("01.jpg"), new EnhanceFaces(), progress, cts.Token));
        Assert.Contains("restore:0", stages);
        Assert.DoesNotContain("restore:2", stages);
    }

    private sealed class SyncProgress(Action<ImageEditProgress> report) : IProgress<ImageEditProgress>
    {
        public void Report(ImageEditProgress value) => report(value);
    }

    [Fact]
    public void Selection_honours_minimum_size_largest_and_indices()
    {
        DetectedFace Face(float size) => new(new FaceBox(0, 0, size, size), [new(1, 1), new(2, 1), new(1.5f, 2), new(1, 3), new(2, 3)], 0.9f);
        DetectedFace[] faces = [Face(100), Face(60), Face(10)];
        Assert.Equal([0, 1], FaceEnhancementPipeline.Select(faces, new EnhanceFaces()).Order());
        Assert.Equal([0], FaceEnhancementPipeline.Select(faces, new EnhanceFaces { OnlyLargest = true }));
        Assert.Equal([1], FaceEnhancementPipeline.Select(faces, new EnhanceFaces { FaceIndices = [1, 2] }));
        Assert.Equal([1, 2], FaceEnhancementPipeline.Select(faces, new EnhanceFaces { FaceIndices = [1, 2], MinFaceSize = 0 }).Order());
    }
}
