namespace ImageAI;

/// <summary>The base of every error the library raises on purpose.</summary>
public class ImageAIException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageAIException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The input is not a readable image: empty, truncated, corrupt, or with impossible dimensions.</summary>
public class InvalidImageException : ImageAIException
{
    /// <summary>Creates the exception.</summary>
    public InvalidImageException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The input is in a format no registered codec reads (or writes).</summary>
public sealed class UnsupportedImageFormatException : InvalidImageException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedImageFormatException(string message) : base(message) { }
}

/// <summary>The image has more pixels than the configured limit (checked from the header, before decoding).</summary>
public sealed class ImageTooLargeException : InvalidImageException
{
    /// <summary>Creates the exception.</summary>
    public ImageTooLargeException(int width, int height, long maxPixels)
        : base($"The image is {width}x{height} ({(long)width * height:N0} pixels), over the limit of {maxPixels:N0} pixels. Raise MaxPixels to accept it.")
    {
        Width = width;
        Height = height;
        MaxPixels = maxPixels;
    }

    /// <summary>The image's width.</summary>
    public int Width { get; }

    /// <summary>The image's height.</summary>
    public int Height { get; }

    /// <summary>The limit in force.</summary>
    public long MaxPixels { get; }
}

/// <summary>A mask (or second image) does not have the size of the image it belongs to.</summary>
public sealed class MaskSizeMismatchException : ImageAIException
{
    /// <summary>Creates the exception.</summary>
    public MaskSizeMismatchException(string message, int expectedWidth, int expectedHeight, int actualWidth, int actualHeight)
        : base(message)
    {
        ExpectedWidth = expectedWidth;
        ExpectedHeight = expectedHeight;
        ActualWidth = actualWidth;
        ActualHeight = actualHeight;
    }

    /// <summary>The image's width.</summary>
    public int ExpectedWidth { get; }
    /// <summary>The image's height.</summary>
    public int ExpectedHeight { get; }
    /// <summary>The mask's width.</summary>
    public int ActualWidth { get; }
    /// <summary>The mask's height.</summary>
    public int ActualHeight { get; }
}

/// <summary>A model could not be found, fetched or loaded.</summary>
public class ModelException : ImageAIException
{
    /// <summary>Creates the exception.</summary>
    public ModelException(string modelId, string message, Exception? inner = null) : base(message, inner) => ModelId = modelId;

    /// <summary>The catalog id or path of the model.</summary>
    public string ModelId { get; }
}

/// <summary>The model id is not in the catalog, or no source could provide the file.</summary>
public sealed class ModelNotFoundException : ModelException
{
    /// <summary>Creates the exception.</summary>
    public ModelNotFoundException(string modelId, string message, IReadOnlyList<string>? attempts = null, Exception? inner = null)
        : base(modelId, message, inner) => Attempts = attempts ?? [];

    /// <summary>What was tried, one line per source, with the reason each failed.</summary>
    public IReadOnlyList<string> Attempts { get; }
}

/// <summary>A model file's SHA-256 is not the catalog's.</summary>
public sealed class ModelHashMismatchException : ModelException
{
    /// <summary>Creates the exception.</summary>
    public ModelHashMismatchException(string modelId, string path, string expected, string actual)
        : base(modelId, $"Model '{modelId}' at {path} has SHA-256 {actual}, expected {expected}.")
    {
        FilePath = path;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The file that failed the check.</summary>
    public string FilePath { get; }
    /// <summary>The catalog's hash.</summary>
    public string Expected { get; }
    /// <summary>The file's hash.</summary>
    public string Actual { get; }
}

/// <summary>A model loaded but does not have the inputs and outputs (names, shapes, types) its task needs.</summary>
public sealed class ModelContractException : ModelException
{
    /// <summary>Creates the exception.</summary>
    public ModelContractException(string modelId, string message) : base(modelId, message) { }
}

/// <summary>The editor does not support the requested operation.</summary>
public sealed class OperationNotSupportedException : ImageAIException
{
    /// <summary>Creates the exception.</summary>
    public OperationNotSupportedException(string operation, string message) : base(message) => Operation = operation;

    /// <summary>The operation's name.</summary>
    public string Operation { get; }
}

/// <summary>An execution provider (CUDA, TensorRT, DirectML, ...) was asked for but could not start.</summary>
public sealed class ExecutionProviderUnavailableException : ImageAIException
{
    /// <summary>Creates the exception.</summary>
    public ExecutionProviderUnavailableException(string provider, string reason, string fix, Exception? inner = null)
        : base($"Execution provider '{provider}' could not start: {reason}. Fix: {fix}", inner)
    {
        Provider = provider;
        Reason = reason;
        Fix = fix;
    }

    /// <summary>The provider's name.</summary>
    public string Provider { get; }
    /// <summary>What ONNX Runtime (or the check) said.</summary>
    public string Reason { get; }
    /// <summary>How to fix it.</summary>
    public string Fix { get; }
}
