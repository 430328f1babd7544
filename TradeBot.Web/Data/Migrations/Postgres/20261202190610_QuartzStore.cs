using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TradeBot.Web.Data.Migrations.Postgres
{
    /// <summary>
    /// The tables of Quartz.NET's clustered job store (prefix <c>qrtz_</c>), on PostgreSQL only: with several instances
    /// the bots' checks and the backtest jobs live there, and each instance takes its share from them. The DDL is the
    /// script the Quartz package in use carries for itself (<c>create_postgres.sql</c>, every statement "IF NOT EXISTS"),
    /// so the schema is exactly the one that Quartz version validates at start. Quartz owns these tables; EF Core's
    /// model does not map them. A Quartz upgrade that changes its schema comes with a migration of its own.
    /// </summary>
    public partial class QuartzStore : Migration
    {
        internal const string TablePrefix = "qrtz_";

        private const string Script = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in Statements())
                migrationBuilder.Sql(statement);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            var tables = Statements().Select(s => Regex.Match(s, @"CREATE TABLE IF NOT EXISTS (\w+)", RegexOptions.IgnoreCase))
                .Where(m => m.Success).Select(m => m.Groups[1].Value).Reverse();
            foreach (var table in tables)
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table} CASCADE;");
        }

        // The script separates statements with a line "--;;"; {0} is the prefix, {1} the prefix without a schema.
        private static IEnumerable<string> Statements()
        {
            using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(Script)
                ?? throw new InvalidOperationException($"The Quartz package no longer carries {Script}; write this migration's DDL out.");
            using var reader = new StreamReader(stream);
            var script = reader.ReadToEnd().Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal);
            return Regex.Split(script, @"^--;;\r?$", RegexOptions.Multiline)
                .Select(s => s.Trim())
                .Where(s => s.Split('\n').Any(line => line.Trim() is { Length: > 0 } text && !text.StartsWith("--", StringComparison.Ordinal)))
                .ToList();
        }
    }
}
