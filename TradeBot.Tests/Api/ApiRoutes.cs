namespace TradeBot.Tests.Api;

/// <summary>Every /api/v1 route the app maps, as (method, path template): what the tests hit and the OpenAPI document must list.</summary>
public static class ApiRoutes
{
    public static readonly (string Method, string Path)[] All =
    [
        ("GET", "/api/v1/bots"),
        ("POST", "/api/v1/bots"),
        ("GET", "/api/v1/bots/{id}"),
        ("PUT", "/api/v1/bots/{id}"),
        ("DELETE", "/api/v1/bots/{id}"),
        ("POST", "/api/v1/bots/{id}/start"),
        ("POST", "/api/v1/bots/{id}/stop"),
        ("POST", "/api/v1/bots/{id}/pause"),
        ("POST", "/api/v1/bots/{id}/resume"),
        ("POST", "/api/v1/bots/{id}/close-position"),
        ("GET", "/api/v1/bots/{id}/state"),
        ("GET", "/api/v1/bots/{id}/trades"),
        ("GET", "/api/v1/bots/{id}/event-log"),
        ("GET", "/api/v1/bots/{id}/events"),
        ("GET", "/api/v1/backtests"),
        ("POST", "/api/v1/backtests"),
        ("POST", "/api/v1/backtests/sweeps"),
        ("GET", "/api/v1/backtests/{id}"),
        ("GET", "/api/v1/backtests/{id}/result"),
        ("POST", "/api/v1/backtests/{id}/cancel"),
        ("GET", "/api/v1/strategies"),
        ("GET", "/api/v1/symbols"),
        ("GET", "/api/v1/candles"),
    ];

    /// <summary>The routes that write (a read-only token gets 403 on them).</summary>
    public static IEnumerable<(string Method, string Path)> Writes => All.Where(r => r.Method != "GET");

    public static TheoryData<string, string> AllData() => Data(All);

    public static TheoryData<string, string> WriteData() => Data(Writes);

    /// <summary>The routes about one bot, for the "another user's bot is 404" table.</summary>
    public static TheoryData<string, string> BotData() => Data(All.Where(r => r.Path.StartsWith("/api/v1/bots/{id}", StringComparison.Ordinal)));

    /// <summary>The routes about one backtest.</summary>
    public static TheoryData<string, string> BacktestData() => Data(All.Where(r => r.Path.StartsWith("/api/v1/backtests/{id}", StringComparison.Ordinal)));

    public static HttpRequestMessage Request(string method, string path, long id = 1, string? json = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).TrimStart('/'));
        if (method is "POST" or "PUT")
            request.Content = new StringContent(json ?? "{}", System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    private static TheoryData<string, string> Data(IEnumerable<(string Method, string Path)> routes)
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, path) in routes)
            data.Add(method, path);
        return data;
    }
}
