using ImageAI.Blending;
using ImageAI.Imaging;

namespace ImageAI.Tests.Faces;

public sealed class SeamlessCloneTests
{
    /// <summary>A textured source with values well inside 0..255 so an offset does not clip.</summary>
    private static ImageBuffer Texture(int w, int h, int seed)
    {
        var rng = new Random(seed);
        var img = new ImageBuffer(w, h);
        var px = img.Pixels;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int p = (y * w + x) * 4;
                px[p] = (byte)(80 + 40 * Math.Sin(x * 0.07) + rng.Next(10));
                px[p + 1] = (byte)(100 + 30 * Math.Cos(y * 0.05) + rng.Next(10));
                px[p + 2] = (byte)(90 + 20 * Math.Sin((x + y) * 0.03));
                px[p + 3] = 255;
            }
        return img;
    }

    private static GrayImage Ellipse(int w, int h, float cx, float cy, float rx, float ry)
    {
        var m = new GrayImage(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (Math.Pow((x - cx) / rx, 2) + Math.Pow((y - cy) / ry, 2) <= 1) m.Pixels[y * w + x] = 255;
        return m;
    }

    [Theory]
    [InlineData(SeamlessCloneMode.Normal)]
    [InlineData(SeamlessCloneMode.MixedGradients)]
    public void Constant_offset_patch_is_reproduced_exactly(SeamlessCloneMode mode)
    {
        // Destination = source + (30, -20, 10) around the mask; inside the mask it is something else entirely.
        // The exact solution is source + offset inside the mask (same Laplacian, same boundary values). In mixed mode the
        // destination's own gradients compete, so there its interior is left as source + offset (equal gradients).
        const int w = 200, h = 160;
        var src = Texture(w, h, 1);
        var dst = src.Clone();
        var mask = Ellipse(w, h, 100, 80, 70, 55);
        int[] offset = [30, -20, 10];
        var px = dst.Pixels;
        for (int i = 0; i < px.Length; i += 4)
            for (int c = 0; c < 3; c++) px[i + c] = (byte)(px[i + c] + offset[c]);
        var truth = dst.Clone();
        var m = mask.Pixels;
        var rng = new Random(9);
        for (int i = 0; i < m.Length && mode == SeamlessCloneMode.Normal; i++)
            if (m[i] != 0) { px[i * 4] = (byte)rng.Next(256); px[i * 4 + 1] = (byte)rng.Next(256); px[i * 4 + 2] = 0; }

        var report = SeamlessClone.Clone(src, dst, mask, mode);

        Assert.True(report.FinalResidual < 1e-3, $"RMS residual {report.FinalResidual}");
        // The solver starts from the source shifted by the mean boundary offset, which for a constant offset is
        // already the answer: it must see that and not move away from it.
        Assert.True(report.Cycles <= 1, $"{report.Cycles} cycles for an answer known from the start");
        int maxError = 0;
        for (int i = 0; i < px.Length; i++) maxError = Math.Max(maxError, Math.Abs(px[i] - truth.Pixels[i]));
        Assert.True(maxError <= 1, $"max error {maxError}");
    }

    [Fact]
    public void Linear_ramp_offset_is_harmonic_and_reproduced()
    {
        // A linear function is harmonic: destination = source + ramp gives source + ramp inside.
        const int w = 180, h = 150;
        var src = Texture(w, h, 2);
        var dst = new ImageBuffer(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int p = (y * w + x) * 4;
                for (int c = 0; c < 3; c++) dst.Pixels[p + c] = (byte)Math.Round(Math.Clamp(src.Pixels[p + c] + 0.2 * x - 0.1 * y, 0, 255));
                dst.Pixels[p + 3] = 255;
            }
        // Exact answer in floating point (before the destination's own rounding at the boundary).
        var mask = Ellipse(w, h, 90, 75, 60, 50);
        var result = dst.Clone();
        var report = SeamlessClone.Clone(src, result, mask);
        Assert.True(report.FinalResidual < 1e-3);
        // A ramp is not removed by the mean-offset start: the solver has real work to do here.
        Assert.True(report.InitialResidual > 0.05 && report.Cycles >= 2, $"initial residual {report.InitialResidual}, {report.Cycles} cycles");
        double maxError = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                if (mask.Pixels[y * w + x] == 0) continue;
                int p = (y * w + x) * 4;
                for (int c = 0; c < 3; c++) maxError = Math.Max(maxError, Math.Abs(result.Pixels[p + c] - (src.Pixels[p + c] + 0.2 * x - 0.1 * y)));
            }
        // Boundary values were rounded to bytes (error <= 0.5); the solution is a harmonic average of them (error <= 0.5)
        // and is rounded again on output (<= 0.5): at most 1 grey level, where the solver's own error is below 1e-3.
        Assert.True(maxError <= 1.0 + 1e-6, $"max error {maxError}");
    }

    [Fact]
    public void Solver_iterations_do_not_grow_with_region_size()
    {
        // Multigrid preconditioning: the iteration count stays flat from 64x64 to 512x512 (plain relaxation would need
        // thousands of sweeps at 512). Wall-clock speed is measured by the seamless-clone harness and the
        // FaceBenchmarks.SeamlessClone512 benchmark, not here: the test machine is shared and timings are noisy.
        var iterations = new List<int>();
        foreach (int side in new[] { 64, 512 })
        {
            int size = side + 8;
            var src = Texture(size, size, 4);
            var dst = Texture(size, size, 5);
            var mask = new GrayImage(size, size);
            for (int y = 4; y < 4 + side; y++) mask.GetRow(y)[4..(4 + side)].Fill(255);
            var report = SeamlessClone.Clone(src, dst, mask);
            Assert.Equal(side * side, report.Unknowns);
            Assert.True(report.FinalResidual < 1e-3, $"RMS residual {report.FinalResidual}");
            iterations.Add(report.Cycles);
        }
        Assert.True(iterations[1] <= 12, $"{iterations[1]} iterations at 512");
        Assert.True(iterations[1] <= iterations[0] + 4, $"iterations {iterations[0]} -> {iterations[1]}");
    }

    [Fact]
    public void Feather_weights_fall_from_one_inside_to_zero_outside()
    {
        var mask = new GrayImage(100, 100);
        for (int y = 20; y < 80; y++) mask.GetRow(y)[20..80].Fill(255);
        var weights = FeatherBlend.Weights(mask, 6);
        Assert.True(weights[50 * 100 + 50] > 0.99f);
        Assert.True(weights[50 * 100 + 5] < 0.01f);
        Assert.True(weights[50 * 100 + 20] is > 0.0f and < 0.5f);
        var a = ImageBuffer.Filled(100, 100, new Rgba32(200, 10, 30, 255));
        var b = ImageBuffer.Filled(100, 100, new Rgba32(0, 0, 0, 128));
        FeatherBlend.Blend(a, b, weights);
        Assert.Equal(new byte[] { 200, 10, 30, 128 }, b.GetRow(50).Slice(50 * 4, 4).ToArray());
        Assert.Equal(new byte[] { 0, 0, 0, 128 }, b.GetRow(50).Slice(2 * 4, 4).ToArray());
    }
}
