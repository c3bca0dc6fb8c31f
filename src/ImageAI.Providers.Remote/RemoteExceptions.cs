using System.Net;

namespace ImageAI.Providers.Remote;

/// <summary>A remote service refused or failed a request, or could not be reached (after the allowed retries).</summary>
public class RemoteServiceException : ImageAIException
{
    /// <summary>Creates the exception.</summary>
    public RemoteServiceException(string message, HttpStatusCode? statusCode = null, string? errorCode = null, int attempts = 1, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Attempts = attempts;
    }

    /// <summary>The last HTTP status, when a response came.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The service's error code (e.g. <c>invalid_image</c>), when it gave one.</summary>
    public string? ErrorCode { get; }

    /// <summary>How many HTTP attempts were made.</summary>
    public int Attempts { get; }
}

/// <summary>A request, or a job, took longer than the configured timeout.</summary>
public sealed class RemoteServiceTimeoutException : RemoteServiceException
{
    /// <summary>Creates the exception.</summary>
    public RemoteServiceTimeoutException(string message, TimeSpan timeout, int attempts = 1, Exception? inner = null)
        : base(message, null, "timeout", attempts, inner) => Timeout = timeout;

    /// <summary>The limit that was exceeded.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>The service answered something the protocol does not allow: malformed JSON, a wrong content type, a body over the size limit.</summary>
public sealed class RemoteProtocolException : RemoteServiceException
{
    /// <summary>Creates the exception.</summary>
    public RemoteProtocolException(string message, HttpStatusCode? statusCode = null, string errorCode = "protocol", Exception? inner = null)
        : base(message, statusCode, errorCode, 1, inner) { }
}
