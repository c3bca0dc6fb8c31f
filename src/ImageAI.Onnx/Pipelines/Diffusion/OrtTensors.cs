using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageAI.Onnx.Pipelines.Diffusion;

/// <summary>Creates inputs in whatever element type a model declares (float, float16, int32, int64) and reads outputs back as float.</summary>
internal static class OrtTensors
{
    /// <summary>A floating-point tensor as float32 or float16, per <paramref name="type"/>.</summary>
    public static OrtValue Float(ReadOnlySpan<float> data, long[] shape, TensorElementType type)
    {
        switch (type)
        {
            case TensorElementType.Float:
                return OrtValue.CreateTensorValueFromMemory(data.ToArray(), shape);
            case TensorElementType.Float16:
                var half = new Float16[data.Length];
                TensorPrimitives.ConvertToHalf(data, MemoryMarshal.Cast<Float16, Half>(half.AsSpan()));
                return OrtValue.CreateTensorValueFromMemory(half, shape);
            case TensorElementType.Double:
                var d = new double[data.Length];
                for (int i = 0; i < d.Length; i++) d[i] = data[i];
                return OrtValue.CreateTensorValueFromMemory(d, shape);
            default:
                throw new NotSupportedException($"Floating-point input of element type {type} is not supported.");
        }
    }

    /// <summary>An integer or floating tensor from integral values (token ids, timesteps), per <paramref name="type"/>.</summary>
    public static OrtValue Numbers(ReadOnlySpan<double> values, long[] shape, TensorElementType type)
    {
        switch (type)
        {
            case TensorElementType.Int64:
                var l = new long[values.Length];
                for (int i = 0; i < l.Length; i++) l[i] = (long)Math.Round(values[i]);
                return OrtValue.CreateTensorValueFromMemory(l, shape);
            case TensorElementType.Int32:
                var n = new int[values.Length];
                for (int i = 0; i < n.Length; i++) n[i] = (int)Math.Round(values[i]);
                return OrtValue.CreateTensorValueFromMemory(n, shape);
            default:
                var f = new float[values.Length];
                for (int i = 0; i < f.Length; i++) f[i] = (float)values[i];
                return Float(f, shape, type);
        }
    }

    /// <summary>A float copy of an output tensor (float32 or float16), and its shape.</summary>
    public static float[] ReadFloat(OrtValue value, out long[] shape)
    {
        var info = value.GetTensorTypeAndShape();
        shape = info.Shape;
        switch (info.ElementDataType)
        {
            case TensorElementType.Float:
                return value.GetTensorDataAsSpan<float>().ToArray();
            case TensorElementType.Float16:
                var src = value.GetTensorDataAsSpan<Float16>();
                var result = new float[src.Length];
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<Float16, Half>(src), result);
                return result;
            case TensorElementType.Double:
                var dbl = value.GetTensorDataAsSpan<double>();
                var r = new float[dbl.Length];
                for (int i = 0; i < r.Length; i++) r[i] = (float)dbl[i];
                return r;
            default:
                throw new NotSupportedException($"Output element type {info.ElementDataType} is not supported.");
        }
    }
}
