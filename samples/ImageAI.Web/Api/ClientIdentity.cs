namespace ImageAI.Web.Api;

/// <summary>Who a request comes from, for per-client limits: the remote address (a proxy setup would use forwarded headers).</summary>
public static class ClientIdentity
{
    /// <summary>The client key of a request.</summary>
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
