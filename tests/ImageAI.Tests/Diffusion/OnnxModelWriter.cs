using System.Text;

namespace ImageAI.Tests.Diffusion;

/// <summary>
/// Writes tiny ONNX models directly as protobuf (no ONNX tooling in .NET), so tests can build stand-ins with element
/// types the shipped doubles do not have: float16 tensors and an int64 timestep, like real fp16 SD exports.
/// Only the few message fields these graphs need are written.
/// </summary>
internal static class OnnxModelWriter
{
    public const int Float = 1, Int64 = 7, Float16 = 10;

    /// <summary>A graph input or output: element type and dims (long = fixed, string = symbolic).</summary>
    public sealed record Value(string Name, int ElementType, params object[] Dims);

    /// <summary>A node: operator, inputs, outputs and optional int attribute.</summary>
    public sealed record Node(string Op, string[] Inputs, string[] Outputs, (string Name, long Value)? IntAttribute = null);

    /// <summary>An initializer with raw little-endian data.</summary>
    public sealed record Tensor(string Name, int ElementType, long[] Dims, byte[] Raw);

    public static byte[] Model(IEnumerable<Value> inputs, IEnumerable<Value> outputs, IEnumerable<Node> nodes, IEnumerable<Tensor> initializers)
    {
        var graph = new Pb();
        int n = 0;
        foreach (var node in nodes)
        {
            var pb = new Pb();
            foreach (var i in node.Inputs) pb.Str(1, i);
            foreach (var o in node.Outputs) pb.Str(2, o);
            pb.Str(3, $"n{n++}");
            pb.Str(4, node.Op);
            if (node.IntAttribute is { } a)
            {
                var attr = new Pb();
                attr.Str(1, a.Name);
                attr.Int(3, a.Value);
                attr.Int(20, 2);   // AttributeType.INT
                pb.Msg(5, attr);
            }
            graph.Msg(1, pb);
        }
        graph.Str(2, "g");
        foreach (var t in initializers)
        {
            var pb = new Pb();
            foreach (var d in t.Dims) pb.Int(1, d);
            pb.Int(2, t.ElementType);
            pb.Str(8, t.Name);
            pb.Bytes(9, t.Raw);
            graph.Msg(5, pb);
        }
        foreach (var v in inputs) graph.Msg(11, ValueInfo(v));
        foreach (var v in outputs) graph.Msg(12, ValueInfo(v));

        var model = new Pb();
        model.Int(1, 8);                 // ir_version
        model.Str(2, "imageai-tests");   // producer_name
        model.Msg(7, graph);
        var opset = new Pb();
        opset.Str(1, "");
        opset.Int(2, 17);
        model.Msg(8, opset);
        return model.ToArray();
    }

    private static Pb ValueInfo(Value v)
    {
        var shape = new Pb();
        foreach (var d in v.Dims)
        {
            var dim = new Pb();
            if (d is string s) dim.Str(2, s); else dim.Int(1, Convert.ToInt64(d));
            shape.Msg(1, dim);
        }
        var tensor = new Pb();
        tensor.Int(1, v.ElementType);
        tensor.Msg(2, shape);
        var type = new Pb();
        type.Msg(1, tensor);
        var info = new Pb();
        info.Str(1, v.Name);
        info.Msg(2, type);
        return info;
    }

    private sealed class Pb
    {
        private readonly MemoryStream _ms = new();
        private void Varint(ulong v)
        {
            while (v >= 0x80) { _ms.WriteByte((byte)(v | 0x80)); v >>= 7; }
            _ms.WriteByte((byte)v);
        }
        private void Tag(int field, int wire) => Varint((ulong)((field << 3) | wire));
        public void Int(int field, long v) { Tag(field, 0); Varint((ulong)v); }
        public void Bytes(int field, byte[] b) { Tag(field, 2); Varint((ulong)b.Length); _ms.Write(b); }
        public void Str(int field, string s) => Bytes(field, Encoding.UTF8.GetBytes(s));
        public void Msg(int field, Pb m) => Bytes(field, m.ToArray());
        public byte[] ToArray() => _ms.ToArray();
    }

    public static byte[] HalfBytes(float[] values)
    {
        var raw = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(raw.AsSpan(i * 2), (Half)values[i]);
        return raw;
    }

    public static byte[] FloatBytes(params float[] values)
    {
        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(raw.AsSpan(i * 4), values[i]);
        return raw;
    }

    public static byte[] LongBytes(params long[] values)
    {
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(raw.AsSpan(i * 8), values[i]);
        return raw;
    }

    /// <summary>
    /// Writes an fp16 SD-like model set into <paramref name="folder"/> (text encoder with int64 ids, UNet with
    /// float16 tensors and an int64 timestep, VAE decoder with float16 tensors), replacing the folder's models.
    /// The UNet predicts noise = 0.5 x sample + mean(hidden states), so the prompt reaches the output.
    /// </summary>
    public static void WriteFp16Sd(string folder)
    {
        var random = new Random(5);
        var emb = new float[49408 * 32];
        for (int i = 0; i < emb.Length; i++) emb[i] = (float)(random.NextDouble() - 0.5);
        File.WriteAllBytes(Path.Combine(folder, "text_encoder", "model.onnx"), Model(
            [new Value("input_ids", Int64, "batch", 77L)],
            [new Value("last_hidden_state", Float16, "batch", 77L, 32L)],
            [new Node("Gather", ["embedding", "input_ids"], ["last_hidden_state"])],
            [new Tensor("embedding", Float16, [49408, 32], HalfBytes(emb))]));

        File.WriteAllBytes(Path.Combine(folder, "unet", "model.onnx"), Model(
            [new Value("sample", Float16, "batch", 4L, "h", "w"), new Value("timestep", Int64, "batch"), new Value("encoder_hidden_states", Float16, "batch", 77L, 32L)],
            [new Value("out_sample", Float16, "batch", 4L, "h", "w")],
            [
                new Node("Cast", ["sample"], ["s32"], ("to", Float)),
                new Node("Cast", ["encoder_hidden_states"], ["h32"], ("to", Float)),
                new Node("ReduceMean", ["h32"], ["hm"], ("keepdims", 1)),        // [1, 1, 1]: mean of everything
                new Node("Unsqueeze", ["hm", "axis3"], ["hm4"]),                 // [1, 1, 1, 1]
                new Node("Mul", ["s32", "half"], ["scaled"]),
                new Node("Add", ["scaled", "hm4"], ["o32"]),
                new Node("Cast", ["o32"], ["out_sample"], ("to", Float16)),
            ],
            [new Tensor("half", Float, [], FloatBytes(0.5f)), new Tensor("axis3", Int64, [1], LongBytes(3))]));

        File.WriteAllBytes(Path.Combine(folder, "vae_decoder", "model.onnx"), Model(
            [new Value("latent_sample", Float16, "batch", 4L, "h", "w")],
            [new Value("sample", Float16, "batch", 3L, "H", "W")],
            [
                new Node("Cast", ["latent_sample"], ["l32"], ("to", Float)),
                new Node("Resize", ["l32", "", "scales"], ["up"]),
                new Node("Slice", ["up", "starts", "ends", "axes"], ["rgb"]),
                new Node("Cast", ["rgb"], ["sample"], ("to", Float16)),
            ],
            [
                new Tensor("scales", Float, [4], FloatBytes(1, 1, 8, 8)),
                new Tensor("starts", Int64, [1], LongBytes(0)), new Tensor("ends", Int64, [1], LongBytes(3)), new Tensor("axes", Int64, [1], LongBytes(1)),
            ]));
    }
}
