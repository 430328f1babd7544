using System.ComponentModel.DataAnnotations;

namespace TradeBot.Web.Data;

/// <summary>Which database the app uses. Section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default, zero setup) or <c>Postgres</c> (uses <c>ConnectionStrings:Postgres</c>).</summary>
    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the SQLite file and other local data, relative to the content root unless absolute.</summary>
    [Required]
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>Apply pending migrations when the app starts (the <c>migrate</c> command always does).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

/// <summary>The supported database engines.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
