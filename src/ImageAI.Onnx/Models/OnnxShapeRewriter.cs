using System.Text;

namespace ImageAI.Onnx.Models;

/// <summary>
/// A minimal protobuf rewrite of an ONNX model exported with a fixed square input (ISNet / U2-Net: 1024x1024) so
/// it runs at another square size. Three things pin the export size: the declared graph input shape, the
/// <c>value_info</c>/output shape annotations, and, inside the graph, every "upsample like" Resize whose target
/// sizes were constant-folded to <c>[H, W]</c> (a Concat of Shape(x)[:2] and a Constant). The rewrite sets the
/// input to the new size, drops the annotations (ONNX Runtime infers them again), and patches each such
/// constant in place: a size <c>native / 2^k</c> becomes the size the network really produces at the new input,
/// i.e. the new side halved k times rounding up (stride-2 stem conv with padding 1 and ceil-mode 2x2 pooling).
/// A constant that is not such a power-of-two fraction makes the rewrite fail rather than guess. Weights and all
/// other nodes are copied byte for byte.
/// </summary>
internal static class OnnxShapeRewriter
{
    // ModelProto.graph = 7; GraphProto.input = 11, output = 12, value_info = 13; ValueInfoProto.name = 1, type = 2;
    // TypeProto.tensor_type = 1; TypeProto.Tensor.elem_type = 1, shape = 2; TensorShapeProto.dim = 1;
    // Dimension.dim_value = 1, dim_param = 2.
    private const int ModelGraph = 7, GraphInput = 11, GraphOutput = 12, GraphValueInfo = 13;

    /// <summary>Returns the model rewritten for a square input of <paramref name="side"/> pixels.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model this rewrite understands.</exception>
    public static byte[] ResizeSquareInput(byte[] modelBytes, int nativeSide, int side)
    {
        var model = (byte[])modelBytes.Clone();
        PatchResizeSizeConstants(model, nativeSide, side);
        return RewriteGraphIo(model, side);
    }

    /// <summary>The size the network produces at input <paramref name="side"/> where it produced <paramref name="nativeSize"/> at <paramref name="nativeSide"/>.</summary>
    internal static long ScaledSize(long nativeSize, int nativeSide, int side)
    {
        if (nativeSize <= 0 || nativeSize > nativeSide || nativeSide % nativeSize != 0 || !long.IsPow2(nativeSide / nativeSize))
            throw new InvalidDataException($"A Resize target size {nativeSize} is not the {nativeSide}-pixel input halved a whole number of times; this model cannot be resized.");
        long size = side;
        for (long f = nativeSide / nativeSize; f > 1; f >>= 1) size = (size + 1) / 2;
        return size;
    }

    private static void PatchResizeSizeConstants(byte[] model, int nativeSide, int side)
    {
        var graphField = Fields(model).FirstOrDefault(f => f.Number == ModelGraph && f.WireType == 2);
        if (graphField.Number != ModelGraph) throw new InvalidDataException("The file has no ONNX graph.");
        int graphStart = graphField.PayloadStart;
        var graph = model.AsSpan(graphStart, graphField.PayloadLength);
        var producers = new Dictionary<string, NodeInfo>(StringComparer.Ordinal);
        var resizes = new List<NodeInfo>();
        foreach (var field in Fields(graph))
        {
            if (field.Number != 1 || field.WireType != 2) continue;
            var node = ParseNode(graph.Slice(field.PayloadStart, field.PayloadLength), graphStart + field.PayloadStart);
            foreach (var output in node.Outputs) producers[output] = node;
            if (node.OpType == "Resize") resizes.Add(node);
        }
        int patched = 0;
        foreach (var resize in resizes)
        {
            if (resize.Inputs.Count < 4 || !producers.TryGetValue(resize.Inputs[3], out var concat) || concat.OpType != "Concat") continue;
            foreach (var input in concat.Inputs)
            {
                if (!producers.TryGetValue(input, out var constant) || constant.OpType != "Constant" || constant.Int64RawOffset < 0) continue;
                for (int k = 0; k < constant.Int64Count; k++)
                {
                    var slot = model.AsSpan(constant.Int64RawOffset + 8 * k, 8);
                    long value = BitConverter.ToInt64(slot);
                    BitConverter.TryWriteBytes(slot, ScaledSize(value, nativeSide, side));
                }
                patched++;
            }
        }
        if (patched == 0 && side != nativeSide) throw new InvalidDataException("No constant Resize sizes were found to patch.");
    }

    private sealed record NodeInfo(string OpType, List<string> Inputs, List<string> Outputs, int Int64RawOffset, int Int64Count);

    /// <summary>NodeProto: input = 1, output = 2, op_type = 4, attribute = 5 (AttributeProto.t = 5: TensorProto data_type = 2, raw_data = 9).</summary>
    private static NodeInfo ParseNode(ReadOnlySpan<byte> node, int absoluteStart)
    {
        string op = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        int rawOffset = -1, rawCount = 0;
        foreach (var f in Fields(node))
        {
            var payload = node.Slice(f.PayloadStart, f.PayloadLength);
            switch (f.Number)
            {
                case 1: inputs.Add(Encoding.UTF8.GetString(payload)); break;
                case 2: outputs.Add(Encoding.UTF8.GetString(payload)); break;
                case 4: op = Encoding.UTF8.GetString(payload); break;
                case 5:
                    foreach (var a in Fields(payload))
                    {
                        if (a.Number != 5 || a.WireType != 2) continue;
                        var tensor = payload.Slice(a.PayloadStart, a.PayloadLength);
                        long dataType = 0;
                        int rawStart = -1, rawLength = 0;
                        foreach (var t in Fields(tensor))
                        {
                            if (t.Number == 2 && t.WireType == 0) dataType = t.Value;
                            if (t.Number == 9 && t.WireType == 2) { rawStart = t.PayloadStart; rawLength = t.PayloadLength; }
                        }
                        if (dataType == 7 && rawStart >= 0 && rawLength % 8 == 0)
                        {
                            rawOffset = absoluteStart + f.PayloadStart + a.PayloadStart + rawStart;
                            rawCount = rawLength / 8;
                        }
                    }
                    break;
            }
        }
        return new NodeInfo(op, inputs, outputs, rawOffset, rawCount);
    }

    private static byte[] RewriteGraphIo(ReadOnlySpan<byte> model, int side)
    {
        using var output = new MemoryStream(model.Length);
        bool sawGraph = false;
        foreach (var field in Fields(model))
        {
            if (field.Number == ModelGraph && field.WireType == 2)
            {
                sawGraph = true;
                WriteBytesField(output, ModelGraph, RewriteGraph(model.Slice(field.PayloadStart, field.PayloadLength), side));
            }
            else output.Write(model.Slice(field.Start, field.End - field.Start));
        }
        if (!sawGraph) throw new InvalidDataException("The file has no ONNX graph.");
        return output.ToArray();
    }

    private static byte[] RewriteGraph(ReadOnlySpan<byte> graph, int side)
    {
        using var output = new MemoryStream(graph.Length);
        bool firstInput = true;
        foreach (var field in Fields(graph))
        {
            var payload = graph.Slice(field.PayloadStart, field.PayloadLength);
            switch (field.Number)
            {
                case GraphValueInfo:
                    break; // dropped: export-time shapes of intermediate tensors
                case GraphInput when firstInput:
                    firstInput = false;
                    WriteBytesField(output, GraphInput, RewriteValueInfo(payload, side));
                    break;
                case GraphOutput:
                    WriteBytesField(output, GraphOutput, RewriteValueInfo(payload, null));
                    break;
                default:
                    output.Write(graph.Slice(field.Start, field.End - field.Start));
                    break;
            }
        }
        return output.ToArray();
    }

    /// <summary>Keeps the name and element type; the input keeps its leading dims and gets side x side; outputs get no shape.</summary>
    private static byte[] RewriteValueInfo(ReadOnlySpan<byte> valueInfo, int? side)
    {
        string? name = null;
        long elemType = 1;
        var dims = new List<long>();
        foreach (var field in Fields(valueInfo))
        {
            var payload = valueInfo.Slice(field.PayloadStart, field.PayloadLength);
            if (field.Number == 1) name = Encoding.UTF8.GetString(payload);
            else if (field.Number == 2)
                foreach (var t in Fields(payload))
                    if (t.Number == 1)
                        foreach (var tensor in Fields(payload.Slice(t.PayloadStart, t.PayloadLength)))
                        {
                            var tp = payload.Slice(t.PayloadStart, t.PayloadLength);
                            if (tensor.Number == 1) elemType = tensor.Value;
                            else if (tensor.Number == 2)
                                foreach (var dim in Fields(tp.Slice(tensor.PayloadStart, tensor.PayloadLength)))
                                {
                                    var dp = tp.Slice(tensor.PayloadStart, tensor.PayloadLength).Slice(dim.PayloadStart, dim.PayloadLength);
                                    long value = -1;
                                    foreach (var d in Fields(dp)) if (d.Number == 1) value = d.Value;
                                    dims.Add(value);
                                }
                        }
        }
        if (name is null) throw new InvalidDataException("A graph input or output has no name.");

        using var shape = new MemoryStream();
        if (side is { } s)
        {
            if (dims.Count != 4) throw new InvalidDataException($"Input '{name}' has rank {dims.Count}; expected NCHW.");
            for (int i = 0; i < 4; i++)
            {
                using var dim = new MemoryStream();
                if (i >= 2) WriteVarintField(dim, 1, s);
                else if (dims[i] > 0) WriteVarintField(dim, 1, dims[i]);
                else WriteBytesField(dim, 2, Encoding.UTF8.GetBytes(i == 0 ? "batch" : "channels"));
                WriteBytesField(shape, 1, dim.ToArray());
            }
        }
        using var tensorType = new MemoryStream();
        WriteVarintField(tensorType, 1, elemType);
        if (side is not null) WriteBytesField(tensorType, 2, shape.ToArray());
        using var type = new MemoryStream();
        WriteBytesField(type, 1, tensorType.ToArray());
        using var result = new MemoryStream();
        WriteBytesField(result, 1, Encoding.UTF8.GetBytes(name));
        WriteBytesField(result, 2, type.ToArray());
        return result.ToArray();
    }

    private readonly record struct Field(int Number, int WireType, int Start, int End, int PayloadStart, int PayloadLength, long Value);

    private static List<Field> Fields(ReadOnlySpan<byte> data)
    {
        var fields = new List<Field>();
        int i = 0;
        while (i < data.Length)
        {
            int start = i;
            ulong key = ReadVarint(data, ref i);
            int number = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    long v = (long)ReadVarint(data, ref i);
                    fields.Add(new Field(number, wire, start, i, i, 0, v));
                    break;
                case 1: i += 8; fields.Add(new Field(number, wire, start, i, i - 8, 8, 0)); break;
                case 5: i += 4; fields.Add(new Field(number, wire, start, i, i - 4, 4, 0)); break;
                case 2:
                    long length = (long)ReadVarint(data, ref i);
                    if (length < 0 || i + length > data.Length) throw new InvalidDataException("Truncated protobuf field.");
                    fields.Add(new Field(number, wire, start, i + (int)length, i, (int)length, 0));
                    i += (int)length;
                    break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wire}.");
            }
            if (i > data.Length) throw new InvalidDataException("Truncated protobuf field.");
        }
        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (i >= data.Length) throw new InvalidDataException("Truncated protobuf varint.");
            byte b = data[i++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("Malformed protobuf varint.");
    }

    private static void WriteVarint(Stream s, ulong value)
    {
        while (value >= 0x80) { s.WriteByte((byte)(value | 0x80)); value >>= 7; }
        s.WriteByte((byte)value);
    }

    private static void WriteVarintField(Stream s, int number, long value)
    {
        WriteVarint(s, (ulong)(number << 3));
        WriteVarint(s, (ulong)value);
    }

    private static void WriteBytesField(Stream s, int number, ReadOnlySpan<byte> payload)
    {
        WriteVarint(s, (ulong)((number << 3) | 2));
        WriteVarint(s, (ulong)payload.Length);
        s.Write(payload);
    }
}
