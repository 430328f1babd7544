using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using TradeBot.Domain.Strategies;
using TradeBot.Web.Exchange.Simulated;

namespace TradeBot.Tests.Api;

/// <summary>
/// What a trader's script does, with nothing but HttpClient and a token against the real app on the simulated market:
/// create a paper bot, start it, read its server-sent event stream until a fill, ask to close the position, stop it, and
/// read the fill back.
/// </summary>
public sealed class ApiScriptTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Script_CreatesStartsStreamsUntilAFill_StopsTheBot()
    {
        // As BotBrowserTests: a 2-candle EMA on 1m futures candles, and the seed whose next minutes cross it most often.
        var seed = SimulatedSeeds.WithMostSignals(["BTCUSDT"], () => new EmaPriceCrossStrategy(2), DateTimeOffset.UtcNow.AddMinutes(2), DateTimeOffset.UtcNow.AddMinutes(10));
        await using var api = await ApiApp.StartAsync(Cancel, new Dictionary<string, string>
        {
            ["Exchange:Simulated:Seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["Exchange:Simulated:FormingUpdateEvery"] = "00:00:01",
        });
        var trader = await api.CreateUserAsync("scripter");
        using var client = api.Client(await api.CreateTokenAsync(trader));
        var started = DateTimeOffset.UtcNow;

        var botId = await ApiApp.CreateBotAsync(client, Cancel, new
        {
            name = "Script scalper", exchangeMode = "Paper", marketType = "Futures", symbol = "BTCUSDT", interval = "1m",
            strategy = "ema-price-cross", strategyParameters = new Dictionary<string, double> { ["emaPeriod"] = 2 },
            initialCapital = 1000, positionSizePerc = 50, checkIntervalSeconds = 5,
        });
        using var stream = new HttpRequestMessage(HttpMethod.Get, $"api/v1/bots/{botId}/events");
        stream.Headers.Accept.ParseAdd("text/event-stream");
        using var events = await client.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead, Cancel);
        events.StatusCode.ShouldBe(HttpStatusCode.OK);
        events.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        (await client.PostAsync($"api/v1/bots/{botId}/start", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromMinutes(8));
        var seen = new List<string>();
        await using var sse = SseParser.Create(await events.Content.ReadAsStreamAsync(Cancel)).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        var fill = await NextFillAsync(sse, botId, seen);
        var fillAfter = clock.Elapsed;

        seen[0].ShouldBe("connected");
        seen.ShouldContain("Started");
        fill.GetProperty("message").GetString()!.ShouldContain("opened");
        // The first fill of a new bot is an entry: the script asks for the position to be closed at the next check, and
        // the stream brings the closing fill (exit reason "manual").
        var closing = (await PostAsync(client, $"api/v1/bots/{botId}/close-position")).GetProperty("state");
        closing.GetProperty("isCloseRequested").GetBoolean().ShouldBeTrue();
        closing.GetProperty("status").GetString().ShouldBe("Paused");
        (await NextFillAsync(sse, botId, seen)).GetProperty("message").GetString()!.ShouldContain("manual");
        await PostAsync(client, $"api/v1/bots/{botId}/stop");
        var state = await client.GetFromJsonAsync<JsonElement>($"api/v1/bots/{botId}/state", Cancel);
        state.GetProperty("status").GetString().ShouldBe("Stopped");
        var since = Uri.EscapeDataString(started.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture));
        var trades = await client.GetFromJsonAsync<JsonElement>($"api/v1/bots/{botId}/trades?from={since}", Cancel);
        trades.GetProperty("total").GetInt32().ShouldBe(2, "the two fills streamed are the bot's trades");
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture));
        (await client.GetFromJsonAsync<JsonElement>($"api/v1/bots/{botId}/trades?from={future}", Cancel)).GetProperty("total").GetInt32().ShouldBe(0);
        TestContext.Current.SendDiagnosticMessage($"first fill streamed {fillAfter.TotalSeconds:0} s after the start");
    }

    private static async Task<JsonElement> NextFillAsync(IAsyncEnumerator<SseItem<string>> stream, long botId, List<string> seen)
    {
        while (await stream.MoveNextAsync())
        {
            seen.Add(stream.Current.EventType);
            var data = JsonDocument.Parse(stream.Current.Data).RootElement;
            data.GetProperty("botId").GetInt64().ShouldBe(botId);
            if (stream.Current.EventType == "Fill")
                return data;
        }
        throw new ShouldAssertException($"the stream ended without a fill; events seen: {string.Join(", ", seen)}");
    }

    // A running or paused bot checks every 5 s; a check saving its state at the same moment makes the service answer
    // "changed elsewhere" (409), and a script asks again.
    private static async Task<JsonElement> PostAsync(HttpClient client, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.PostAsync(path, null, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            if (response.StatusCode == HttpStatusCode.Conflict && body.Contains("changed elsewhere", StringComparison.Ordinal) && attempt < 5)
                continue;
            response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement;
        }
    }
}
