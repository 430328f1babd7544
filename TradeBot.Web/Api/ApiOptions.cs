using System.ComponentModel.DataAnnotations;

namespace TradeBot.Web.Api;

/// <summary>Settings of the REST API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Requests one personal access token may make per minute; more get 429 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 120;
}
