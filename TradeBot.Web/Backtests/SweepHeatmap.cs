namespace TradeBot.Web.Backtests;

/// <summary>
/// A sweep's in-sample return laid out over two of its parameters (rows × columns), for the shared Heatmap component.
/// With one parameter it is one row whose columns are that parameter's values. Where a third parameter puts several
/// sets in one cell, the cell shows the set ranked best by the sweep's metric (the first of them in the ranked rows).
/// </summary>
/// <param name="RowParameter">The parameter down the rows; null for the one-row map of a single parameter.</param>
/// <param name="ColumnParameter">The parameter across the columns.</param>
/// <param name="RowValues">The row parameter's values, ascending (empty when <paramref name="RowParameter"/> is null).</param>
/// <param name="ColumnValues">The column parameter's values, ascending.</param>
/// <param name="Returns">In-sample total return % of each cell's set; null where no valid set ran.</param>
/// <param name="Sets">The full parameter set of each cell (what a click opens); null where no valid set ran.</param>
public sealed record SweepHeatmap(
    string? RowParameter, string ColumnParameter, IReadOnlyList<double> RowValues, IReadOnlyList<double> ColumnValues,
    double?[,] Returns, IReadOnlyDictionary<string, double>?[,] Sets)
{
    /// <summary>
    /// The map of <paramref name="result"/> over <paramref name="rowParameter"/> (rows) and <paramref name="columnParameter"/>
    /// (columns). A sweep of one parameter gives one row over its values whatever is asked.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is not one the sweep varied, or both are the same.</exception>
    public static SweepHeatmap Build(SweepResultJson result, string? rowParameter, string? columnParameter)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Parameters.Count == 1)
            return Build(result.Rows, null, result.Parameters[0]);
        if (rowParameter is null || columnParameter is null || !result.Parameters.Contains(rowParameter) || !result.Parameters.Contains(columnParameter))
            throw new ArgumentException($"Choose two of the sweep's parameters: {string.Join(", ", result.Parameters)}.");
        if (rowParameter == columnParameter)
            throw new ArgumentException("Rows and columns need two different parameters.");
        return Build(result.Rows, rowParameter, columnParameter);
    }

    /// <summary>The default axes: the first two parameters (rows, columns), or just the first for a one-parameter sweep.</summary>
    public static (string? Row, string Column) DefaultAxes(SweepResultJson result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Parameters.Count == 1 ? (null, result.Parameters[0]) : (result.Parameters[0], result.Parameters[1]);
    }

    /// <summary>
    /// The axes after the trader picks <paramref name="name"/> for the rows (<paramref name="forRows"/>) or the columns:
    /// picking the other axis's parameter swaps the two.
    /// </summary>
    public static (string Row, string Column) Rearrange(string row, string column, bool forRows, string name) =>
        forRows
            ? (name, name == column ? row : column)
            : (name == row ? column : row, name);

    private static SweepHeatmap Build(IReadOnlyList<SweepRowJson> ranked, string? rowParameter, string columnParameter)
    {
        var rowValues = rowParameter is null ? [] : Distinct(ranked, rowParameter);
        var columnValues = Distinct(ranked, columnParameter);
        var height = Math.Max(rowValues.Count, 1);
        var returns = new double?[height, columnValues.Count];
        var sets = new IReadOnlyDictionary<string, double>?[height, columnValues.Count];
        foreach (var row in ranked)
        {
            if (!row.Parameters.TryGetValue(columnParameter, out var x))
                continue;
            var r = 0;
            if (rowParameter is not null)
            {
                if (!row.Parameters.TryGetValue(rowParameter, out var y))
                    continue;
                r = IndexOf(rowValues, y);
            }

            var c = IndexOf(columnValues, x);
            // Rows come best first: the first set to reach a cell is its best.
            if (sets[r, c] is not null)
                continue;
            sets[r, c] = row.Parameters;
            returns[r, c] = row.Metrics.TotalReturnPerc;
        }

        return new SweepHeatmap(rowParameter, columnParameter, rowValues, columnValues, returns, sets);
    }

    private static List<double> Distinct(IReadOnlyList<SweepRowJson> rows, string parameter) =>
        [.. rows.Where(r => r.Parameters.ContainsKey(parameter)).Select(r => r.Parameters[parameter]).Distinct().Order()];

    private static int IndexOf(List<double> values, double value) => values.BinarySearch(value);
}
