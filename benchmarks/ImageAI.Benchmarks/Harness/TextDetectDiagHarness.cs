using ImageAI.Imaging;
using ImageAI.Morphology;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Pipelines.Watermarks;
using ImageAI.Processing;
using ImageAI.Watermarks;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// <c>text-detect-diag [VARIANTS=2]</c>: detection only, on the synthetic text set: for each detector-input variant
/// (env TD_VARIANTS, comma list of orig, same (orig through the variant path), bgr, lcnS (local contrast, sigma S), neg, chroma, chromalcnS (the chroma's local contrast), chromaeq (the chroma histogram-equalised), rgbeq (each channel equalised), minch, maxch, medR (per-channel median, radius R), bilS (bilateral, spatial sigma S), midL (inverted distance from grey level L), log (log of each channel), flatS[kG] (local standard deviation, sigma S, gain G: flat dark), relflatS[kG] (the same over its own blur at 4S), each optionally @SIZE for the detector's input side; unset = the production locator), how much of the text falls in the union
/// of regions, the stroke-mask coverage and the mask area. For choosing what to feed the detector. Env TW_FONTS picks
/// the fonts the set is drawn with (see <see cref="SyntheticFonts"/>).
/// </summary>
internal static class TextDetectDiagHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int variants = args.Length > 0 ? int.Parse(args[0]) : 2;
        var kinds = (Environment.GetEnvironmentVariable("TD_VARIANTS") ?? "orig").Split(',');
        var fonts = SyntheticFonts.Selected();
        Console.WriteLine($"fonts: {SyntheticFonts.Describe(fonts)}");
        var shared = SharedFolder.Find();
        var photos = Directory.GetFiles(Path.Combine(shared, "eval", "general", "kodak24"), "*.png").Order().ToList();
        using var editor = new OnnxImageEditor();
        var session = await editor.Sessions.GetAsync(await editor.Models.ResolveAsync(TextDetectionOptions.DefaultModelId));
        var options = DetectionOverrides.FromEnvironment(new TextDetectionOptions());
        var reader = await HarnessReader.CreateAsync(editor);
        double sumVis = 0, sumVisShare = 0, sumBox = 0, sumCover = 0, sumArea = 0; int n = 0, over90 = 0, under4 = 0;
        for (int v = 0; v < variants; v++)
            for (int i = 0; i < photos.Count; i++)
            {
                string label = $"{Path.GetFileNameWithoutExtension(photos[i])}-v{v}";
                if (Environment.GetEnvironmentVariable("TD_ONLY") is { } only && !only.Split(',').Contains(label)) continue;
                var clean = InpaintHarness.Load(photos[i]);
                var sample = TextWatermarkSynthesizer.Create(clean, 1000 + 100 * v + i, fonts);
                var truth = sample.TruthMask();
                if (Environment.GetEnvironmentVariable("TD_SAVE") is { } saveDir)
                {
                    Directory.CreateDirectory(saveDir);
                    File.WriteAllBytes(Path.Combine(saveDir, label + ".png"), Codecs.ImageIO.Encode(sample.Marked));
                    File.WriteAllBytes(Path.Combine(saveDir, label + "-truth.png"), Codecs.ImageIO.Encode(truth.ToImage()));
                }
                if (Environment.GetEnvironmentVariable("TD_PROB") is { } probDir)
                {
                    // The detector's text probability (upright pass at the main size), as a grey image.
                    Directory.CreateDirectory(probDir);
                    var detection = TextDetector.Detect(session, sample.Marked, options with { RotatedPasses = [] }, default);
                    var map = new GrayImage(detection.MapWidth, detection.MapHeight);
                    for (int p = 0; p < detection.Probability.Length; p++) map.Pixels[p] = (byte)Math.Clamp(detection.Probability[p] * 255, 0, 255);
                    File.WriteAllBytes(Path.Combine(probDir, label + "-prob.png"), Codecs.ImageIO.Encode(map.ToImage()));
                }
                if (Environment.GetEnvironmentVariable("TD_NEWDEBUG") is { } sigmaText)
                {
                    // Regions the smoothed (or variant) image gives where the photo's passes found nothing: how much text they hold,
                    // against the photo's own probability and the smoothed score.
                    var plain = TextDetector.Detect(session, sample.Marked, options with { SmoothedPassSigma = 0, DesaturatedPass = false }, default);
                    var blurred = TextDetector.Detect(session, double.TryParse(sigmaText, out var sg) ? GaussianBlur.Blur(sample.Marked, sg) : Variant(sample.Marked, sigmaText), options with { SmoothedPassSigma = 0, DesaturatedPass = false }, default);
                    float sx = (float)plain.MapWidth / clean.Width, sy = (float)plain.MapHeight / clean.Height;
                    foreach (var r in blurred.Regions)
                    {
                        if (plain.Regions.Any(q => DbPostProcessor.BoxOverlap(r, q) > 0.3)) continue;
                        long inside = 0, text = 0; double prob = 0, probMax = 0;
                        for (int p = 0; p < truth.Pixels.Length; p++)
                        {
                            int x = p % clean.Width, y = p / clean.Width;
                            if (!r.Contains(x, y)) continue;
                            inside++;
                            if (truth.Pixels[p] != 0) text++;
                            float pv = plain.Probability[Math.Min(plain.MapHeight - 1, (int)(y * sy)) * plain.MapWidth + Math.Min(plain.MapWidth - 1, (int)(x * sx))];
                            prob += pv; probMax = Math.Max(probMax, pv);
                        }
                        var (rm, ra) = TextStrokeMask.BuildWithRegions(sample.Marked, [r], 0);
                        long on = 0, onText = 0;
                        for (int p = 0; p < truth.Pixels.Length; p++) if (rm.Pixels[p] >= 128) { on++; if (truth.Pixels[p] != 0) onText++; }
                        Console.WriteLine($"   new {label} {r} {(ra.Count > 0 ? "KEPT" : "drop")} text/box {(double)text / Math.Max(1, inside):P0} maskOnText {(double)onText / Math.Max(1, on):P0} plainProb mean {prob / Math.Max(1, inside):F3} max {probMax:F2} aspect {r.Width / Math.Max(1, r.Height):F1}");
                    }
                }
                GrayImage mask;
                IReadOnlyList<TextRegion> accepted;
                int found;
                if (kinds.Length == 1 && kinds[0] == "orig")
                {
                    // The production path.
                    (mask, accepted) = TextWatermarkLocator.Locate(session, sample.Marked, options, default, reader);
                    found = accepted.Count;
                }
                else
                {
                    var regions = new List<TextRegion>();
                    foreach (var kind in kinds)
                    {
                        var parts = kind.Split('@');
                        var o = parts.Length > 1 ? options with { MinSide = int.Parse(parts[1]), MaxSide = Math.Max(int.Parse(parts[1]), 32) } : options;
                        var input = Variant(sample.Marked, parts[0]);
                        if (Environment.GetEnvironmentVariable("TD_SAVE") is { } variantDir)
                            File.WriteAllBytes(Path.Combine(variantDir, $"{label}-{parts[0]}.png"), Codecs.ImageIO.Encode(input));
                        regions.AddRange(TextDetector.Detect(session, input, o, default).Regions);
                    }
                    regions.Sort((a, b) => b.Score.CompareTo(a.Score));
                    var merged = DbPostProcessor.Suppress(regions, 0.5f);
                    found = merged.Count;
                    (mask, accepted) = TextStrokeMask.BuildWithRegions(sample.Marked, merged, 1);
                }
                if (Environment.GetEnvironmentVariable("TD_SAVE") is { } maskDir)
                {
                    // Truth red, mask green (yellow = found), kept region outlines blue, over the darkened input.
                    var overlay = sample.Marked.Clone();
                    var o = overlay.Pixels;
                    for (int p = 0; p < truth.Pixels.Length; p++)
                    {
                        bool tr = truth.Pixels[p] != 0, mk = mask.Pixels[p] >= 128;
                        if (!tr && !mk) { for (int c = 0; c < 3; c++) o[p * 4 + c] = (byte)(o[p * 4 + c] / 2); continue; }
                        o[p * 4] = tr ? (byte)255 : (byte)0; o[p * 4 + 1] = mk ? (byte)255 : (byte)0; o[p * 4 + 2] = 0;
                    }
                    for (int p = 0; p < truth.Pixels.Length; p++)
                        foreach (var r in accepted) if (r.Contains(p % clean.Width, p / clean.Width, 2) && !r.Contains(p % clean.Width, p / clean.Width, 1)) { o[p * 4 + 2] = 255; break; }
                    // Crop to the truth's box (plus a margin): the input above, the overlay below.
                    int x0 = clean.Width, y0 = clean.Height, x1 = 0, y1 = 0;
                    for (int p = 0; p < truth.Pixels.Length; p++)
                        if (truth.Pixels[p] != 0) { x0 = Math.Min(x0, p % clean.Width); x1 = Math.Max(x1, p % clean.Width); y0 = Math.Min(y0, p / clean.Width); y1 = Math.Max(y1, p / clean.Width); }
                    x0 = Math.Max(0, x0 - 16); y0 = Math.Max(0, y0 - 16); x1 = Math.Min(clean.Width - 1, x1 + 16); y1 = Math.Min(clean.Height - 1, y1 + 16);
                    int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
                    var crop = new ImageBuffer(cw, 2 * ch);
                    for (int y = 0; y < ch; y++)
                    {
                        sample.Marked.GetRow(y0 + y).Slice(x0 * 4, cw * 4).CopyTo(crop.GetRow(y));
                        overlay.GetRow(y0 + y).Slice(x0 * 4, cw * 4).CopyTo(crop.GetRow(ch + y));
                    }
                    // Twice the size (nearest) when it is small, so strokes can be seen.
                    if (cw <= 400)
                    {
                        var big = new ImageBuffer(2 * cw, 4 * ch);
                        for (int y = 0; y < 4 * ch; y++)
                            for (int x = 0; x < 2 * cw; x++)
                                crop.Pixels.Slice(((y / 2) * cw + x / 2) * 4, 4).CopyTo(big.Pixels.Slice((y * 2 * cw + x) * 4, 4));
                        crop = big;
                    }
                    File.WriteAllBytes(Path.Combine(maskDir, label + "-mask.png"), Codecs.ImageIO.Encode(crop));
                }
                if (Environment.GetEnvironmentVariable("TD_REGSTAT") == "1")
                {
                    // Each kept region segmented on the photo alone: stroke density in its core band and margins, the share of
                    // the text inside it that the strokes cover, and the strokes' precision.
                    var (_, kept) = TextWatermarkLocator.Locate(session, sample.Marked, options, default, reader);
                    foreach (var line in kept)
                    {
                        var st = LineBands.Measure(line, TextStrokeMask.BuildWithRegions(sample.Marked, [line], 0).Mask, truth);
                        Console.WriteLine($"   reg {label} h {line.Height:F1} w {line.Width:F0} core {st.CoreDensity:F2} margin {st.MarginDensity:F2} ratio {st.MarginDensity / Math.Max(1e-6, st.CoreDensity):F2} recall {(double)st.TextOn / Math.Max(1, st.Text):F2} prec {(double)st.OnText / Math.Max(1, st.On):F2} text {st.Text}");
                    }
                }
                if (Environment.GetEnvironmentVariable("TD_LINESTAT") == "1")
                {
                    // Each line only the desaturated passes found (eq: the equalised one): segmented on the inverted chroma, its
                    // stroke density in the core band and margins, and how much of it is text.
                    var det = TextDetector.Detect(session, sample.Marked, options, default);
                    foreach (var line in det.DesaturatedLines.Concat(det.EqualizedLines))
                    {
                        var (lm, la) = TextStrokeMask.BuildWithRegions(det.Achromatic!, [line], 0);
                        var st = LineBands.Measure(line, lm, truth);
                        var photo = LineBands.Measure(line, TextStrokeMask.BuildWithRegions(sample.Marked, [line], 0).Mask, truth);
                        int banded = Math.Max(1, st.Core + st.Margin);
                        Console.WriteLine($"   {(det.EqualizedLines.Contains(line) ? "eqline" : "dline")} {label} {line} kept {la.Count} core {st.CoreDensity:F2} margin {st.MarginDensity:F2} fill {(double)st.On / banded:F2} photoFill {(double)photo.On / banded:F2} prec {(double)st.OnText / Math.Max(1, st.On):F2} text {st.Text}");
                    }
                }
                if (Environment.GetEnvironmentVariable("TD_REGIONS") == "1")
                {
                    // Every detected region on its own: kept or not, how much of its box is text, its stroke coverage and area.
                    foreach (var region in TextDetector.Detect(session, sample.Marked, options, default).Regions)
                    {
                        var (rm, ra) = TextStrokeMask.BuildWithRegions(sample.Marked, [region], 1);
                        long inside = 0, text = 0, covered = 0, marked = 0;
                        for (int p = 0; p < truth.Pixels.Length; p++)
                        {
                            if (!region.Contains(p % clean.Width, p / clean.Width, 2)) continue;
                            inside++;
                            if (rm.Pixels[p] >= 128) marked++;
                            if (truth.Pixels[p] == 0) continue;
                            text++;
                            if (rm.Pixels[p] >= 128) covered++;
                        }
                        Console.WriteLine($"   {region} {(ra.Count > 0 ? "KEPT" : "drop")} text/box {(double)text / Math.Max(1, inside):P0} cover {(double)covered / Math.Max(1, text):P0} mask/text {(double)marked / Math.Max(1, text):F2}");
                    }
                }
                long t = 0, inBox = 0, hit = 0, m = MaskOps.Count(mask), vis = 0, visHit = 0;
                int w = clean.Width;
                for (int p = 0; p < truth.Pixels.Length; p++)
                {
                    if (truth.Pixels[p] == 0) continue;
                    t++;
                    if (mask.Pixels[p] >= 128) hit++;
                    // Visible: the watermark changed the pixel by at least 16 grey levels in some channel.
                    int change = 0;
                    for (int ch = 0; ch < 3; ch++) change = Math.Max(change, Math.Abs(sample.Marked.Pixels[p * 4 + ch] - clean.Pixels[p * 4 + ch]));
                    if (change >= 16) { vis++; if (mask.Pixels[p] >= 128) visHit++; }
                    foreach (var r in accepted) if (r.Contains(p % w, p / w, 2)) { inBox++; break; }
                }
                double fb = (double)inBox / t, fc = (double)hit / t, fa = (double)m / t, fv = vis == 0 ? 1 : (double)visHit / vis;
                sumVis += fv; sumVisShare += (double)vis / t;
                sumBox += fb; sumCover += fc; sumArea += fa; n++;
                if (fc >= 0.9) over90++;
                if (fa < 4) under4++;
                string colour = sample.Colour.R == 255 ? "white" : sample.Colour.R == 0 ? "black" : "grey";
                Console.WriteLine($"{Path.GetFileNameWithoutExtension(photos[i])}-v{v} {colour,6} {sample.Opacity:F2} {(sample.Tiled ? "tile" : "    ")} {sample.Angle,4:F0} regions {found,3}/{accepted.Count,3} inbox {fb,6:P1} cover {fc,6:P1} area {fa,5:F2} visible {vis / (double)t,6:P1} cover {fv,6:P1}");
            }
        Console.WriteLine($"[{string.Join(",", kinds)}] n={n}: inbox {sumBox / n:P1} cover {sumCover / n:P1} (>=90% in {over90}) area {sumArea / n:F2} (<4 in {under4}); visible (change >= 16) {sumVisShare / n:P1} of the text, covered {sumVis / n:P1}");
        return 0;
    }

    public static ImageBuffer Variant(ImageBuffer image, string kind)
    {
        if (kind is "orig" or "same") return image;
        if (kind == "chroma") return AchromaticMap.Create(image);
        if (kind.StartsWith("chromalcn", StringComparison.Ordinal)) return LocalContrast(AchromaticMap.Create(image), double.Parse(kind[9..]), 40);
        if (kind == "rgbeq")
        {
            // Each channel histogram-equalised on its own.
            var r = image.Clone();
            var p = r.Pixels;
            var plane = new ImageBuffer(image.Width, image.Height);
            for (int ch = 0; ch < 3; ch++)
            {
                for (int i = 0; i < p.Length; i += 4) plane.Pixels[i] = p[i + ch];
                var equalized = HistogramEqualization.EqualizeGrey(plane).Pixels;
                for (int i = 0; i < p.Length; i += 4) p[i + ch] = equalized[i];
            }
            return r;
        }
        if (kind == "chromaeq") return HistogramEqualization.EqualizeGrey(AchromaticMap.Create(image));
        if (kind is "minch" or "maxch")
        {
            var r = image.Clone();
            var p = r.Pixels;
            for (int i = 0; i < p.Length; i += 4)
            {
                byte lo = Math.Min(p[i], Math.Min(p[i + 1], p[i + 2])), hi = Math.Max(p[i], Math.Max(p[i + 1], p[i + 2]));
                byte g = kind == "minch" ? lo : hi;
                p[i] = p[i + 1] = p[i + 2] = g;
            }
            return r;
        }
        if (kind == "bgr")
        {
            var r = image.Clone();
            var p = r.Pixels;
            for (int i = 0; i < p.Length; i += 4) (p[i], p[i + 2]) = (p[i + 2], p[i]);
            return r;
        }
        if (kind == "neg")
        {
            var r = image.Clone();
            var p = r.Pixels;
            for (int i = 0; i < p.Length; i += 4) { p[i] = (byte)(255 - p[i]); p[i + 1] = (byte)(255 - p[i + 1]); p[i + 2] = (byte)(255 - p[i + 2]); }
            return r;
        }
        // Distance from a neutral level L, inverted (e.g. mid128): an overlay of grey L at opacity A scales every
        // channel's distance from L by (1 - A), so grey text is brighter than the photo around it whether that is
        // lighter or darker than the text.
        if (kind.StartsWith("mid", StringComparison.Ordinal))
        {
            int level = int.Parse(kind[3..]);
            var r = image.Clone();
            var p = r.Pixels;
            for (int i = 0; i < p.Length; i += 4)
                for (int c = 0; c < 3; c++) p[i + c] = (byte)Math.Clamp(255 - 2 * Math.Abs(p[i + c] - level), 0, 255);
            return r;
        }
        // Log of each channel (gamma-like lift of the shadows): a black overlay at opacity A multiplies the photo by
        // 1 - A, a constant offset in the log, which dark texture does not hide as it does the linear difference.
        if (kind == "log")
        {
            var r = image.Clone();
            var p = r.Pixels;
            for (int i = 0; i < p.Length; i += 4)
                for (int c = 0; c < 3; c++) p[i + c] = (byte)Math.Round(255 * Math.Log(1 + p[i + c]) / Math.Log(256));
            return r;
        }
        // Flatness: the local standard deviation (max over channels, Gaussian window sigma S) drawn white for texture and
        // black for flat, e.g. flat1.5; relflat divides it by its own blur at 4S so flat-within-texture is dark anywhere.
        if (kind.StartsWith("flat", StringComparison.Ordinal) || kind.StartsWith("relflat", StringComparison.Ordinal))
        {
            bool rel = kind[0] == 'r';
            var spec = kind[(rel ? 7 : 4)..].Split('k');
            double sigma = double.Parse(spec[0]); float gain = spec.Length > 1 ? float.Parse(spec[1]) : 8;
            int w = image.Width, h = image.Height, n = w * h;
            var px = image.Pixels;
            var sd = new float[n]; var plane = new float[n]; var mean = new float[n]; var sq = new float[n];
            for (int ch = 0; ch < 3; ch++)
            {
                for (int i = 0; i < n; i++) { plane[i] = px[i * 4 + ch]; mean[i] = plane[i]; sq[i] = plane[i] * plane[i]; }
                GaussianBlur.BlurPlane(mean, w, h, sigma);
                GaussianBlur.BlurPlane(sq, w, h, sigma);
                for (int i = 0; i < n; i++) sd[i] = Math.Max(sd[i], MathF.Sqrt(Math.Max(0, sq[i] - mean[i] * mean[i])));
            }
            var r = new ImageBuffer(w, h);
            var o = r.Pixels;
            float[]? around = null;
            if (rel) { around = (float[])sd.Clone(); GaussianBlur.BlurPlane(around, w, h, 4 * sigma); }
            for (int i = 0; i < n; i++)
            {
                float v = rel ? 128 * sd[i] / (around![i] + gain) : gain * sd[i];
                byte g = (byte)Math.Clamp(v, 0, 255);
                o[i * 4] = o[i * 4 + 1] = o[i * 4 + 2] = g; o[i * 4 + 3] = 255;
            }
            return r;
        }
        // Per-channel median over a (2R+1)^2 window: removes texture finer than the window, keeps the letters' edges.
        if (kind.StartsWith("med", StringComparison.Ordinal)) return Median(image, int.Parse(kind[3..]));
        // Bilateral filter, spatial sigma S, range sigma 30 (e.g. bil4).
        if (kind.StartsWith("bil", StringComparison.Ordinal)) return Bilateral(image, double.Parse(kind[3..]), 30);
        // Gaussian blur of sigma S: does the detector miss semi-transparent text for the texture seen through it?
        if (kind.StartsWith("blur", StringComparison.Ordinal)) return GaussianBlur.Blur(image, double.Parse(kind[4..]));
        if (kind.StartsWith("lcn", StringComparison.Ordinal))
        {
            double sigma = double.Parse(kind[3..]);
            return LocalContrast(image, sigma, 40);
        }
        if (kind.StartsWith("dark", StringComparison.Ordinal) || kind.StartsWith("bright", StringComparison.Ordinal) || kind.StartsWith("both", StringComparison.Ordinal))
        {
            // Stroke rendering: the top-hat / black-hat response drawn as black strokes on white (gain G), e.g. both5g3.
            var spec = kind.TrimStart("darkbrightboth".ToCharArray()).Split('g');
            int radius = int.Parse(spec[0]); float gain = float.Parse(spec[1]);
            using var response = StrokeResponse.Compute(image, radius, default);
            var r = new ImageBuffer(image.Width, image.Height);
            var p = r.Pixels;
            var dark = response.Dark; var bright = response.Bright;
            for (int i = 0; i < image.Width * image.Height; i++)
            {
                float v = kind[0] == 'd' ? dark[i] : kind[1] == 'r' ? bright[i] : Math.Max(dark[i], bright[i]);
                byte g = (byte)Math.Clamp(255 - gain * v, 0, 255);
                p[i * 4] = p[i * 4 + 1] = p[i * 4 + 2] = g; p[i * 4 + 3] = 255;
            }
            return r;
        }
        throw new ArgumentException(kind);
    }

    /// <summary>Per channel (I - mean) / (std + c) around each pixel (Gaussian window), mapped to 128 +- 64.</summary>
    public static ImageBuffer LocalContrast(ImageBuffer image, double sigma, float c)
    {
        int w = image.Width, h = image.Height, n = w * h;
        var result = image.Clone();
        var plane = new float[n]; var mean = new float[n]; var sq = new float[n];
        var px = image.Pixels; var o = result.Pixels;
        for (int ch = 0; ch < 3; ch++)
        {
            for (int i = 0; i < n; i++) { plane[i] = px[i * 4 + ch]; mean[i] = plane[i]; sq[i] = plane[i] * plane[i]; }
            GaussianBlur.BlurPlane(mean, w, h, sigma);
            GaussianBlur.BlurPlane(sq, w, h, sigma);
            for (int i = 0; i < n; i++)
            {
                float sd = MathF.Sqrt(Math.Max(0, sq[i] - mean[i] * mean[i]));
                float v = 128 + 64 * (plane[i] - mean[i]) / (sd + c);
                o[i * 4 + ch] = (byte)Math.Clamp(v, 0, 255);
            }
        }
        return result;
    }

    public static ImageBuffer Median(ImageBuffer image, int radius)
    {
        int w = image.Width, h = image.Height;
        var result = image.Clone();
        var px = image.Pixels; var o = result.Pixels;
        var window = new byte[(2 * radius + 1) * (2 * radius + 1)];
        for (int ch = 0; ch < 3; ch++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    int k = 0;
                    for (int dy = -radius; dy <= radius; dy++)
                    {
                        int yy = Math.Clamp(y + dy, 0, h - 1);
                        for (int dx = -radius; dx <= radius; dx++)
                            window[k++] = px[(yy * w + Math.Clamp(x + dx, 0, w - 1)) * 4 + ch];
                    }
                    Array.Sort(window, 0, k);
                    o[(y * w + x) * 4 + ch] = window[k / 2];
                }
        return result;
    }

    public static ImageBuffer Bilateral(ImageBuffer image, double sigma, double range)
    {
        int w = image.Width, h = image.Height, r = (int)Math.Ceiling(2 * sigma);
        var result = image.Clone();
        var px = image.Pixels; var o = result.Pixels;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int c = (y * w + x) * 4;
                double s0 = 0, s1 = 0, s2 = 0, sw = 0;
                for (int dy = -r; dy <= r; dy++)
                {
                    int yy = Math.Clamp(y + dy, 0, h - 1);
                    for (int dx = -r; dx <= r; dx++)
                    {
                        int q = (yy * w + Math.Clamp(x + dx, 0, w - 1)) * 4;
                        double d0 = px[q] - px[c], d1 = px[q + 1] - px[c + 1], d2 = px[q + 2] - px[c + 2];
                        double wt = Math.Exp(-(dx * dx + dy * dy) / (2 * sigma * sigma) - (d0 * d0 + d1 * d1 + d2 * d2) / (2 * range * range));
                        s0 += wt * px[q]; s1 += wt * px[q + 1]; s2 += wt * px[q + 2]; sw += wt;
                    }
                }
                o[c] = (byte)Math.Round(s0 / sw); o[c + 1] = (byte)Math.Round(s1 / sw); o[c + 2] = (byte)Math.Round(s2 / sw);
            }
        return result;
    }
}
