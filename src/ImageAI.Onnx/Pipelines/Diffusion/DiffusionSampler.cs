using System.Diagnostics;
using ImageAI.Diffusion;
using ImageAI.Diffusion.Schedulers;

namespace ImageAI.Onnx.Pipelines.Diffusion;

/// <summary>Inpainting state for the denoising loop: the latent mask and the clean latents of the image.</summary>
/// <param name="Mask">Per latent pixel [h*w]: 1 = repaint, 0 = keep.</param>
/// <param name="Original">Clean scaled latents of the image [4*h*w].</param>
/// <param name="Noise">The noise used to re-noise the kept area to each step's level.</param>
/// <param name="MaskedImageLatents">For 9-channel UNets: latents of the image with the hole blanked.</param>
internal sealed record InpaintLatents(float[] Mask, float[] Original, float[] Noise, float[]? MaskedImageLatents);

/// <summary>
/// The denoising loop: scale input, UNet (conditional and unconditional batched in one call when the export
/// allows), guidance, scheduler step, optional inpainting blend, progress with preview, cancellation between steps.
/// </summary>
internal sealed class DiffusionSampler(DiffusionModel model)
{
    public int UnetCalls { get; private set; }
    public bool Batched { get; private set; }
    public TimeSpan UnetTime { get; private set; }
    public TimeSpan OverheadTime { get; private set; }
    /// <summary>Per-step overhead (loop time minus ONNX Runtime's run), for a median that ignores preemption spikes.</summary>
    public List<TimeSpan> StepOverheads { get; } = [];

    /// <summary>The median per-step overhead.</summary>
    public TimeSpan MedianStepOverhead
    {
        get
        {
            if (StepOverheads.Count == 0) return TimeSpan.Zero;
            var sorted = StepOverheads.Order().ToList();
            return sorted[sorted.Count / 2];
        }
    }
    public int StepsRun { get; private set; }

    public void Denoise(DiffusionScheduler scheduler, float[] latents, int height, int width, float[] conditional, float[]? unconditional,
        float guidance, int startIndex, GaussianRandom random, InpaintLatents? inpaint,
        IProgress<ImageEditProgress>? progress, int previewEvery, CancellationToken ct)
    {
        var unet = model.Unet;
        int plane = height * width, n = 4 * plane, channels = unet.InChannels;
        int seq = conditional.Length / Math.Max(1, model.TextEncoder.HiddenSize);
        bool guided = unconditional is not null;
        bool batch = guided && unet.CanBatch(2);
        Batched |= batch;
        int batchSize = batch ? 2 : 1;
        var input = new float[batchSize * channels * plane];
        var noisePred = new float[n];
        var keep = inpaint is null || channels == 9 ? null : new float[n];
        int total = scheduler.Timesteps.Length - startIndex;
        using var hiddenBatch = batch ? unet.PrepareHidden([.. unconditional!, .. conditional], 2, seq) : null;
        using var hiddenCond = batch ? null : unet.PrepareHidden(conditional, 1, seq);
        using var hiddenUncond = guided && !batch ? unet.PrepareHidden(unconditional, 1, seq) : null;
        long loopStart = Stopwatch.GetTimestamp();
        var session = TimeSpan.Zero;

        for (int i = startIndex; i < scheduler.Timesteps.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            long stepStart = Stopwatch.GetTimestamp();
            var one = input.AsSpan(0, channels * plane);
            scheduler.ScaleModelInput(latents, one[..n], i);
            if (channels == 9)
            {
                inpaint!.Mask.AsSpan().CopyTo(one.Slice(n, plane));
                inpaint.MaskedImageLatents!.AsSpan().CopyTo(one.Slice(n + plane, n));
            }
            if (batch) one.CopyTo(input.AsSpan(channels * plane));
            double t = scheduler.Timesteps[i];

            float[] output;
            TimeSpan s1, s2 = TimeSpan.Zero;
            if (batch)
            {
                output = unet.Run(input, 2, height, width, t, hiddenBatch!, out s1, ct);
                UnetCalls++;
            }
            else if (guided)
            {
                var u = unet.Run(one, 1, height, width, t, hiddenUncond!, out s1, ct);
                var c = unet.Run(one, 1, height, width, t, hiddenCond!, out s2, ct);
                UnetCalls += 2;
                output = [.. u, .. c];
            }
            else
            {
                output = unet.Run(one, 1, height, width, t, hiddenCond!, out s1, ct);
                UnetCalls++;
            }
            session += s1 + s2;

            if (guided) LatentOps.CombineGuidance(output.AsSpan(0, n), output.AsSpan(n, n), guidance, noisePred);
            else output.AsSpan(0, n).CopyTo(noisePred);
            scheduler.Step(noisePred, i, latents, random);

            if (keep is not null)
            {
                // ordinary UNet: outside the mask, replace the latent by the image noised to the next level
                if (i + 1 < scheduler.Timesteps.Length) scheduler.AddNoise(inpaint!.Original, inpaint.Noise, i + 1, keep);
                else inpaint!.Original.AsSpan().CopyTo(keep);
                BlendMasked(latents, keep, inpaint.Mask, plane);
            }
            StepsRun++;
            StepOverheads.Add(Stopwatch.GetElapsedTime(stepStart) - s1 - s2);

            if (progress is not null)
            {
                int done = i - startIndex + 1;
                var report = new ImageEditProgress("step", done, total, scheduler.Name);
                if (previewEvery > 0 && (done % previewEvery == 0 || done == total))
                    report = report with { Preview = LatentOps.Preview(scheduler.PredictedOriginal ?? latents, width, height) };
                progress.Report(report);
            }
        }
        // everything in the loop but ONNX Runtime's own run time: tensor conversion, guidance, scheduler, blending
        UnetTime += session;
        OverheadTime += Stopwatch.GetElapsedTime(loopStart) - session;
    }

    /// <summary>latents = mask latents + (1 - mask) keep, per channel.</summary>
    internal static void BlendMasked(Span<float> latents, ReadOnlySpan<float> keep, ReadOnlySpan<float> mask, int plane)
    {
        for (int c = 0; c < latents.Length / plane; c++)
        {
            var l = latents.Slice(c * plane, plane);
            var k = keep.Slice(c * plane, plane);
            for (int i = 0; i < plane; i++) l[i] = k[i] + mask[i] * (l[i] - k[i]);
        }
    }
}
