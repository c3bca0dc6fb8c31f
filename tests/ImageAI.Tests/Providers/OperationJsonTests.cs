using ImageAI.Imaging;
using ImageAI.Matting;
using ImageAI.Operations;
using ImageAI.Providers.Remote.Protocol;

namespace ImageAI.Tests.Providers;

/// <summary>The documented wire form of operation options.</summary>
public sealed class OperationJsonTests
{
    [Fact]
    public void RemoveBackground_SerialisesAsDocumented_AndRoundTrips()
    {
        var operation = new RemoveBackground { Output = BackgroundOutput.SolidColor, BackgroundColor = Rgba32.Parse("#00FF00") };
        var json = OperationJson.Serialize(operation);
        // Every option travels (camelCase names, enum values in camelCase, colours as #RRGGBBAA); the documented ones:
        Assert.StartsWith("""{"output":"solidColor","backgroundColor":"#00FF00FF",""", json);
        Assert.Contains("\"refinement\":\"none\"", json);
        Assert.Equal(operation, OperationJson.Deserialize("remove-background", json));
        Assert.Equal(new RemoveBackground(), OperationJson.Deserialize("remove-background", null));
        Assert.Equal(new RemoveBackground { ModelId = "isnet-general-quint8" }, OperationJson.Deserialize("remove-background", """{"modelId":"isnet-general-quint8"}"""));
    }

    [Fact]
    public void BadWireInput_IsATypedError()
    {
        Assert.Throws<OperationNotSupportedException>(() => OperationJson.Deserialize("no-such-operation", "{}"));
        Assert.Throws<ArgumentException>(() => OperationJson.Deserialize("remove-background", """{"output":"sideways"}"""));
        Assert.Throws<ArgumentException>(() => OperationJson.Deserialize("remove-background", """{"unknownOption":1}"""));
        Assert.Throws<ArgumentException>(() => OperationJson.Deserialize("remove-background", """{"backgroundColor":"#GG0000"}"""));
        Assert.Throws<ArgumentException>(() => OperationJson.Deserialize("remove-background", "{not json"));
    }

    [Fact]
    public void ImageValuedOptions_AreNeverOnTheWire_AndAnOperationThatSetsOneIsRefused()
    {
        // Unset, they are simply not part of the wire form (a GrayImage cannot be JSON).
        Assert.DoesNotContain("trimap", OperationJson.Serialize(new RemoveBackground()), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("template", OperationJson.Serialize(new RemoveWatermark()), StringComparison.OrdinalIgnoreCase);
        // Set, the remote editor would silently lose them: refused, naming the option.
        var withTrimap = new RemoveBackground { Refinement = MaskRefinement.Matting, Trimap = new GrayImage(4, 4) };
        var e = Assert.Throws<OperationNotSupportedException>(() => OperationJson.Serialize(withTrimap));
        Assert.Contains("Trimap", e.Message);
        Assert.Throws<ArgumentException>(() => OperationJson.Deserialize("remove-background", """{"trimap":[0,1]}"""));
    }
}
