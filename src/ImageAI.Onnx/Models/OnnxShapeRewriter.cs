using System.Text;

namespace ImageAI.Onnx.Models;

/// <summary>
/// A minimal protobuf rewrite of an ONNX model so that a graph exported with a fixed spatial input size accepts
/// other sizes: the first graph input's last two dimensions become the symbolic <c>height</c> and <c>width</c>,
/// the graph outputs lose their declared shapes, and the intermediate <c>value_info</c> shape annotations (which
/// repeat the export-time sizes) are dropped so ONNX Runtime infers them again. Weights and nodes are copied
/// byte for byte. This only helps when the nodes themselves compute sizes from tensor shapes (Shape, Slice,
/// Concat feeding Resize), which callers must check by running the model.
/// </summary>
internal static class OnnxShapeRewriter
{
    // ModelProto.graph = 7; GraphProto.input = 11, output = 12, value_info = 13; ValueInfoProto.name = 1, type = 2;
    // TypeProto.tensor_type = 1; TypeProto.Tensor.elem_type = 1, shape = 2; TensorShapeProto.dim = 1;
    // Dimension.dim_value = 1, dim_param = 2.
    private const int ModelGraph = 7, GraphInput = 11, GraphOutput = 12, GraphValueInfo = 13;

    /// <summary>Returns the rewritten model bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model this rewrite understands.</exception>
    public static byte[] MakeSpatialDimsDynamic(ReadOnlySpan<byte> model)
    {
        using var output = new MemoryStream(model.Length);
        bool sawGraph = false;
        foreach (var field in Fields(model))
        {
            if (field.Number == ModelGraph && field.WireType == 2)
            {
                sawGraph = true;
                WriteBytesField(output, ModelGraph, RewriteGraph(model.Slice(field.PayloadStart, field.PayloadLength)));
            }
            else output.Write(model.Slice(field.Start, field.End - field.Start));
        }
        if (!sawGraph) throw new InvalidDataException("The file has no ONNX graph.");
        return output.ToArray();
    }

    private static byte[] RewriteGraph(ReadOnlySpan<byte> graph)
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
                    WriteBytesField(output, GraphInput, RewriteValueInfo(payload, spatialSymbolic: true));
                    break;
                case GraphOutput:
                    WriteBytesField(output, GraphOutput, RewriteValueInfo(payload, spatialSymbolic: false));
                    break;
                default:
                    output.Write(graph.Slice(field.Start, field.End - field.Start));
                    break;
            }
        }
        return output.ToArray();
    }

    /// <summary>Keeps the name and element type; the input keeps its leading dims and gets symbolic H, W; outputs get no shape.</summary>
    private static byte[] RewriteValueInfo(ReadOnlySpan<byte> valueInfo, bool spatialSymbolic)
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
        if (spatialSymbolic)
        {
            if (dims.Count != 4) throw new InvalidDataException($"Input '{name}' has rank {dims.Count}; expected NCHW.");
            for (int i = 0; i < 4; i++)
            {
                using var dim = new MemoryStream();
                if (i < 2 && dims[i] > 0) WriteVarintField(dim, 1, dims[i]);
                else WriteBytesField(dim, 2, Encoding.UTF8.GetBytes(i == 0 ? "batch" : i == 1 ? "channels" : i == 2 ? "height" : "width"));
                WriteBytesField(shape, 1, dim.ToArray());
            }
        }
        using var tensorType = new MemoryStream();
        WriteVarintField(tensorType, 1, elemType);
        if (spatialSymbolic) WriteBytesField(tensorType, 2, shape.ToArray());
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
