using ImageAI.Imaging;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// A stroke mask measured over one text line's box (grown by 2 px): its pixels in the line's core band (under 0.4 of the
/// half height from the axis) and margins (0.8 and out), and against the true text.
/// </summary>
internal readonly record struct LineBands(int Core, int CoreOn, int Margin, int MarginOn, int On, int OnText, int Text, int TextOn)
{
    public double CoreDensity => (double)CoreOn / Math.Max(1, Core);

    public double MarginDensity => (double)MarginOn / Math.Max(1, Margin);

    public static LineBands Measure(TextRegion line, GrayImage strokes, GrayImage truth)
    {
        var grown = line.Grow(2);
        double angle = line.Angle * Math.PI / 180;
        float ux = (float)Math.Cos(angle), uy = (float)Math.Sin(angle);
        int core = 0, coreOn = 0, margin = 0, marginOn = 0, on = 0, onText = 0, text = 0, textOn = 0;
        for (int p = 0; p < truth.Pixels.Length; p++)
        {
            int x = p % truth.Width, y = p / truth.Width;
            if (!grown.Contains(x, y)) continue;
            bool stroke = strokes.Pixels[p] >= 128, isText = truth.Pixels[p] != 0;
            if (stroke) { on++; if (isText) onText++; }
            if (isText) { text++; if (stroke) textOn++; }
            float across = Math.Abs(-(x + 0.5f - line.CenterX) * uy + (y + 0.5f - line.CenterY) * ux) / (line.Height / 2 + 2);
            if (across < 0.4f) { core++; if (stroke) coreOn++; }
            else if (across >= 0.8f) { margin++; if (stroke) marginOn++; }
        }
        return new LineBands(core, coreOn, margin, marginOn, on, onText, text, textOn);
    }
}
