using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics.Tensors;
using ImageAI.Geometry;
using ImageAI.Imaging;
using ImageAI.Onnx.Models;
using ImageAI.Onnx.Sessions;
using ImageAI.Processing;
using ImageAI.Watermarks;
using Microsoft.ML.OnnxRuntime;

namespace ImageAI.Onnx.Pipelines.Watermarks;

/// <summary>
/// Reads a detected text line with a CTC text recogniser (PP-OCRv4 rec contract: input [N,3,48,W], BGR scaled to
/// -1..1; output [N,T,C] class probabilities, class 0 the CTC blank, class k + 1 the dictionary's k-th entry, the last
/// class a space). The line's box is straightened to 48 px high; the text is the greedy decoding (best class per
/// step, repeats merged, blanks dropped), its confidence the mean probability of the characters kept.
/// </summary>
internal sealed class TextLineReader(ModelSession session, IReadOnlyList<string> dictionary)
{
    /// <summary>The model's task in the catalog.</summary>
    public const string Task = "text-recognition";

    private const int LineHeight = 48;

    /// <summary>Wider crops are squeezed to this width (a line of about 25 characters at 48 px).</summary>
    private const int MaxWidth = 1280;

    private static readonly TensorSpec Spec = TensorSpec.SignedUnitRange with { Order = ChannelOrder.Bgr };

    /// <summary>The recogniser's id and hash, for the edit result.</summary>
    public ModelUsage Usage => session.Usage;

    /// <summary>Dictionaries read so far, by path: the file is verified once when resolved and read once per process, as sessions are loaded once.</summary>
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> Dictionaries = new(StringComparer.Ordinal);

    /// <summary>Reads a dictionary file: one entry per line (blank lines are entries too: the file's own order is the class order).</summary>
    public static IReadOnlyList<string> LoadDictionary(string path) => Dictionaries.GetOrAdd(Path.GetFullPath(path), static full =>
    {
        var lines = File.ReadAllLines(full);
        if (lines.Length == 0) throw new ModelContractException(Path.GetFileName(full), $"The text recognition dictionary '{full}' is empty.");
        return lines;
    });

    /// <summary>The text read in <paramref name="region"/> and its mean confidence (0 when nothing is read).</summary>
    /// <exception cref="ModelContractException">The model's output is not [1,T,dictionary + 2].</exception>
    public (string Text, float Confidence) Read(ImageBuffer image, TextRegion region, CancellationToken cancellationToken) =>
        Decode(ReadSteps(image, region, cancellationToken));

    /// <summary>
    /// The recogniser's best class and its probability at every step along <paramref name="region"/> (its long side), for
    /// locating the characters along a line rather than only reading them.
    /// </summary>
    /// <exception cref="ModelContractException">The model's output is not [1,T,dictionary + 2].</exception>
    public TextLineSteps ReadSteps(ImageBuffer image, TextRegion region, CancellationToken cancellationToken)
    {
        var line = Straighten(image, region);
        int count = 3 * line.Width * LineHeight;
        var tensor = ArrayPool<float>.Shared.Rent(count);
        try
        {
            TensorConversion.ToTensor(line, tensor.AsSpan(0, count), Spec);
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensor.AsMemory(0, count), [1, 3, LineHeight, line.Width]);
            var outputName = session.OutputNames[0];
            using var outputs = session.Run([session.InputNames[0]], [value], [outputName], cancellationToken);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            if (shape.Length != 3 || shape[0] != 1 || shape[1] < 1 || shape[2] != dictionary.Count + 2)
                throw new ModelContractException(session.Model.Id,
                    $"Model '{session.Model.Id}' output '{outputName}' has shape [{string.Join(",", shape)}], expected [1,T,{dictionary.Count + 2}] (a CTC recogniser over its {dictionary.Count}-entry dictionary, a blank and a space).");
            int steps = (int)shape[1], classes = (int)shape[2];
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            var best = new int[steps];
            var confidence = new float[steps];
            for (int step = 0; step < steps; step++)
            {
                var row = probabilities.Slice(step * classes, classes);
                int k = TensorPrimitives.IndexOfMax(row);
                best[step] = k;
                confidence[step] = row[k];
            }
            return new TextLineSteps(best, confidence, Math.Max(region.Width, region.Height));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tensor);
        }
    }

    /// <summary>Greedy CTC decoding: best class per step, repeats merged, blanks dropped.</summary>
    private (string Text, float Confidence) Decode(TextLineSteps steps)
    {
        var text = new System.Text.StringBuilder();
        double sum = 0;
        int kept = 0, previous = -1;
        for (int step = 0; step < steps.Count; step++)
        {
            int best = steps.Classes[step];
            if (best != TextLineSteps.Blank && best != previous)
            {
                text.Append(best - 1 < dictionary.Count ? dictionary[best - 1] : " ");
                sum += steps.Confidence[step];
                kept++;
            }
            previous = best;
        }
        return (text.ToString(), kept == 0 ? 0 : (float)(sum / kept));
    }

    /// <summary>The region's box turned upright (its long side horizontal) and scaled to <see cref="LineHeight"/> px high.</summary>
    private static ImageBuffer Straighten(ImageBuffer image, TextRegion region)
    {
        float length = Math.Max(region.Width, region.Height), thickness = Math.Max(1, Math.Min(region.Width, region.Height));
        double angle = region.Angle * Math.PI / 180 + (region.Height > region.Width ? Math.PI / 2 : 0);
        int width = Math.Clamp((int)Math.Round(LineHeight * length / thickness), 16, MaxWidth);
        double sx = length / width, sy = thickness / LineHeight, c = Math.Cos(angle), s = Math.Sin(angle);
        // Output pixel (u, v) samples the photo at the box's centre + (u - width/2) * sx along the line + (v - 24) * sy across it.
        var toPhoto = new AffineTransform(sx * c, -sy * s, region.CenterX - width / 2.0 * sx * c + LineHeight / 2.0 * sy * s,
            sx * s, sy * c, region.CenterY - width / 2.0 * sx * s - LineHeight / 2.0 * sy * c);
        return AffineWarp.Warp(image, toPhoto, width, LineHeight);
    }
}
