using System.Net;
using System.Text.Json;

namespace ImageAI.Web.Tests;

/// <summary>Checks an answer is an RFC 7807 problem with the expected status.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts the status and problem+json body; returns the body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? typeSlug = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        if (typeSlug is not null) Assert.Equal("urn:imageai:problem:" + typeSlug, json.GetProperty("type").GetString());
        return json;
    }
}
