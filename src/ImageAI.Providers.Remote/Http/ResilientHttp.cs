using System.Net;
using System.Text.Json;
using ImageAI.Providers.Remote.Protocol;
using Microsoft.Extensions.Logging;

namespace ImageAI.Providers.Remote.Http;

/// <summary>
/// Sends one logical request with the editor's resilience rules: a timeout per attempt (covering the whole body),
/// retries on 429, 500, 502, 503, 504, dropped connections and attempt timeouts, waiting as Retry-After asks or with
/// exponential backoff and jitter, and a cap on the response size. Every response is disposed on every path, so a
/// failed attempt never keeps a pooled connection.
/// </summary>
internal sealed class ResilientHttp(HttpClient client, RemoteEditorOptions options, ILogger logger)
{
    /// <summary>Sends the request made by <paramref name="createRequest"/> (called once per attempt) and reads the answer with <paramref name="read"/>.</summary>
    public async Task<T> SendAsync<T>(string what, Func<HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan? retryIn;
            string failure;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptCts.CancelAfter(options.RequestTimeout);
                try
                {
                    using var request = createRequest();
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                        return await read(response, attemptCts.Token).ConfigureAwait(false);
                    if (!IsTransient(response.StatusCode))
                        throw await ErrorAsync(what, response, attempt, attemptCts.Token).ConfigureAwait(false);
                    failure = $"HTTP {(int)response.StatusCode}";
                    retryIn = RetryAfter(response);
                    if (retryIn > options.MaxRetryDelay)
                        throw new RemoteServiceException(
                            $"{what}: the service answered {(int)response.StatusCode} and asks to retry after {retryIn.Value.TotalSeconds:F0} s, longer than MaxRetryDelay ({options.MaxRetryDelay.TotalSeconds:F0} s).",
                            response.StatusCode, "retry_after_too_long", attempt);
                    if (attempt > options.MaxRetries)
                        throw await ErrorAsync(what, response, attempt, attemptCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Our attempt timer fired (or HttpClient.Timeout, which surfaces the same way).
                    if (attempt > options.MaxRetries)
                        throw new RemoteServiceTimeoutException(
                            $"{what}: no complete answer within {options.RequestTimeout.TotalSeconds:0.###} s on any of {attempt} attempts.", options.RequestTimeout, attempt, ex);
                    failure = $"no answer within {options.RequestTimeout.TotalSeconds:0.###} s";
                    retryIn = null;
                }
                catch (HttpRequestException ex) when (ex.StatusCode is null)
                {
                    // No HTTP answer at all: refused or dropped connection, reset, DNS.
                    if (attempt > options.MaxRetries)
                        throw new RemoteServiceException($"{what}: the service could not be reached after {attempt} attempts: {ex.Message}", null, "connection", attempt, ex);
                    failure = ex.Message;
                    retryIn = null;
                }
            }
            var delay = retryIn ?? Backoff(attempt);
            logger.LogWarning("{What}: attempt {Attempt} failed ({Failure}); retrying in {Delay} ms.", what, attempt, failure, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the body as bytes, refusing more than <see cref="RemoteEditorOptions.MaxResponseBytes"/> without reading it all.</summary>
    public async Task<byte[]> ReadBytesAsync(string what, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        long max = options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is long declared && declared > max)
            throw TooLarge(what, response, declared);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream(response.Content.Headers.ContentLength is long n ? (int)n : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max) throw TooLarge(what, response, null);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Reads and parses a JSON body; malformed JSON is a <see cref="RemoteProtocolException"/>.</summary>
    public async Task<T> ReadJsonAsync<T>(string what, HttpResponseMessage response, CancellationToken cancellationToken) where T : class
    {
        var bytes = await ReadBytesAsync(what, response, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, OperationJson.SerializerOptions)
                   ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new RemoteProtocolException($"{what}: the service returned malformed JSON ({ex.Message}): {Preview(bytes)}", response.StatusCode, "malformed_json", ex);
        }
    }

    private RemoteProtocolException TooLarge(string what, HttpResponseMessage response, long? declared) =>
        new($"{what}: the response is {(declared is long d ? $"{d:N0} bytes" : "larger than the limit")}, over MaxResponseBytes ({options.MaxResponseBytes:N0}).",
            response.StatusCode, "response_too_large");

    /// <summary>Turns an error answer into a typed exception, using the JSON error body when there is one.</summary>
    private async Task<RemoteServiceException> ErrorAsync(string what, HttpResponseMessage response, int attempt, CancellationToken cancellationToken)
    {
        ServiceError? error = null;
        try
        {
            var bytes = await ReadBytesAsync(what, response, cancellationToken).ConfigureAwait(false);
            if (bytes.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
                error = JsonSerializer.Deserialize<ServiceErrorBody>(bytes, OperationJson.SerializerOptions)?.Errors.FirstOrDefault();
        }
        catch (Exception ex) when (ex is JsonException or RemoteProtocolException or IOException or HttpRequestException)
        {
            // The status alone still says what happened.
        }
        string detail = error?.Title ?? response.ReasonPhrase ?? "no detail";
        string message = $"{what}: the service answered {(int)response.StatusCode} {response.StatusCode}" +
                         (error?.Code is { } code ? $" ({code})" : "") + $": {detail}" +
                         (attempt > 1 ? $" (after {attempt} attempts)" : "") +
                         (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? ". Check the API key." : ".");
        return new RemoteServiceException(message, response.StatusCode, error?.Code, attempt);
    }

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout;

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>Exponential backoff with "equal jitter": half fixed, half random, so clients that failed together spread out.</summary>
    internal TimeSpan Backoff(int attempt)
    {
        double ceiling = Math.Min(options.MaxRetryDelay.TotalMilliseconds, options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    private static string Preview(byte[] bytes) =>
        System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 120)).ReplaceLineEndings(" ");
}
