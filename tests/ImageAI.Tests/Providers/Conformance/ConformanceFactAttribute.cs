using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ImageAI.Tests.Providers.Conformance;

/// <summary>
/// A conformance test. It is skipped, with the reason shown in the test report, when the concrete test class has a
/// public static <c>SkipReason</c> that is not null (an execution provider this machine cannot run).
/// </summary>
[XunitTestCaseDiscoverer("ImageAI.Tests.Providers.Conformance.ConformanceFactDiscoverer", "ImageAI.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceFactAttribute : FactAttribute;

/// <summary>Finds conformance tests and marks those of unavailable editors as skipped.</summary>
public sealed class ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var reason = type?.GetProperty("SkipReason", BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy)?.GetValue(null) as string;
        yield return reason is null
            ? new XunitTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)
            : new SkippedConformanceTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
    }
}

/// <summary>A test case reported as skipped with a reason computed at discovery.</summary>
public sealed class SkippedConformanceTestCase : XunitTestCase
{
    private string _reason = "";

    /// <summary>For deserialization.</summary>
    [Obsolete("Called by the de-serializer", error: true)]
    public SkippedConformanceTestCase() { }

    /// <summary>Creates the case.</summary>
    public SkippedConformanceTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string reason)
        : base(sink, display, options, method) => _reason = reason;

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    /// <inheritdoc />
    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("ConformanceSkipReason", _reason);
    }

    /// <inheritdoc />
    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("ConformanceSkipReason");
        base.Deserialize(data);
    }
}
