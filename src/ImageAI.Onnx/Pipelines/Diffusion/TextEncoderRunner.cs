using ImageAI.Diffusion;
using ImageAI.Onnx.Sessions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageAI.Onnx.Pipelines.Diffusion;

/// <summary>Runs the CLIP text encoder: token ids (int32 or int64, per the model) to hidden states [seq, dim].</summary>
internal sealed class TextEncoderRunner
{
    private readonly ClipTokenizer _tokenizer;
    private readonly string _idsName, _outputName;
    private readonly TensorElementType _idsType;

    public TextEncoderRunner(ModelSession session, ClipTokenizer tokenizer)
    {
        Session = session;
        _tokenizer = tokenizer;
        _idsName = session.InputNames.Contains("input_ids") ? "input_ids" : session.InputNames[0];
        var ids = session.InputMetadata[_idsName];
        _idsType = ids.ElementDataType;
        if (_idsType is not (TensorElementType.Int32 or TensorElementType.Int64))
            throw new ModelContractException(session.Model.Id, $"Text encoder input '{_idsName}' is {_idsType}; token ids must be int32 or int64.");
        if (ids.Dimensions.Length != 2)
            throw new ModelContractException(session.Model.Id, $"Text encoder input '{_idsName}' must be [batch, sequence].");
        if (ids.Dimensions[1] > 0 && ids.Dimensions[1] != tokenizer.MaxLength)
            throw new ModelContractException(session.Model.Id,
                $"The text encoder takes {ids.Dimensions[1]} tokens but the tokenizer pads to {tokenizer.MaxLength}: mismatched tokenizer.");
        _outputName = session.OutputNames.Contains("last_hidden_state") ? "last_hidden_state"
            : session.OutputNames.FirstOrDefault(n => session.OutputMetadata[n].Dimensions.Length == 3)
              ?? throw new ModelContractException(session.Model.Id, "The text encoder has no [batch, sequence, hidden] output.");
        var dims = session.OutputMetadata[_outputName].Dimensions;
        HiddenSize = dims[2] > 0 ? dims[2] : -1;
    }

    public ModelSession Session { get; }

    /// <summary>Embedding width, or -1 when the model leaves it symbolic.</summary>
    public int HiddenSize { get; private set; }

    /// <summary>The sequence length.</summary>
    public int SequenceLength => _tokenizer.MaxLength;

    /// <summary>Hidden states [seq, dim] of one prompt; weighting syntax applied when <paramref name="weighted"/>.</summary>
    public float[] Encode(string prompt, bool weighted, CancellationToken ct)
    {
        int[] ids;
        float[]? weights = null;
        if (weighted) (ids, weights) = _tokenizer.EncodeWeighted(prompt);
        else ids = _tokenizer.Encode(prompt);
        var hidden = Run(ids, ct);
        if (weights is not null) LatentOps.ApplyTokenWeights(hidden, weights, hidden.Length / ids.Length);
        return hidden;
    }

    private float[] Run(int[] ids, CancellationToken ct)
    {
        var values = new double[ids.Length];
        for (int i = 0; i < ids.Length; i++) values[i] = ids[i];
        using var input = OrtTensors.Numbers(values, [1, ids.Length], _idsType);
        using var outputs = Session.Run([_idsName], [input], [_outputName], ct);
        var hidden = OrtTensors.ReadFloat(outputs[0], out var shape);
        if (shape.Length != 3 || shape[1] != ids.Length)
            throw new ModelContractException(Session.Model.Id, $"The text encoder returned shape [{string.Join(", ", shape)}], expected [1, {ids.Length}, hidden].");
        HiddenSize = (int)shape[2];
        return hidden;
    }

    /// <summary>
    /// Runs the encoder once on the tokenizer's largest id: a tokenizer with more tokens than the encoder's
    /// embedding table makes ONNX Runtime's Gather fail, which is reported as a mismatched tokenizer.
    /// </summary>
    public void CheckTokenizerFits(string modelId)
    {
        var ids = _tokenizer.Encode("");
        ids[1] = _tokenizer.MaxTokenId;
        try
        {
            Run(ids, CancellationToken.None);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelContractException(modelId,
                $"The tokenizer of '{modelId}' does not match its text encoder (token id {_tokenizer.MaxTokenId} is outside the encoder's vocabulary): {ex.Message}");
        }
    }
}
