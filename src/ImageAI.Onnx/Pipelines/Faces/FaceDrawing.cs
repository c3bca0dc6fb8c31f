using ImageAI.Faces;
using ImageAI.Imaging;

namespace ImageAI.Onnx.Pipelines.Faces;

/// <summary>Draws face boxes and landmarks onto an image copy (for inspection and the CLI's <c>detect-faces -o</c>).</summary>
internal static class FaceDrawing
{
    private static readonly Rgba32[] LandmarkColours =
        [new(255, 0, 0), new(0, 0, 255), new(0, 255, 0), new(255, 0, 255), new(0, 255, 255)];

    public static ImageBuffer Draw(ImageBuffer image, IReadOnlyList<DetectedFace> faces)
    {
        var canvas = image.Clone();
        int thickness = Math.Max(1, Math.Min(image.Width, image.Height) / 300);
        foreach (var face in faces)
        {
            int x0 = (int)face.Box.X, y0 = (int)face.Box.Y, x1 = (int)(face.Box.X + face.Box.Width), y1 = (int)(face.Box.Y + face.Box.Height);
            var green = new Rgba32(0, 255, 0);
            for (int t = 0; t < thickness; t++)
            {
                Line(canvas, x0, y0 + t, x1, y0 + t, green); Line(canvas, x0, y1 - t, x1, y1 - t, green);
                Line(canvas, x0 + t, y0, x0 + t, y1, green); Line(canvas, x1 - t, y0, x1 - t, y1, green);
            }
            int r = Math.Max(2, (int)(face.Box.Width / 40));
            for (int k = 0; k < face.Landmarks.Count && k < LandmarkColours.Length; k++)
                for (int dy = -r; dy <= r; dy++)
                    for (int dx = -r; dx <= r; dx++)
                        if (dx * dx + dy * dy <= r * r) Set(canvas, (int)face.Landmarks[k].X + dx, (int)face.Landmarks[k].Y + dy, LandmarkColours[k]);
        }
        return canvas;
    }

    private static void Line(ImageBuffer img, int x0, int y0, int x1, int y1, Rgba32 c)
    {
        if (y0 == y1) for (int x = Math.Min(x0, x1); x <= Math.Max(x0, x1); x++) Set(img, x, y0, c);
        else for (int y = Math.Min(y0, y1); y <= Math.Max(y0, y1); y++) Set(img, x0, y, c);
    }

    private static void Set(ImageBuffer img, int x, int y, Rgba32 c)
    {
        if ((uint)x >= (uint)img.Width || (uint)y >= (uint)img.Height) return;
        var p = img.GetRow(y).Slice(x * 4, 4);
        p[0] = c.R; p[1] = c.G; p[2] = c.B; p[3] = 255;
    }
}
