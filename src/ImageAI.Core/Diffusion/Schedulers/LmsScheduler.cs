using System.Numerics.Tensors;

namespace ImageAI.Diffusion.Schedulers;

/// <summary>
/// Linear multistep (LMS, Karras et al. / k-diffusion) in sigma space: up to four previous derivatives
/// d = (x - x0)/sigma combined with the integrals of their Lagrange basis polynomials over [sigma_i, sigma_i+1]
/// (computed exactly by Gauss-Legendre quadrature, the polynomials having degree at most 3).
/// </summary>
public sealed class LmsScheduler(SchedulerConfig config) : SigmaSpaceScheduler(config)
{
    private const int MaxOrder = 4;
    private readonly List<float[]> _derivatives = [];
    private float[]? _x0;

    /// <inheritdoc />
    public override string Name => "lms";

    /// <inheritdoc />
    protected override void OnSetTimesteps(int steps)
    {
        base.OnSetTimesteps(steps);
        _derivatives.Clear();
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, GaussianRandom? random)
    {
        CheckIndex(stepIndex);
        double sigma = Sigmas[stepIndex];
        double alpha = 1 / Math.Sqrt(sigma * sigma + 1);
        var x0 = Rent(ref _x0, sample.Length);
        switch (Prediction)
        {
            case PredictionType.Epsilon: Combine(sample, 1, modelOutput, -sigma, x0); break;
            case PredictionType.VPrediction: Combine(sample, alpha * alpha, modelOutput, -sigma * alpha, x0); break;
            default: modelOutput.CopyTo(x0); break;
        }
        PredictedOriginal = x0;

        // derivative (x - x0)/sigma; recycle the oldest buffer once the history is full
        float[] d;
        if (_derivatives.Count == MaxOrder) { d = _derivatives[0]; _derivatives.RemoveAt(0); }
        else d = new float[sample.Length];
        Combine(sample, 1 / sigma, x0, -1 / sigma, d);
        _derivatives.Add(d);

        int order = Math.Min(stepIndex + 1, MaxOrder);
        for (int k = 0; k < order; k++)
        {
            double coeff = Coefficient(order, stepIndex, k);
            TensorPrimitives.MultiplyAdd(_derivatives[_derivatives.Count - 1 - k], (float)coeff, sample, sample);
        }
    }

    /// <summary>Integral over [sigma_i, sigma_i+1] of the Lagrange basis polynomial of node sigma_(i-k).</summary>
    private double Coefficient(int order, int i, int k)
    {
        double a = Sigmas[i], b = Sigmas[i + 1];
        double half = (b - a) / 2, mid = (a + b) / 2;
        // 3-point Gauss-Legendre: exact for degree <= 5
        ReadOnlySpan<double> nodes = [-0.7745966692414834, 0.0, 0.7745966692414834];
        ReadOnlySpan<double> weights = [5.0 / 9, 8.0 / 9, 5.0 / 9];
        double sum = 0;
        for (int q = 0; q < 3; q++)
        {
            double tau = mid + half * nodes[q];
            double prod = 1;
            for (int j = 0; j < order; j++)
            {
                if (j == k) continue;
                prod *= (tau - Sigmas[i - j]) / (Sigmas[i - k] - Sigmas[i - j]);
            }
            sum += weights[q] * prod;
        }
        return sum * half;
    }

    /// <inheritdoc />
    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckIndex(stepIndex);
        Combine(original, 1, noise, Sigmas[stepIndex], destination);
    }
}
