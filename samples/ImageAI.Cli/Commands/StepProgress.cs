namespace ImageAI.Cli.Commands;

/// <summary>Prints diffusion steps on stderr ("step 3/20"), overwriting one line.</summary>
internal static class StepProgress
{
    public static IProgress<ImageEditProgress> Console() => new Reporter();

    private sealed class Reporter : IProgress<ImageEditProgress>
    {
        public void Report(ImageEditProgress value)
        {
            if (value.Stage != "step") return;
            System.Console.Error.Write($"\r{value.Message} step {value.Current}/{value.Total}");
            if (value.Current == value.Total) System.Console.Error.WriteLine();
        }
    }
}
