namespace ImageAI.Web.Tests;

/// <summary>
/// The system clock plus an offset the test moves forward. Timers stay real (the cleanup pass still runs every
/// interval); only "now" jumps, so an expiry test never races a short retention on a loaded machine.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Moves "now" forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
