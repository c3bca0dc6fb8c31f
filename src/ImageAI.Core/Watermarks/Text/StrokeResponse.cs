using System.Buffers;
using System.Numerics.Tensors;
using ImageAI.Imaging;
using ImageAI.Processing;

namespace ImageAI.Watermarks;

/// <summary>
/// Whole-image stroke responses: per pixel the strongest bright (top-hat: value minus its grey-scale opening) and dark
/// (black-hat: closing minus value) response over R, G and B, for a square window of radius r. Thin features narrower
/// than the window answer, smooth photo content does not; a semi-transparent stroke answers in proportion to its
/// opacity and its contrast with the background, so normalised correlation of these maps finds text at any opacity.
/// The arrays are rented from <see cref="ArrayPool{T}.Shared"/>: call <see cref="Dispose"/>.
/// </summary>
internal sealed class StrokeResponse : IDisposable
{
    private float[]? _bright, _dark;

    private StrokeResponse(int width, int height, float[] bright, float[] dark)
    {
        Width = width;
        Height = height;
        _bright = bright;
        _dark = dark;
    }

    /// <summary>Map width.</summary>
    public int Width { get; }

    /// <summary>Map height.</summary>
    public int Height { get; }

    /// <summary>Bright-stroke response (top-hat), row-major, Width*Height values.</summary>
    public Span<float> Bright => (_bright ?? throw new ObjectDisposedException(nameof(StrokeResponse))).AsSpan(0, Width * Height);

    /// <summary>Dark-stroke response (black-hat), row-major, Width*Height values.</summary>
    public Span<float> Dark => (_dark ?? throw new ObjectDisposedException(nameof(StrokeResponse))).AsSpan(0, Width * Height);

    /// <summary>The response of one polarity (+1 bright, -1 dark).</summary>
    public Span<float> Of(int polarity) => polarity > 0 ? Bright : Dark;

    /// <summary>Computes both responses of <paramref name="image"/> with a window of radius <paramref name="radius"/>.</summary>
    public static StrokeResponse Compute(ImageBuffer image, int radius, CancellationToken cancellationToken)
    {
        int w = image.Width, h = image.Height, n = w * h;
        var pool = ArrayPool<float>.Shared;
        float[] bright = pool.Rent(n), dark = pool.Rent(n), plane = pool.Rent(n), a = pool.Rent(n), b = pool.Rent(n);
        try
        {
            bright.AsSpan(0, n).Clear();
            dark.AsSpan(0, n).Clear();
            ReadOnlySpan<byte> px = image.Pixels;
            for (int channel = 0; channel < 3; channel++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (int i = 0; i < n; i++) plane[i] = px[i * 4 + channel];
                var p = plane.AsSpan(0, n);
                // Opening = max(min(.)) -> top-hat; closing = min(max(.)) -> black-hat.
                SquareMinMaxFilter.Apply(plane, a, w, h, radius, max: false);
                SquareMinMaxFilter.Apply(a, b, w, h, radius, max: true);
                TensorPrimitives.Subtract(p, b.AsSpan(0, n), a.AsSpan(0, n));
                TensorPrimitives.Max(bright.AsSpan(0, n), a.AsSpan(0, n), bright.AsSpan(0, n));
                SquareMinMaxFilter.Apply(plane, a, w, h, radius, max: true);
                SquareMinMaxFilter.Apply(a, b, w, h, radius, max: false);
                TensorPrimitives.Subtract(b.AsSpan(0, n), p, a.AsSpan(0, n));
                TensorPrimitives.Max(dark.AsSpan(0, n), a.AsSpan(0, n), dark.AsSpan(0, n));
            }
            var result = new StrokeResponse(w, h, bright, dark);
            bright = dark = null!;
            return result;
        }
        finally
        {
            if (bright is not null) pool.Return(bright);
            if (dark is not null) pool.Return(dark);
            pool.Return(plane); pool.Return(a); pool.Return(b);
        }
    }

    /// <summary>
    /// The responses averaged over factor x factor blocks (the map shrinks to floor(size / factor)); the caller
    /// disposes the result. Factor 1 gives a copy.
    /// </summary>
    public StrokeResponse Pool(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        int w = Width / factor, h = Height / factor;
        var pool = ArrayPool<float>.Shared;
        float[] bright = pool.Rent(Math.Max(1, w * h)), dark = pool.Rent(Math.Max(1, w * h));
        PoolPlane(Bright, bright, factor, w, h);
        PoolPlane(Dark, dark, factor, w, h);
        return new StrokeResponse(w, h, bright, dark);
    }

    private void PoolPlane(ReadOnlySpan<float> src, float[] dst, int factor, int w, int h)
    {
        float scale = 1f / (factor * factor);
        for (int y = 0; y < h; y++)
        {
            var d = dst.AsSpan(y * w, w);
            d.Clear();
            for (int k = 0; k < factor; k++)
            {
                var s = src.Slice((y * factor + k) * Width, Width);
                for (int x = 0; x < w; x++)
                {
                    float sum = 0;
                    for (int j = 0; j < factor; j++) sum += s[x * factor + j];
                    d[x] += sum;
                }
            }
            TensorPrimitives.Multiply(d, scale, d);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_bright is not null) ArrayPool<float>.Shared.Return(_bright);
        if (_dark is not null) ArrayPool<float>.Shared.Return(_dark);
        _bright = _dark = null;
    }
}
