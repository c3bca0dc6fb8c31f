namespace ImageAI.Processing;

/// <summary>The memory layout of an image tensor.</summary>
public enum TensorLayout
{
    /// <summary>Channels first: [N, C, H, W] (ONNX vision models).</summary>
    Nchw,
    /// <summary>Channels last: [N, H, W, C].</summary>
    Nhwc,
}

/// <summary>The colour channel order a model expects.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue.</summary>
    Rgb,
    /// <summary>Blue, green, red (OpenCV-trained models such as YuNet and RetinaFace).</summary>
    Bgr,
}

/// <summary>
/// How 8-bit pixels become model inputs: <c>value = (pixel * Scale - Mean[c]) / Std[c]</c>, channels in
/// <see cref="Order"/>, laid out as <see cref="Layout"/>. Mean and Std are per channel in the model's order.
/// </summary>
public sealed record TensorSpec
{
    /// <summary>Multiplier applied to the raw 0..255 value first (e.g. 1/255).</summary>
    public float Scale { get; init; } = 1f;
    /// <summary>Per-channel mean, in the model's channel order.</summary>
    public float[] Mean { get; init; } = [0f, 0f, 0f];
    /// <summary>Per-channel standard deviation, in the model's channel order.</summary>
    public float[] Std { get; init; } = [1f, 1f, 1f];
    /// <summary>The channel order.</summary>
    public ChannelOrder Order { get; init; } = ChannelOrder.Rgb;
    /// <summary>The layout.</summary>
    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    /// <summary>0..255 to 0..1, RGB, NCHW (Real-ESRGAN family).</summary>
    public static TensorSpec UnitRange { get; } = new() { Scale = 1f / 255f };
    /// <summary>0..255 to -1..1, RGB, NCHW (GFPGAN/CodeFormer, VAE encoders).</summary>
    public static TensorSpec SignedUnitRange { get; } = new() { Scale = 1f / 255f, Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] };
    /// <summary>ImageNet mean/std on 0..1 RGB, NCHW.</summary>
    public static TensorSpec ImageNet { get; } = new() { Scale = 1f / 255f, Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f] };
}
