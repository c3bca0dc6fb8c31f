using ImageAI.Imaging;

namespace ImageAI;

/// <summary>What to edit and how.</summary>
public sealed record ImageEditRequest
{
    /// <summary>Creates a request.</summary>
    public ImageEditRequest(ImageBuffer? image, ImageOperation operation)
    {
        Image = image;
        Operation = operation ?? throw new ArgumentNullException(nameof(operation));
    }

    /// <summary>The input image; null only for operations that do not read one.</summary>
    public ImageBuffer? Image { get; init; }

    /// <summary>The operation and its options.</summary>
    public ImageOperation Operation { get; init; }

    /// <summary>Throws when the request cannot be run (missing image, invalid options).</summary>
    public void Validate()
    {
        if (Operation.RequiresImage && Image is null)
            throw new ArgumentException($"The '{Operation.Name}' operation needs an input image.", nameof(Image));
        Operation.Validate();
    }
}
