namespace ImageAI.Tests.Infrastructure;

/// <summary>
/// Tests that measure the whole process (its peak resident memory) run in this collection, after the parallel ones and
/// with nothing beside them: another collection's models and buffers would count against the measured budget, more
/// often the more cores the machine has.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAloneCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "measured-alone";
}
