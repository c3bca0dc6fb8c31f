using ImageAI.Imaging;
using ImageAI.Morphology;

namespace ImageAI.Watermarks;

/// <summary>
/// A detected text region: a rotated rectangle in image pixels (centre, size, angle of its <see cref="Width"/> axis
/// in degrees, clockwise because image y points down) with the detector's box score.
/// </summary>
/// <param name="CenterX">Centre x in pixels.</param>
/// <param name="CenterY">Centre y in pixels.</param>
/// <param name="Width">Length along the text direction (the longer side).</param>
/// <param name="Height">Thickness across the text direction.</param>
/// <param name="Angle">Angle of the width axis in degrees, in (-90, 90].</param>
/// <param name="Score">Mean text probability inside the detected kernel, 0..1.</param>
public readonly record struct TextRegion(float CenterX, float CenterY, float Width, float Height, float Angle, float Score)
{
    /// <summary>The four corners, clockwise from the top-left end of the width axis.</summary>
    public (float X, float Y)[] Corners()
    {
        double t = Angle * Math.PI / 180;
        float ux = (float)Math.Cos(t), uy = (float)Math.Sin(t);
        float hw = Width / 2, hh = Height / 2;
        return
        [
            (CenterX - ux * hw + uy * hh, CenterY - uy * hw - ux * hh),
            (CenterX + ux * hw + uy * hh, CenterY + uy * hw - ux * hh),
            (CenterX + ux * hw - uy * hh, CenterY + uy * hw + ux * hh),
            (CenterX - ux * hw - uy * hh, CenterY - uy * hw + ux * hh),
        ];
    }

    /// <summary>The axis-aligned box around the region, rounded outwards (not clipped to the image).</summary>
    public PixelRect Bounds
    {
        get
        {
            var c = Corners();
            float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
            foreach (var (x, y) in c)
            {
                x0 = Math.Min(x0, x); y0 = Math.Min(y0, y);
                x1 = Math.Max(x1, x); y1 = Math.Max(y1, y);
            }
            int l = (int)MathF.Floor(x0), t = (int)MathF.Floor(y0);
            return new PixelRect(l, t, (int)MathF.Ceiling(x1) - l, (int)MathF.Ceiling(y1) - t);
        }
    }

    /// <summary>Whether the pixel centre (x + 0.5, y + 0.5) lies inside the region grown by <paramref name="margin"/> pixels on every side.</summary>
    public bool Contains(int x, int y, float margin = 0)
    {
        double t = Angle * Math.PI / 180;
        float dx = x + 0.5f - CenterX, dy = y + 0.5f - CenterY;
        float u = (float)(dx * Math.Cos(t) + dy * Math.Sin(t)), v = (float)(-dx * Math.Sin(t) + dy * Math.Cos(t));
        return Math.Abs(u) <= Width / 2 + margin && Math.Abs(v) <= Height / 2 + margin;
    }

    /// <summary>Sets the pixels of <paramref name="mask"/> inside the region grown by <paramref name="margin"/> to <paramref name="value"/>.</summary>
    public void Paint(GrayImage mask, byte value, float margin = 0)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var b = Grow(margin).Bounds.Inflate(0, mask.Width, mask.Height);
        for (int y = b.Y; y < b.Y + b.Height; y++)
            for (int x = b.X; x < b.X + b.Width; x++)
                if (Contains(x, y, margin)) mask.Pixels[y * mask.Width + x] = value;
    }

    /// <summary>The unit vector along the width axis (the text's direction).</summary>
    public (float X, float Y) Axis
    {
        get
        {
            double t = Angle * Math.PI / 180;
            return ((float)Math.Cos(t), (float)Math.Sin(t));
        }
    }

    /// <summary>A box of this region's height and angle, <paramref name="width"/> long, centred <paramref name="along"/> pixels from this one's centre along its width axis (a part of its line, or the line continued).</summary>
    public TextRegion Along(float along, float width)
    {
        var (ux, uy) = Axis;
        return this with { CenterX = CenterX + along * ux, CenterY = CenterY + along * uy, Width = width };
    }

    /// <summary>The same region grown by <paramref name="margin"/> pixels on every side.</summary>
    public TextRegion Grow(float margin) => this with { Width = Width + 2 * margin, Height = Height + 2 * margin };

    /// <inheritdoc />
    public override string ToString() => $"text ({CenterX:F0},{CenterY:F0}) {Width:F0}x{Height:F0} @{Angle:F0}° score {Score:F2}";
}
