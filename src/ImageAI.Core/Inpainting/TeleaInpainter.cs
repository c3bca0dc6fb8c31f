namespace ImageAI.Inpainting;

/// <summary>
/// Fast-marching inpainting (Telea 2004): the hole is filled from its boundary inwards in order of distance, each
/// pixel being a weighted average of the known pixels within a small radius, weighted by direction (along the
/// distance gradient), distance and level-set closeness. Fast, smooth, good for thin holes such as text strokes.
/// </summary>
internal static class TeleaInpainter
{
    private const byte Known = 0, Band = 1, Inside = 2;

    /// <summary>Fills data where hole is true, in place.</summary>
    public static void Inpaint(float[] data, int width, int height, bool[] hole, int radius, CancellationToken ct)
    {
        int n = width * height;
        var flag = new byte[n];
        var t = new float[n];
        var queue = new PriorityQueue<int, float>();
        for (int i = 0; i < n; i++)
        {
            if (hole[i]) { flag[i] = Inside; t[i] = 1e6f; }
        }
        // The initial band: known pixels next to the hole, at distance 0.
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                if (flag[i] != Known) continue;
                if ((x > 0 && hole[i - 1]) || (x < width - 1 && hole[i + 1]) || (y > 0 && hole[i - width]) || (y < height - 1 && hole[i + width]))
                {
                    flag[i] = Band;
                    queue.Enqueue(i, 0f);
                }
            }

        int processed = 0;
        while (queue.TryDequeue(out int i, out float ti))
        {
            if (flag[i] == Known && ti > 0) continue;
            flag[i] = Known;
            if ((++processed & 4095) == 0) ct.ThrowIfCancellationRequested();
            int x = i % width, y = i / width;
            for (int k = 0; k < 4; k++)
            {
                int nx = x + (k == 0 ? -1 : k == 1 ? 1 : 0), ny = y + (k == 2 ? -1 : k == 3 ? 1 : 0);
                if ((uint)nx >= (uint)width || (uint)ny >= (uint)height) continue;
                int j = ny * width + nx;
                if (flag[j] != Inside) continue;
                float tj = Math.Min(Math.Min(Solve(t, flag, width, height, nx - 1, ny, nx, ny - 1), Solve(t, flag, width, height, nx + 1, ny, nx, ny - 1)),
                                    Math.Min(Solve(t, flag, width, height, nx - 1, ny, nx, ny + 1), Solve(t, flag, width, height, nx + 1, ny, nx, ny + 1)));
                t[j] = tj;
                FillPixel(data, width, height, flag, t, nx, ny, radius);
                flag[j] = Band;
                queue.Enqueue(j, tj);
            }
        }
    }

    private static float Solve(float[] t, byte[] flag, int w, int h, int x1, int y1, int x2, int y2)
    {
        const float Big = 1e6f;
        bool ok1 = (uint)x1 < (uint)w && (uint)y1 < (uint)h && flag[y1 * w + x1] != Inside;
        bool ok2 = (uint)x2 < (uint)w && (uint)y2 < (uint)h && flag[y2 * w + x2] != Inside;
        float t1 = ok1 ? t[y1 * w + x1] : Big, t2 = ok2 ? t[y2 * w + x2] : Big;
        if (ok1 && ok2)
        {
            float r = 2 - (t1 - t2) * (t1 - t2);
            if (r > 0)
            {
                float s = MathF.Sqrt(r);
                float sol = (t1 + t2 - s) / 2;
                if (sol >= t1 && sol >= t2) return sol;
                sol += s;
                if (sol >= t1 && sol >= t2) return sol;
            }
            return Math.Min(t1, t2) + 1;
        }
        if (ok1) return t1 + 1;
        if (ok2) return t2 + 1;
        return Big;
    }

    private static void FillPixel(float[] data, int w, int h, byte[] flag, float[] t, int x, int y, int radius)
    {
        int i = y * w + x;
        // Gradient of the arrival time at (x, y), from known neighbours only.
        float gx = Gradient(t, flag, w, h, x, y, 1, 0), gy = Gradient(t, flag, w, h, x, y, 0, 1);
        float r0 = 0, r1 = 0, r2 = 0, sum = 0;
        int rr = radius * radius;
        for (int dy = -radius; dy <= radius; dy++)
        {
            int qy = y + dy;
            if ((uint)qy >= (uint)h) continue;
            for (int dx = -radius; dx <= radius; dx++)
            {
                int qx = x + dx;
                if ((uint)qx >= (uint)w) continue;
                int d2 = dx * dx + dy * dy;
                if (d2 > rr || d2 == 0) continue;
                int q = qy * w + qx;
                if (flag[q] == Inside) continue;
                float len = MathF.Sqrt(d2);
                float dir = MathF.Abs((-dx * gx - dy * gy) / len);
                if (dir < 1e-6f) dir = 1e-6f;
                float dst = 1f / d2;
                float lev = 1f / (1f + MathF.Abs(t[q] - t[i]));
                float weight = dir * dst * lev;
                int k = q * 3;
                r0 += weight * data[k];
                r1 += weight * data[k + 1];
                r2 += weight * data[k + 2];
                sum += weight;
            }
        }
        if (sum <= 0) return;
        int o = i * 3;
        data[o] = r0 / sum;
        data[o + 1] = r1 / sum;
        data[o + 2] = r2 / sum;
    }

    private static float Gradient(float[] t, byte[] flag, int w, int h, int x, int y, int sx, int sy)
    {
        int ax = x - sx, ay = y - sy, bx = x + sx, by = y + sy;
        bool a = (uint)ax < (uint)w && (uint)ay < (uint)h && flag[ay * w + ax] != Inside;
        bool b = (uint)bx < (uint)w && (uint)by < (uint)h && flag[by * w + bx] != Inside;
        float ti = t[y * w + x];
        if (a && b) return (t[by * w + bx] - t[ay * w + ax]) / 2;
        if (b) return t[by * w + bx] - ti;
        if (a) return ti - t[ay * w + ax];
        return 0;
    }
}
