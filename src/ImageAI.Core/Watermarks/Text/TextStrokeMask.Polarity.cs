namespace ImageAI.Watermarks;

/// <summary>The text's polarity (light or dark strokes) for a line and its chunks.</summary>
public static partial class TextStrokeMask
{
    /// <summary>
    /// Each polarity's response over a line (or a chunk of it): in all, over the core band (the middle 60 % across the
    /// line) and over the margins (the outer 20 % on either side, which glyphs reach only with ascenders and
    /// descenders). The stronger response in all decides when it is clearly stronger. Otherwise, for a whole line, the
    /// polarity whose response concentrates in the core: texture and objects crossing the box (dark masts behind white
    /// text) feed core and margins alike and can outweigh the strokes in the sums. The core test only decides whole
    /// lines: a chunk's margins are too few pixels, and deciding chunks by it lost more text than it found.
    /// </summary>
    private struct PolaritySums
    {
        /// <summary>The core excess must be at least this fraction of the core's mean response (0.2 and 0.35 tried: 0.35 lost no line's text).</summary>
        private const double MinCoreExcess = 0.35;

        public double BrightCore, DarkCore, BrightMargin, DarkMargin, BrightAll, DarkAll;
        public int Core, Margin;

        public void Add(float bright, float dark, float across)
        {
            BrightAll += bright; DarkAll += dark;
            if (across < 0.6f) { BrightCore += bright; DarkCore += dark; Core++; }
            else if (across >= 0.8f) { BrightMargin += bright; DarkMargin += dark; Margin++; }
        }

        public void Add(in PolaritySums other)
        {
            BrightAll += other.BrightAll; DarkAll += other.DarkAll;
            BrightCore += other.BrightCore; DarkCore += other.DarkCore; BrightMargin += other.BrightMargin; DarkMargin += other.DarkMargin;
            Core += other.Core; Margin += other.Margin;
        }

        /// <summary>+1 bright, -1 dark, 0 when undecided (then each chunk decides, or both responses count).</summary>
        public readonly int Polarity(bool useBands = true)
        {
            if (BrightAll > 1.25 * DarkAll) return 1;
            if (DarkAll > 1.25 * BrightAll) return -1;
            if (Core == 0 || !useBands) return 0;
            double bright = BrightCore / Core, dark = DarkCore / Core;
            if (Margin > 0)
            {
                bright = Math.Max(0, bright - BrightMargin / Margin);
                dark = Math.Max(0, dark - DarkMargin / Margin);
            }
            // A slight concentration is the texture's chance, not a line of strokes.
            if (bright > 1.25 * dark && bright >= MinCoreExcess * BrightCore / Core) return 1;
            if (dark > 1.25 * bright && dark >= MinCoreExcess * DarkCore / Core) return -1;
            return 0;
        }
    }
}
