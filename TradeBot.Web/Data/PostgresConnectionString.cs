using System.Data.Common;
using Npgsql;

namespace TradeBot.Web.Data;

/// <summary>
/// The app's defaults for a PostgreSQL connection string, applied to the connections of EF Core, Quartz's clustered
/// store and the bots' check locks. A key the operator wrote in <c>ConnectionStrings:Postgres</c> always wins.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>
    /// Statements each pooled connection keeps prepared once used often (Npgsql's <c>Max Auto Prepare</c>). A bot check
    /// runs the same dozen statements (Quartz's and ours) every time; parsing and planning them anew on every check was
    /// most of PostgreSQL's CPU, and with it two instances did 74% of 2,000 bots' checks at 5 s instead of all of them.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Whether a connection back in the pool keeps its session state (Npgsql's <c>No Reset On Close</c>). The app keeps
    /// none: no session settings, temporary tables or LISTEN on these connections (the live-update listener and the
    /// bots' check locks have pools of their own, reset), and Npgsql rolls back an unfinished transaction either way. The
    /// reset was 5 statements on each of the ~6 connection uses of a bot check, about half of the transactions PostgreSQL
    /// counted: without it two instances went from 73% to all of 3,000 bots' checks at 5 s.
    /// </summary>
    public const bool DefaultNoResetOnClose = true;

    /// <summary>
    /// <paramref name="connectionString"/> with the app's defaults for the keys it does not set. An empty or malformed
    /// one comes back as it was, for the settings check and Npgsql to refuse with their own messages.
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return connectionString;
        try
        {
            var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!written.ContainsKey("Max Auto Prepare") && !written.ContainsKey("MaxAutoPrepare"))
                builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
            if (!written.ContainsKey("No Reset On Close") && !written.ContainsKey("NoResetOnClose"))
                builder.NoResetOnClose = DefaultNoResetOnClose;
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connectionString;
        }
    }
}
