namespace ImageAI.Diffusion.Schedulers;

/// <summary>
/// Creates schedulers by name from one <see cref="SchedulerConfig"/>, so any sampler can run on any model
/// (hot-swapping, like diffusers' <c>from_config</c>).
/// </summary>
public static class SchedulerFactory
{
    /// <summary>The supported names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ddim", "euler", "euler-a", "dpm++2m", "dpm++2m-karras", "lcm", "pndm", "lms"];

    /// <summary>Creates the scheduler <paramref name="name"/> (case-insensitive) over <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name (the message lists the valid ones).</exception>
    public static DiffusionScheduler Create(string name, SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(config);
        return name.Trim().ToLowerInvariant() switch
        {
            "ddim" => new DdimScheduler(config),
            "euler" => new EulerScheduler(config),
            "euler-a" or "euler_a" or "euler-ancestral" => new EulerScheduler(config, ancestral: true),
            "dpm++2m" or "dpmsolver++" => new DpmSolverMultistepScheduler(config with { UseKarrasSigmas = false }),
            "dpm++2m-karras" => new DpmSolverMultistepScheduler(config with { UseKarrasSigmas = true }),
            "lcm" => new LcmScheduler(config),
            "pndm" or "plms" => new PndmScheduler(config),
            "lms" => new LmsScheduler(config),
            _ => throw new ArgumentException($"Unknown scheduler '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The scheduler a diffusers config names in <c>_class_name</c> (PNDM when absent or unknown).</summary>
    public static DiffusionScheduler FromConfig(SchedulerConfig config) => Create(NameOfClass(config.ClassName), config);

    /// <summary>Maps a diffusers scheduler class name to one of <see cref="Names"/>.</summary>
    public static string NameOfClass(string? className) => className switch
    {
        "DDIMScheduler" => "ddim",
        "EulerDiscreteScheduler" => "euler",
        "EulerAncestralDiscreteScheduler" => "euler-a",
        "DPMSolverMultistepScheduler" => "dpm++2m",
        "LCMScheduler" => "lcm",
        "LMSDiscreteScheduler" => "lms",
        _ => "pndm",
    };
}
