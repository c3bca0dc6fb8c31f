using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageAI.Metrics.Brisque;

/// <summary>
/// The support-vector regressor that maps BRISQUE features to a score, with the per-feature ranges used to scale
/// features to -1..1. Read at run time from OpenCV's model files (Debian/Ubuntu package <c>opencv-data</c>:
/// <c>/usr/share/opencv4/quality/brisque_model_live.yml</c> and <c>brisque_range_live.yml</c>, trained on LIVE R2);
/// the files are not shipped with ImageAI.
/// </summary>
public sealed partial class BrisqueModel
{
    /// <summary>Folders searched for the model files by <see cref="TryLoadDefault"/>, after the <c>IMAGEAI_BRISQUE_DIR</c> variable.</summary>
    public static IReadOnlyList<string> DefaultFolders { get; } = ["/usr/share/opencv4/quality", "/usr/share/opencv/quality", "/usr/local/share/opencv4/quality"];

    private const string ModelFile = "brisque_model_live.yml", RangeFile = "brisque_range_live.yml";

    private BrisqueModel(float[][] supportVectors, double[] alpha, double rho, double gamma, float[] min, float[] max)
    {
        SupportVectors = supportVectors;
        Alpha = alpha;
        Rho = rho;
        Gamma = gamma;
        Min = min;
        Max = max;
    }

    internal float[][] SupportVectors { get; }
    internal double[] Alpha { get; }
    internal double Rho { get; }
    internal double Gamma { get; }
    internal float[] Min { get; }
    internal float[] Max { get; }

    /// <summary>The number of support vectors.</summary>
    public int SupportVectorCount => SupportVectors.Length;

    /// <summary>Loads the model from OpenCV's two YAML files.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="FormatException">A file is not a BRISQUE model or range file.</exception>
    public static BrisqueModel Load(string modelPath, string rangePath)
    {
        var model = File.ReadAllText(modelPath);
        var range = File.ReadAllText(rangePath);
        if (!model.Contains("EPS_SVR", StringComparison.Ordinal) || !model.Contains("RBF", StringComparison.Ordinal))
            throw new FormatException($"{modelPath} is not an RBF epsilon-SVR model.");
        int varCount = (int)Scalar(model, "var_count", modelPath);
        int total = (int)Scalar(model, "sv_total", modelPath);
        double gamma = Scalar(model, "gamma", modelPath);
        double rho = Scalar(model, "rho", modelPath);

        int svStart = Index(model, "support_vectors:", modelPath), dfStart = Index(model, "decision_functions:", modelPath);
        var sv = Numbers(model.AsSpan(svStart + "support_vectors:".Length, dfStart - svStart - "support_vectors:".Length));
        if (sv.Count != varCount * total) throw new FormatException($"{modelPath}: {sv.Count} support-vector values, expected {varCount} x {total}.");
        var vectors = new float[total][];
        for (int i = 0; i < total; i++)
        {
            vectors[i] = new float[varCount];
            for (int j = 0; j < varCount; j++) vectors[i][j] = (float)sv[i * varCount + j];
        }
        int alphaStart = Index(model, "alpha:", modelPath);
        int alphaEnd = model.IndexOf(']', alphaStart);
        var alpha = Numbers(model.AsSpan(alphaStart + "alpha:".Length, alphaEnd - alphaStart - "alpha:".Length)).ToArray();
        if (alpha.Length != total) throw new FormatException($"{modelPath}: {alpha.Length} alphas, expected {total}.");
        if (model.Contains("index:", StringComparison.Ordinal)) throw new FormatException($"{modelPath}: compressed support-vector indices are not supported.");

        int dataStart = Index(range, "data:", rangePath);
        var bounds = Numbers(range.AsSpan(dataStart + "data:".Length));
        if (bounds.Count != 2 * varCount) throw new FormatException($"{rangePath}: {bounds.Count} values, expected 2 x {varCount}.");
        var min = bounds.Take(varCount).Select(v => (float)v).ToArray();
        var max = bounds.Skip(varCount).Select(v => (float)v).ToArray();
        return new BrisqueModel(vectors, alpha, rho, gamma, min, max);
    }

    /// <summary>Loads the model from <c>IMAGEAI_BRISQUE_DIR</c> or the usual install folders; null when not installed.</summary>
    public static BrisqueModel? TryLoadDefault()
    {
        var folders = new List<string>();
        if (Environment.GetEnvironmentVariable("IMAGEAI_BRISQUE_DIR") is { Length: > 0 } env) folders.Add(env);
        folders.AddRange(DefaultFolders);
        foreach (var folder in folders)
        {
            string model = Path.Combine(folder, ModelFile), range = Path.Combine(folder, RangeFile);
            if (File.Exists(model) && File.Exists(range)) return Load(model, range);
        }
        return null;
    }

    /// <summary>The regression output for raw (unscaled) features: sum of alpha x RBF kernel minus rho, as OpenCV's SVM predicts.</summary>
    internal double Predict(ReadOnlySpan<float> features)
    {
        int n = Min.Length;
        Span<float> scaled = stackalloc float[n];
        for (int j = 0; j < n; j++) scaled[j] = -1f + 2f * (features[j] - Min[j]) / (Max[j] - Min[j]);
        double sum = -Rho;
        for (int i = 0; i < SupportVectors.Length; i++)
        {
            var v = SupportVectors[i];
            float d = 0;
            for (int j = 0; j < n; j++) { float t = scaled[j] - v[j]; d += t * t; }
            sum += Alpha[i] * MathF.Exp((float)(-Gamma * d));
        }
        return sum;
    }

    private static int Index(string text, string key, string path)
    {
        int i = text.IndexOf(key, StringComparison.Ordinal);
        if (i < 0) throw new FormatException($"{path}: '{key}' not found.");
        return i;
    }

    private static double Scalar(string text, string key, string path)
    {
        var match = Regex.Match(text, @"\b" + key + @":\s*([-+0-9.eE]+)");
        if (!match.Success) throw new FormatException($"{path}: '{key}' not found.");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static List<double> Numbers(ReadOnlySpan<char> text)
    {
        var values = new List<double>();
        foreach (Match m in NumberPattern().Matches(text.ToString()))
            values.Add(double.Parse(m.Value, CultureInfo.InvariantCulture));
        return values;
    }

    [GeneratedRegex(@"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();
}
