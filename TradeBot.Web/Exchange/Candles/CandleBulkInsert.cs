using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TradeBot.Web.Data;

namespace TradeBot.Web.Exchange.Candles;

/// <summary>
/// Inserts new candles without EF's change tracker, which cost ~13 KB and ~16 µs per row: PostgreSQL gets one
/// <c>INSERT … SELECT FROM unnest(arrays)</c> per batch, SQLite one prepared statement executed per row inside the
/// caller's transaction. <c>ON CONFLICT DO NOTHING</c> (both engines) makes a row another writer stored first a no-op.
/// </summary>
internal static class CandleBulkInsert
{
    // Quoted: "interval" is a reserved word in PostgreSQL. Names as the snake_case convention gives them (candles table).
    private const string Columns = "\"market\", \"symbol\", \"interval\", \"open_time_ms\", \"open\", \"high\", \"low\", \"close\", \"volume\"";

    /// <summary>Inserts <paramref name="rows"/> within the context's current transaction; returns how many were new.</summary>
    public static async Task<int> InsertAsync(AppDbContext db, IReadOnlyList<StoredCandle> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
            return 0;
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return db.Database.IsNpgsql()
            ? await InsertPostgresAsync(command, rows, cancellationToken)
            : await InsertSqliteAsync(command, rows, cancellationToken);
    }

    private static async Task<int> InsertPostgresAsync(DbCommand command, IReadOnlyList<StoredCandle> rows, CancellationToken cancellationToken)
    {
        command.CommandText = $"INSERT INTO candles ({Columns}) SELECT * FROM unnest(@m, @s, @i, @t, @o, @h, @l, @c, @v) ON CONFLICT DO NOTHING";
        Add(command, "@m", rows.Select(r => r.Market.ToString()).ToArray());
        Add(command, "@s", rows.Select(r => r.Symbol).ToArray());
        Add(command, "@i", rows.Select(r => r.Interval).ToArray());
        Add(command, "@t", rows.Select(r => r.OpenTimeMs).ToArray());
        Add(command, "@o", rows.Select(r => r.Open).ToArray());
        Add(command, "@h", rows.Select(r => r.High).ToArray());
        Add(command, "@l", rows.Select(r => r.Low).ToArray());
        Add(command, "@c", rows.Select(r => r.Close).ToArray());
        Add(command, "@v", rows.Select(r => r.Volume).ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> InsertSqliteAsync(DbCommand command, IReadOnlyList<StoredCandle> rows, CancellationToken cancellationToken)
    {
        command.CommandText = $"INSERT INTO candles ({Columns}) VALUES ($m, $s, $i, $t, $o, $h, $l, $c, $v) ON CONFLICT DO NOTHING";
        var parameters = new[] { "$m", "$s", "$i", "$t", "$o", "$h", "$l", "$c", "$v" }.Select(name => Add(command, name, DBNull.Value)).ToArray();
        await command.PrepareAsync(cancellationToken);
        var inserted = 0;
        foreach (var row in rows)
        {
            parameters[0].Value = row.Market.ToString();
            parameters[1].Value = row.Symbol;
            parameters[2].Value = row.Interval;
            parameters[3].Value = row.OpenTimeMs;
            parameters[4].Value = row.Open;
            parameters[5].Value = row.High;
            parameters[6].Value = row.Low;
            parameters[7].Value = row.Close;
            parameters[8].Value = row.Volume;
            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return inserted;
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
