using BenchmarkDotNet.Running;
using ImageAI.Benchmarks.Harness;

// Side-by-side timing harnesses (compare with a peer, or variants in one process) are named commands;
// anything else goes to BenchmarkDotNet (e.g. --filter '*Background*').
if (args.Length > 0 && Harnesses.TryRun(args, out var exitCode))
    return exitCode;
BenchmarkSwitcher.FromAssembly(typeof(Harnesses).Assembly).Run(args);
return 0;
