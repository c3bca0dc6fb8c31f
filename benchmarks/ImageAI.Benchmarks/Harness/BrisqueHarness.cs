using System.Globalization;
using ImageAI.Codecs;
using ImageAI.Metrics.Brisque;

namespace ImageAI.Benchmarks.Harness;

/// <summary>
/// Prints the BRISQUE score of each image: <c>brisque [--features] FILE...</c>. Used to check agreement with OpenCV's
/// reference (cv2.quality.QualityBRISQUE_compute with the same model files) outside the test suite.
/// </summary>
internal static class BrisqueHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var model = BrisqueModel.TryLoadDefault();
        if (model is null)
        {
            Console.Error.WriteLine("BRISQUE model files not found (apt-get install opencv-data, or set IMAGEAI_BRISQUE_DIR).");
            return 1;
        }
        bool features = args.Length > 0 && args[0] == "--features";
        foreach (var file in features ? args[1..] : args)
        {
            var image = ImageIO.Decode(await File.ReadAllBytesAsync(file));
            if (features)
                Console.WriteLine(string.Join(" ", BrisqueFeatures.Compute(BrisqueFeatures.Grey(image), image.Width, image.Height).Select(f => f.ToString("G6", CultureInfo.InvariantCulture))));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)} {Brisque.Score(image, model):F4}"));
        }
        return 0;
    }
}
