using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ImageAI.Web.Api;

/// <summary>
/// When <see cref="WebOptions.ApiKey"/> is set, requires it in the <c>X-Api-Key</c> header, or in the <c>apiKey</c>
/// query parameter for the GET requests a browser makes without headers (EventSource, image and download links).
/// </summary>
public sealed class ApiKeyFilter(IOptions<WebOptions> options) : IEndpointFilter
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected)) return next(context);
        var request = context.HttpContext.Request;
        string? given = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(given) && HttpMethods.IsGet(request.Method)) given = request.Query["apiKey"];
        if (given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            return next(context);
        context.HttpContext.Response.Headers.WWWAuthenticate = "ApiKey header=\"" + HeaderName + "\"";
        return ValueTask.FromResult<object?>(Problems.Create(StatusCodes.Status401Unauthorized, "api-key", "API key required",
            $"This server needs an API key in the {HeaderName} header."));
    }
}
