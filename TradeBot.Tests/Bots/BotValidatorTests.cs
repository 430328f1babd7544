using TradeBot.Domain.Market;
using TradeBot.Web.Accounts;
using TradeBot.Web.Bots;

namespace TradeBot.Tests.Bots;

/// <summary>One SQLite host with two users and their keys, shared by the validator's rule table.</summary>
public sealed class BotValidatorFixture : IAsyncLifetime
{
    public BotsTestHost Host { get; private set; } = null!;

    public Caller Alice { get; private set; } = null!;

    public Caller Bob { get; private set; } = null!;

    /// <summary>Alice's testnet key: spot and futures.</summary>
    public long AliceTestnetKey { get; private set; }

    /// <summary>Alice's mainnet key: spot only.</summary>
    public long AliceMainnetSpotKey { get; private set; }

    public long BobTestnetKey { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        Host = await BotsTestHost.CreateAsync("Sqlite", null, cancel);
        Alice = await Host.CreateUserAsync("alice", cancel);
        Bob = await Host.CreateUserAsync("bob", cancel);
        AliceTestnetKey = await Host.AddKeyRowAsync(Alice, isTestnet: true, spot: true, futures: true, withdraw: false, cancel);
        AliceMainnetSpotKey = await Host.AddKeyRowAsync(Alice, isTestnet: false, spot: true, futures: false, withdraw: false, cancel);
        BobTestnetKey = await Host.AddKeyRowAsync(Bob, isTestnet: true, spot: true, futures: true, withdraw: false, cancel);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

public sealed class BotValidatorTests(BotValidatorFixture fixture) : IClassFixture<BotValidatorFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, Action<BotInput, BotValidatorFixture>> Cases = new()
    {
        ["name missing"] = (i, _) => i.Name = "  ",
        ["name too long"] = (i, _) => i.Name = new string('n', 101),
        ["name with control characters"] = (i, _) => i.Name = "bot\u0000one",
        ["check interval below 5 s"] = (i, _) => i.CheckIntervalSeconds = 4,
        ["interval unknown"] = (i, _) => i.Interval = "7m",
        ["strategy unknown"] = (i, _) => i.Strategy = "moon",
        ["emaFast not below emaSlow"] = (i, _) => i.StrategyParameters = new() { ["emaFast"] = 30, ["emaSlow"] = 20 },
        ["symbol not on the market"] = (i, _) => i.Symbol = "DOGEUSDT",
        ["symbol not a symbol"] = (i, _) => i.Symbol = "<script>alert(1)</script>",
        ["position size above 100%"] = (i, _) => i.PositionSizePerc = 120,
        ["no position size"] = (i, _) => i.PositionSizePerc = 0,
        ["stop-loss on at 0"] = (i, _) => i.StopLossPerc = 0,
        ["stop-loss 100%"] = (i, _) => i.StopLossPerc = 100,
        ["trailing on at 0"] = (i, _) => i.TrailingStopPerc = 0,
        ["max daily loss above 100%"] = (i, _) => i.MaxDailyLossPerc = 150,
        ["negative max daily trades"] = (i, _) => i.MaxDailyTrades = -1,
        ["leverage on spot"] = (i, _) => i.Leverage = 3,
        ["leverage above the symbol's bracket"] = (i, _) => { i.MarketType = MarketType.Futures; i.Symbol = "SOLUSDT"; i.Leverage = 75; i.StopLossPerc = 0.5; },
        ["stop beyond liquidation"] = (i, _) => { i.MarketType = MarketType.Futures; i.Leverage = 50; i.StopLossPerc = 5; },
        ["auto-transfer without amount"] = (i, _) => i.AutoTransferEnabled = true,
        ["testnet without key"] = (i, _) => i.ExchangeMode = ExchangeMode.Testnet,
        ["another user's key"] = (i, f) => { i.ExchangeMode = ExchangeMode.Testnet; i.ApiKeyId = f.BobTestnetKey; },
        ["mainnet key on testnet"] = (i, f) => { i.ExchangeMode = ExchangeMode.Testnet; i.ApiKeyId = f.AliceMainnetSpotKey; },
        ["live with live trading off"] = (i, f) => { i.ExchangeMode = ExchangeMode.Live; i.ApiKeyId = f.AliceMainnetSpotKey; },
        ["unknown exchange mode"] = (i, _) => i.ExchangeMode = (ExchangeMode)42,
        ["unknown market type"] = (i, _) => i.MarketType = (MarketType)(-1),
    };

    public static TheoryData<string, string, string> Rules => new()
    {
        { "name missing", "name", "Give the bot a name." },
        { "name too long", "name", "at most 100 characters" },
        { "name with control characters", "name", "control characters" },
        { "check interval below 5 s", "checkIntervalSeconds", "5 to 86400 seconds" },
        { "interval unknown", "interval", "Choose an interval" },
        { "strategy unknown", "strategy", "Choose a strategy: ema-rsi" },
        { "emaFast not below emaSlow", "emaFast", "must be less than emaSlow" },
        { "symbol not on the market", "symbol", "DOGEUSDT is not a tradable spot symbol" },
        { "symbol not a symbol", "symbol", "Enter a symbol such as BTCUSDT" },
        { "position size above 100%", "positionSizePerc", "from 0 to 100" },
        { "no position size", "positionSizePerc", "Set positionSizePerc or positionSizeFixed" },
        { "stop-loss on at 0", "stopLossPerc", "switch the stop-loss off" },
        { "stop-loss 100%", "stopLossPerc", "below 100" },
        { "trailing on at 0", "trailingStopPerc", "above 0 when the trailing stop is active" },
        { "max daily loss above 100%", "maxDailyLossPerc", "from 0 to 100" },
        { "negative max daily trades", "maxDailyTrades", "0 (no limit)" },
        { "leverage on spot", "leverage", "leverage must be 1 on spot" },
        { "leverage above the symbol's bracket", "leverage", "SOLUSDT allows leverage up to 50" },
        { "stop beyond liquidation", "stopLossPerc", "beyond the long liquidation price" },
        { "auto-transfer without amount", "autoTransferAmount", "Set the amount to transfer" },
        { "testnet without key", "apiKeyId", "Choose an API key" },
        { "another user's key", "apiKeyId", "No such API key among yours." },
        { "mainnet key on testnet", "apiKeyId", "a Testnet bot needs a testnet key" },
        { "live with live trading off", "exchangeMode", "Trading:LiveEnabled is false" },
        { "unknown exchange mode", "exchangeMode", "Choose Paper, Testnet or Live." },
        { "unknown market type", "marketType", "Choose spot or futures." },
    };

    [Fact]
    public async Task Validate_ValidPaperSpotBot_HasNoErrors()
    {
        var errors = await fixture.Host.Validator.ValidateAsync(fixture.Alice, BotsTestHost.ValidInput(), null, Cancel);

        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Validate_TestnetFuturesWithOwnKeyWithinBracket_HasNoErrors()
    {
        var input = BotsTestHost.ValidInput();
        input.ExchangeMode = ExchangeMode.Testnet;
        input.ApiKeyId = fixture.AliceTestnetKey;
        input.MarketType = MarketType.Futures;
        input.Leverage = 20;
        input.StopLossPerc = 2;

        (await fixture.Host.Validator.ValidateAsync(fixture.Alice, input, null, Cancel)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Validate_RuleBroken_GivesThatFieldsMessage(string rule, string field, string message)
    {
        var input = BotsTestHost.ValidInput();
        Cases[rule](input, fixture);

        var errors = await fixture.Host.Validator.ValidateAsync(fixture.Alice, input, null, Cancel);

        errors.ShouldContain(e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal),
            $"got: {string.Join(" | ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
    }

    [Fact]
    public async Task Validate_SpotOnlyKeyForLiveFutures_SaysTheKeyCannotTradeFutures()
    {
        var input = BotsTestHost.ValidInput();
        input.ExchangeMode = ExchangeMode.Live;
        input.ApiKeyId = fixture.AliceMainnetSpotKey;
        input.MarketType = MarketType.Futures;
        input.StopLossPerc = 0.5;

        var errors = await fixture.Host.Validator.ValidateAsync(fixture.Alice, input, null, Cancel);

        errors.ShouldContain(e => e.Field == "apiKeyId" && e.Message.Contains("may not trade futures", StringComparison.Ordinal));
    }
}
