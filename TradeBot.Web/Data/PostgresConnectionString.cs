using System.Data.Common;
using Npgsql;

namespace TradeBot.Web.Data;

/// <summary>
/// The app's defaults for a PostgreSQL connection string, applied wherever one is opened (EF Core, Quartz's clustered
/// store, the live-update fan-out). A key the operator wrote in <c>ConnectionStrings:Postgres</c> always wins.
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
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connectionString;
        }
    }
}
