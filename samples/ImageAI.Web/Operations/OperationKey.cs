namespace ImageAI.Web.Operations;

/// <summary>A canonical text for an operation and its options, for the result cache key.</summary>
public static class OperationKey
{
    /// <summary>
    /// Records print every property in declaration order, so two operations with equal options print the same
    /// (defaults included, whatever the JSON spelled). Operations with collection-typed options should get their
    /// own key here, since a record prints a collection's type name rather than its items.
    /// </summary>
    public static string Of(ImageOperation operation) => operation.ToString();
}
