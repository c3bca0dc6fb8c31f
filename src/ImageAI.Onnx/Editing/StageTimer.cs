using System.Diagnostics;

namespace ImageAI.Onnx.Editing;

/// <summary>Collects wall-clock time per pipeline stage for <see cref="ImageEditResult.Timings"/>.</summary>
internal sealed class StageTimer
{
    private readonly Dictionary<string, TimeSpan> _timings = new();
    private long _start = Stopwatch.GetTimestamp();

    /// <summary>Ends the current stage under <paramref name="stage"/> and starts the next.</summary>
    public void Lap(string stage)
    {
        long now = Stopwatch.GetTimestamp();
        _timings[stage] = _timings.GetValueOrDefault(stage) + Stopwatch.GetElapsedTime(_start, now);
        _start = now;
    }

    public IReadOnlyDictionary<string, TimeSpan> Timings => _timings;
}
