using System.Text;

namespace ImageAI.Tests.Faces;

/// <summary>
/// Writes tiny ONNX models (protobuf bytes by hand) for contract tests: graph inputs/outputs with shapes and a
/// list of single-op nodes. Only what the tests need: float tensors, dims fixed (&gt; 0) or symbolic (&lt;= 0).
/// </summary>
internal static class OnnxModelWriter
{
    public sealed record Tensor(string Name, long[] Shape);

    public sealed record Node(string OpType, string[] Inputs, string[] Outputs);

    public static byte[] Build(IEnumerable<Tensor> inputs, IEnumerable<Tensor> outputs, IEnumerable<Node> nodes, int opset = 13)
    {
        var graph = new MemoryStream();
        int n = 0;
        foreach (var node in nodes)
        {
            var nb = new MemoryStream();
            foreach (var i in node.Inputs) WriteString(nb, 1, i);
            foreach (var o in node.Outputs) WriteString(nb, 2, o);
            WriteString(nb, 3, $"node{n++}");
            WriteString(nb, 4, node.OpType);
            WriteBytes(graph, 1, nb.ToArray());
        }
        WriteString(graph, 2, "stand-in");
        foreach (var t in inputs) WriteBytes(graph, 11, ValueInfo(t));
        foreach (var t in outputs) WriteBytes(graph, 12, ValueInfo(t));

        var model = new MemoryStream();
        WriteVarintField(model, 1, 8);                 // ir_version
        WriteString(model, 2, "imageai-tests");        // producer_name
        WriteBytes(model, 7, graph.ToArray());         // graph
        var opsetId = new MemoryStream();
        WriteString(opsetId, 1, "");
        WriteVarintField(opsetId, 2, (ulong)opset);
        WriteBytes(model, 8, opsetId.ToArray());       // opset_import
        return model.ToArray();
    }

    private static byte[] ValueInfo(Tensor t)
    {
        var shape = new MemoryStream();
        int k = 0;
        foreach (var d in t.Shape)
        {
            var dim = new MemoryStream();
            if (d > 0) WriteVarintField(dim, 1, (ulong)d);
            else WriteString(dim, 2, $"{t.Name}_d{k}");
            WriteBytes(shape, 1, dim.ToArray());
            k++;
        }
        var tensorType = new MemoryStream();
        WriteVarintField(tensorType, 1, 1); // elem_type FLOAT
        WriteBytes(tensorType, 2, shape.ToArray());
        var type = new MemoryStream();
        WriteBytes(type, 1, tensorType.ToArray());
        var info = new MemoryStream();
        WriteString(info, 1, t.Name);
        WriteBytes(info, 2, type.ToArray());
        return info.ToArray();
    }

    private static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80) { s.WriteByte((byte)(v | 0x80)); v >>= 7; }
        s.WriteByte((byte)v);
    }

    private static void WriteVarintField(Stream s, int field, ulong v) { WriteVarint(s, (ulong)(field << 3)); WriteVarint(s, v); }

    private static void WriteBytes(Stream s, int field, byte[] bytes)
    {
        WriteVarint(s, (ulong)(field << 3 | 2));
        WriteVarint(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    private static void WriteString(Stream s, int field, string v) => WriteBytes(s, field, Encoding.UTF8.GetBytes(v));
}
