using ImageAI.Geometry;
using ImageAI.Imaging;

namespace ImageAI.Tests.Faces;

public sealed class GeometryTests
{
    [Fact]
    public void Estimate_recovers_an_exact_similarity()
    {
        var truth = new AffineTransform(1.5 * Math.Cos(0.3), -1.5 * Math.Sin(0.3), 20, 1.5 * Math.Sin(0.3), 1.5 * Math.Cos(0.3), -7);
        PointF2[] src = [new(10, 20), new(50, 22), new(30, 40), new(15, 60), new(48, 61)];
        var dst = src.Select(truth.Apply).ToArray();
        var est = SimilarityTransform.Estimate(src, dst);
        Assert.Equal(truth.A, est.A, 5);
        Assert.Equal(truth.B, est.B, 5);
        Assert.Equal(truth.C, est.C, 3);
        Assert.Equal(truth.D, est.D, 5);
        Assert.Equal(truth.F, est.F, 3);
        Assert.Equal(1.5, est.Scale, 5);
    }

    [Fact]
    public void Estimate_is_the_least_squares_fit_under_noise()
    {
        var rng = new Random(3);
        var truth = new AffineTransform(0.8, -0.2, 5, 0.2, 0.8, 9);
        var src = Enumerable.Range(0, 40).Select(_ => new PointF2(rng.NextSingle() * 100, rng.NextSingle() * 100)).ToArray();
        var dst = src.Select(p => truth.Apply(p)).Select(p => new PointF2(p.X + (rng.NextSingle() - 0.5f), p.Y + (rng.NextSingle() - 0.5f))).ToArray();
        var est = SimilarityTransform.Estimate(src, dst);
        double Cost(AffineTransform t) => src.Select((p, i) => { var q = t.Apply(p); return Math.Pow(q.X - dst[i].X, 2) + Math.Pow(q.Y - dst[i].Y, 2); }).Sum();
        double best = Cost(est);
        // Any small perturbation of the similarity parameters must not lower the cost.
        foreach (var (da, db) in new[] { (1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3) })
            Assert.True(Cost(est with { A = est.A + da, E = est.E + da, B = est.B - db, D = est.D + db }) >= best);
        Assert.True(Cost(est with { C = est.C + 0.05 }) >= best);
        Assert.Equal(0.8, est.A, 1);
    }

    [Fact]
    public void Invert_and_compose_give_the_identity()
    {
        var t = new AffineTransform(1.2, 0.4, 3, -0.4, 1.2, -8);
        var id = t.Invert().After(t);
        Assert.Equal(1, id.A, 9); Assert.Equal(0, id.B, 9); Assert.Equal(0, id.C, 9);
        Assert.Equal(0, id.D, 9); Assert.Equal(1, id.E, 9); Assert.Equal(0, id.F, 9);
    }

    [Fact]
    public void Estimate_rejects_degenerate_input()
    {
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Estimate([new(1, 1), new(1, 1)], [new(0, 0), new(3, 3)]));
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Estimate([new(1, 1)], [new(0, 0)]));
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Estimate([new(1, 1), new(2, 2)], [new(0, 0)]));
    }

    [Fact]
    public void Warp_translation_by_whole_pixels_is_exact_and_replicates_the_border()
    {
        var img = new ImageBuffer(8, 6);
        var px = img.Pixels;
        for (int i = 0; i < px.Length; i += 4) { px[i] = (byte)(i / 4 * 5); px[i + 1] = (byte)(i / 4); px[i + 2] = 7; px[i + 3] = 255; }
        // destination (x, y) samples source (x + 2, y - 1)
        var warped = AffineWarp.Warp(img, new AffineTransform(1, 0, 2, 0, 1, -1), 8, 6);
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 8; x++)
            {
                int sx = Math.Clamp(x + 2, 0, 7), sy = Math.Clamp(y - 1, 0, 5);
                Assert.Equal(img.GetRow(sy)[sx * 4], warped.GetRow(y)[x * 4]);
                Assert.Equal(img.GetRow(sy)[sx * 4 + 1], warped.GetRow(y)[x * 4 + 1]);
            }
    }

    [Fact]
    public void Warp_half_pixel_shift_interpolates_bilinearly_and_keeps_channel_order()
    {
        var img = new ImageBuffer(2, 1, [0, 100, 200, 255, 100, 0, 50, 255]);
        var warped = AffineWarp.Warp(img, new AffineTransform(1, 0, 0.5, 0, 1, 0), 1, 1);
        Assert.Equal([50, 50, 125, 255], warped.Pixels.ToArray());
        var mask = new GrayImage(2, 1, [0, 200]);
        Assert.Equal(100, AffineWarp.Warp(mask, new AffineTransform(1, 0, 0.5, 0, 1, 0), 1, 1).Pixels[0]);
    }
}
