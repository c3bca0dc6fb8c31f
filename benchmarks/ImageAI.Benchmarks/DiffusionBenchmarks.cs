using BenchmarkDotNet.Attributes;
using ImageAI.Diffusion;
using ImageAI.Diffusion.Schedulers;
using ImageAI.Imaging;

namespace ImageAI.Benchmarks;

/// <summary>One scheduler step (scale input + step) on a 4x64x64 latent (a 512x512 image), per scheduler.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class SchedulerStepBenchmarks
{
    private DiffusionScheduler _scheduler = null!;
    private float[] _sample = null!, _input = null!, _output = null!, _start = null!;
    private GaussianRandom _random = null!;

    [Params("ddim", "euler", "euler-a", "dpm++2m-karras", "lcm", "pndm", "lms")]
    public string Scheduler { get; set; } = "ddim";

    [GlobalSetup]
    public void Setup()
    {
        _scheduler = SchedulerFactory.Create(Scheduler, SchedulerConfig.StableDiffusion1);
        _sample = new float[4 * 64 * 64];
        _input = new float[_sample.Length];
        _output = new float[_sample.Length];
        _random = new GaussianRandom(1);
        _random.FillGaussian(_output);
        _start = new float[_sample.Length];
        _random.FillGaussian(_start);
    }

    /// <summary>A whole 20-step trajectory divided by its length gives the mean cost of one step (multistep history included).</summary>
    [Benchmark(OperationsPerInvoke = 20)]
    public void Step()
    {
        _scheduler.SetTimesteps(20);
        _start.AsSpan().CopyTo(_sample);
        for (int i = 0; i < _scheduler.Timesteps.Length && i < 20; i++)
        {
            _scheduler.ScaleModelInput(_sample, _input, i);
            _scheduler.Step(_output, i, _sample, _random);
        }
    }
}

/// <summary>Guidance and latent pre/post-processing at SD 1.x's 512x512 size.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LatentBenchmarks
{
    private float[] _uncond = null!, _cond = null!, _guided = null!, _latent = null!, _pixels = null!, _hidden = null!;
    private float[] _weights = null!;
    private ImageBuffer _image = null!;

    [GlobalSetup]
    public void Setup()
    {
        var r = new GaussianRandom(2);
        _uncond = new float[4 * 64 * 64]; r.FillGaussian(_uncond);
        _cond = new float[_uncond.Length]; r.FillGaussian(_cond);
        _guided = new float[_uncond.Length];
        _latent = new float[_uncond.Length]; r.FillGaussian(_latent);
        _pixels = new float[3 * 512 * 512];
        r.FillGaussian(_pixels);
        _image = LatentOps.TensorToImage(_pixels, 512, 512);
        _hidden = new float[77 * 768]; r.FillGaussian(_hidden);
        _weights = new float[77];
        Array.Fill(_weights, 1f);
        _weights[3] = 1.3f;
    }

    [Benchmark] public void GuidanceCombine() => LatentOps.CombineGuidance(_uncond, _cond, 7.5f, _guided);
    [Benchmark] public void ImageToTensor512() => LatentOps.ImageToTensor(_image, _pixels);
    [Benchmark] public ImageBuffer TensorToImage512() => LatentOps.TensorToImage(_pixels, 512, 512);
    [Benchmark] public ImageBuffer Preview64() => LatentOps.Preview(_latent, 64, 64);
    [Benchmark] public void PromptWeights77x768() => LatentOps.ApplyTokenWeights(_hidden, _weights, 768);
}
