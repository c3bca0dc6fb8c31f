namespace ImageAI.Blending;

/// <summary>
/// Splits a grid's rows into one band per core for sweeps whose rows are independent (a red-black colour, a residual,
/// a restriction). Small grids run inline: below a few tens of thousands of pixels, waking threads costs more than the
/// sweep. Results never depend on the band count, because every sweep writes each row from one thread and reductions
/// are summed per row, then over rows in order.
/// </summary>
internal static class RowBands
{
    private const int MinPixelsPerBand = 32_768;

    /// <summary>Runs <paramref name="body"/>(firstRow, endRow) over rows [<paramref name="first"/>, <paramref name="end"/>).</summary>
    public static void For(int first, int end, int width, Action<int, int> body)
    {
        int rows = end - first;
        if (rows <= 0) return;
        int bands = Math.Clamp(Math.Min(Environment.ProcessorCount, (int)((long)rows * width / MinPixelsPerBand)), 1, rows);
        if (bands == 1)
        {
            body(first, end);
            return;
        }
        Parallel.For(0, bands, band => body(first + (int)((long)rows * band / bands), first + (int)((long)rows * (band + 1) / bands)));
    }
}
