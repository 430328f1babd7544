using System.ComponentModel.DataAnnotations;

namespace TradeBot.Web.Api;

/// <summary>Settings of the REST API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Requests one personal access token may make per minute; more get 429 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 120;

    /// <summary>
    /// How often a live event stream checks its token (revoked, expired), its user (locked by an admin) and its access
    /// to the bot again; the stream ends when any is gone.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EventStreamRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
