using ImageAI.Imaging;
using ImageAI.Onnx.Editing;
using ImageAI.Onnx.Sessions;
using ImageAI.Operations;
using ImageAI.Processing;
using ImageAI.Tiling;

namespace ImageAI.Onnx.Pipelines.Upscaling;

/// <summary>
/// The reusable tiled upscaler: loads the model, plans tiles from the memory budget, runs the network tile by tile
/// (progress per tile, cancellation between tiles), then resizes to the requested factor when it is not the
/// network's own. Other pipelines use it through <see cref="EditorContext.EditAsync"/> with an <see cref="Upscale"/>
/// operation, or directly.
/// </summary>
internal sealed class ImageUpscaler(EditorContext context)
{
    /// <summary>The catalog task of super-resolution models.</summary>
    public const string Task = "super-resolution";

    /// <summary>The progress stage reported per tile.</summary>
    public const string Stage = "upscale";

    /// <summary>Upscales <paramref name="image"/> as <paramref name="operation"/> asks.</summary>
    public async Task<UpscaleOutcome> UpscaleAsync(ImageBuffer image, Upscale operation, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(operation);
        operation.Validate();
        var session = await context.LoadAsync(operation.ModelId, Task, progress, cancellationToken).ConfigureAwait(false);
        var network = SuperResolutionNetwork.Create(session, cancellationToken);
        var plan = Plan(image.Width, image.Height, operation, network.Scale, network.BytesPerPixel);
        var output = Run(image, network, plan, progress, cancellationToken);
        var report = new UpscaleReport(network.Scale, operation.Scale, plan.TileSize, plan.Grid.Count, operation.TileOverlap, plan.EstimatedBytes,
            network.Contract == SuperResolutionContract.Rgb ? "rgb" : "y-channel");
        return new UpscaleOutcome(output, report, session);
    }

    /// <summary>The tiling plan for one image, checked against the memory budget.</summary>
    public sealed record UpscalePlan(TileGrid Grid, int TileSize, int OutputWidth, int OutputHeight, long EstimatedBytes);

    /// <summary>
    /// Output size, tile size (given, or the largest that fits the budget) and the memory estimate. Throws
    /// <see cref="MemoryBudgetExceededException"/> when even the smallest tile does not fit.
    /// </summary>
    public static UpscalePlan Plan(int width, int height, Upscale operation, int networkScale, long bytesPerPixel)
    {
        int outW = Math.Max(1, (int)Math.Round(width * operation.Scale, MidpointRounding.AwayFromZero));
        int outH = Math.Max(1, (int)Math.Round(height * operation.Scale, MidpointRounding.AwayFromZero));
        int overlap = operation.TileOverlap;
        int tile = operation.TileSize
            ?? UpscaleMemory.ChooseTile(width, height, overlap, networkScale, bytesPerPixel, outW, outH, operation.MemoryBudget)
            ?? Math.Max(UpscaleMemory.MinimumTile, 2 * overlap + 1);
        long estimate = UpscaleMemory.Estimate(width, height, tile, overlap, networkScale, bytesPerPixel, outW, outH);
        if (estimate > operation.MemoryBudget)
            throw new MemoryBudgetExceededException(estimate, operation.MemoryBudget,
                $"Upscaling a {width}x{height} image by {operation.Scale} needs about {estimate / 1048576.0:F0} MiB even with {tile}-pixel tiles " +
                $"(the {outW}x{outH} result alone is {(long)outW * outH * 4 / 1048576.0:F0} MiB), over the budget of {operation.MemoryBudget / 1048576.0:F0} MiB. " +
                "Raise MemoryBudget, or upscale a smaller image or by a smaller factor.");
        return new UpscalePlan(new TileGrid(width, height, tile, overlap), tile, outW, outH, estimate);
    }

    /// <summary>Runs the plan: network tiles, then the resize to the requested size when needed.</summary>
    public static ImageBuffer Run(ImageBuffer image, ITileUpscaler network, UpscalePlan plan, IProgress<ImageEditProgress>? progress, CancellationToken cancellationToken)
    {
        var upscaled = TiledUpscaler.Upscale(image, network, plan.Grid,
            progress is null ? null : (done, total) => progress.Report(new ImageEditProgress(Stage, done, total, $"tile {done} of {total}")),
            cancellationToken);
        if (upscaled.Width == plan.OutputWidth && upscaled.Height == plan.OutputHeight) return upscaled;
        cancellationToken.ThrowIfCancellationRequested();
        return Resampler.Resize(upscaled, plan.OutputWidth, plan.OutputHeight, ResizeMode.Bicubic, antialias: true);
    }
}

/// <summary>The upscaled image, what was done, and the session that did it.</summary>
internal sealed record UpscaleOutcome(ImageBuffer Image, UpscaleReport Report, ModelSession Session);
