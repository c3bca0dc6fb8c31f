namespace ImageAI;

/// <summary>The work cannot be done within the memory budget it was given, even with the smallest tiles.</summary>
public sealed class MemoryBudgetExceededException : ImageAIException
{
    /// <summary>Creates the exception.</summary>
    public MemoryBudgetExceededException(long requiredBytes, long budgetBytes, string message)
        : base(message)
    {
        RequiredBytes = requiredBytes;
        BudgetBytes = budgetBytes;
    }

    /// <summary>The smallest amount of memory the work needs, as estimated.</summary>
    public long RequiredBytes { get; }

    /// <summary>The budget in force.</summary>
    public long BudgetBytes { get; }
}
