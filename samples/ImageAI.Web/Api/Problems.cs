using Microsoft.AspNetCore.Http.HttpResults;

namespace ImageAI.Web.Api;

/// <summary>RFC 7807 problem answers used by the API, so every error has a title a person can read and a stable type.</summary>
public static class Problems
{
    // A URN, not a web address: the problem types are documented in docs/web.md rather than served.
    private const string TypeBase = "urn:imageai:problem:";

    /// <summary>A problem with a type slug under the project's problem namespace.</summary>
    public static ProblemHttpResult Create(int status, string slug, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + slug, extensions: extensions);

    /// <summary>400 for a malformed request.</summary>
    public static ProblemHttpResult BadRequest(string slug, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status400BadRequest, slug, title, detail, extensions);

    /// <summary>404 for an unknown or expired job.</summary>
    public static ProblemHttpResult JobNotFound(string id) =>
        Create(StatusCodes.Status404NotFound, "job-not-found", "Job not found",
            $"There is no job '{id}'. Results are deleted some time after they finish; upload the image again.");
}
