using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;

namespace TradeBot.Web.Api;

/// <summary>The API's error answers, all RFC 7807 problem details (so the app's HTML status pages never answer a script).</summary>
internal static class ApiResults
{
    /// <summary>400 with the validator's field errors, the same messages the forms show.</summary>
    public static ValidationProblem Invalid(IReadOnlyList<SettingsError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            title: "The request has invalid fields.");

    /// <summary>400 for one field.</summary>
    public static ValidationProblem Invalid(string field, string message) => Invalid([new SettingsError(field, message)]);

    /// <summary>404: no such thing among what the caller may see (another user's is never told apart from a missing one).</summary>
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No such {what} among yours.");

    /// <summary>409: the thing exists but its state refuses the request (already running, not finished, ...).</summary>
    public static ProblemHttpResult Conflict(string detail, IReadOnlyList<SettingsError>? errors = null)
    {
        var problem = TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
        if (errors is { Count: > 0 })
            problem.ProblemDetails.Extensions["errors"] = errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        return problem;
    }

    /// <summary>The token's user as the feature services know callers (id and admin role).</summary>
    public static Caller Caller(ClaimsPrincipal user) =>
        Accounts.Caller.From(user) ?? throw new InvalidOperationException("An /api/v1 endpoint ran without an authenticated token.");
}
