using System.Globalization;
using Microsoft.Extensions.Options;
using TradeBot.Domain.Backtesting;
using TradeBot.Domain.Market;
using TradeBot.Domain.Risk;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;
using TradeBot.Web.Exchange.Candles;

namespace TradeBot.Web.Bots;

/// <summary>
/// What the create/edit bot form needs beyond <see cref="BotService"/>: the starting values, symbols and keys to pick
/// from, parameter fields generated from the strategy registry, the order size the settings would send, a quick
/// backtest, a plain summary, and which step of the form each validator field belongs to. Saving goes through
/// <see cref="BotService"/>, so the form gives the shared validator's messages and nothing else.
/// </summary>
public sealed class BotFormService(
    BotService bots, ApiKeyService apiKeys, IMarketDataSource marketData, CandleStore candles, IOptionsMonitor<TradingOptions> trading, TimeProvider time)
{
    /// <summary>How far back the quick backtest looks.</summary>
    public const int QuickBacktestDays = 90;

    /// <summary>The form's steps, in order.</summary>
    public static IReadOnlyList<string> Steps { get; } = ["Market", "Strategy", "Risk", "Review"];

    private static readonly string[] MarketFields =
        ["name", "exchangeMode", "marketType", "symbol", "interval", "apiKeyId", "leverage", "marginType", "autoTransferAmount"];

    private static readonly string[] RiskFields =
    [
        "initialCapital", "positionSizePerc", "positionSizeFixed", "stopLossPerc", "takeProfitPerc", "trailingStopPerc",
        "dailyTargetPerc", "maxDailyLossPerc", "maxDailyTrades", "checkIntervalSeconds",
    ];

    private static readonly string[] Acronyms = ["ema", "sma", "rsi", "atr", "macd"];

    /// <summary>Whether this server lets Live bots trade (<c>Trading:LiveEnabled</c>).</summary>
    public bool LiveEnabled => trading.CurrentValue.LiveEnabled;

    /// <summary>
    /// A new bot's defaults (strategy parameters filled in from the registry), or one of the caller's own bots to edit;
    /// null when <paramref name="botId"/> is not the caller's (an admin edits only their own, as the service allows).
    /// </summary>
    public async Task<BotFormStart?> LoadAsync(Caller caller, long? botId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (botId is not { } id)
        {
            var input = new BotInput();
            input.StrategyParameters = DefaultParameters(input.Strategy);
            return new BotFormStart(input, null, false);
        }

        var bot = await bots.GetAsync(caller, id, cancellationToken);
        if (bot is null || bot.Config.OwnerId != caller.UserId)
            return null;
        var edited = BotInput.From(bot.Config);
        if (StrategyRegistry.Find(edited.Strategy ?? "") is { } strategy)
            edited.StrategyParameters = new Dictionary<string, double>(strategy.WithDefaults(edited.StrategyParameters ?? []));
        return new BotFormStart(edited, bot.State.Status, bot.State.PositionSide != PositionSide.None);
    }

    /// <summary>Stores the form: a new bot when <paramref name="botId"/> is null, else new settings for that bot.</summary>
    public Task<BotResult> SaveAsync(Caller caller, long? botId, BotInput input, CancellationToken cancellationToken) =>
        botId is { } id ? bots.UpdateAsync(caller, id, input, cancellationToken) : bots.CreateAsync(caller, input, cancellationToken);

    /// <summary>The tradable symbols of <paramref name="market"/> on the configured venue, by name; empty when the venue fails.</summary>
    public async Task<IReadOnlyList<ExchangeSymbolInfo>> SymbolsAsync(MarketType market, CancellationToken cancellationToken)
    {
        var symbols = await marketData.Current.GetSymbolsAsync(market, cancellationToken);
        return symbols.IsSuccess
            ? [.. symbols.Value.Where(s => s.IsTrading).OrderBy(s => s.Symbol, StringComparer.Ordinal).Select(Info)]
            : [];
    }

    /// <summary>The symbols whose name contains <paramref name="text"/> (any case), those starting with it first, at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<string> SearchSymbols(IEnumerable<ExchangeSymbolInfo> symbols, string? text, int limit = 50)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var wanted = text?.Trim().ToUpperInvariant() ?? "";
        return
        [
            .. symbols.Select(s => s.Symbol).Where(s => s.Contains(wanted, StringComparison.Ordinal))
                .OrderBy(s => s.StartsWith(wanted, StringComparison.Ordinal) ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal).Take(limit),
        ];
    }

    /// <summary>The caller's keys a bot of <paramref name="mode"/> may use: testnet keys for Testnet, mainnet keys for Live, none for Paper.</summary>
    public async Task<IReadOnlyList<ApiKeySummary>> KeysForAsync(Caller caller, ExchangeMode mode, CancellationToken cancellationToken)
    {
        if (mode == ExchangeMode.Paper)
            return [];
        var keys = await apiKeys.ListAsync(caller, cancellationToken);
        return [.. keys.Where(k => k.IsTestnet == (mode == ExchangeMode.Testnet))];
    }

    /// <summary>The input fields of <paramref name="strategy"/>'s parameters, in the registry's order; empty for an unknown strategy.</summary>
    public static IReadOnlyList<StrategyParameterField> ParameterFields(string? strategy) =>
        StrategyRegistry.Find(strategy ?? "") is { } definition
            ? [.. definition.Parameters.Select(p => new StrategyParameterField(p.Name, Label(p.Name), p.Description, p.Default, p.Min, p.Max, p.IsInteger))]
            : [];

    /// <summary>Every parameter of <paramref name="strategy"/> at its default.</summary>
    public static Dictionary<string, double> DefaultParameters(string? strategy) =>
        ParameterFields(strategy).ToDictionary(f => f.Name, f => f.Default);

    /// <summary>The form step (index into <see cref="Steps"/>) that shows the validator field <paramref name="field"/>.</summary>
    public static int StepOf(string field) =>
        MarketFields.Contains(field) ? 0
        : field is "strategy" or "strategyParameters" || StrategyRegistry.All.Any(s => s.Parameters.Any(p => p.Name == field)) ? 1
        : RiskFields.Contains(field) ? 2
        : 3;

    /// <summary>The first step with one of <paramref name="errors"/>, or null when there are none.</summary>
    public static int? FirstStepWithError(IEnumerable<SettingsError> errors) =>
        errors.Select(e => StepOf(e.Field)).DefaultIfEmpty(-1).Min() is var step and >= 0 ? step : null;

    /// <summary>The entry order the settings would send now, or null when the symbol or its price cannot be had.</summary>
    public async Task<OrderSizeEstimate?> EstimateOrderSizeAsync(BotInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await FindSymbolAsync(input, cancellationToken) is not { } symbol)
            return null;
        var price = await marketData.Current.GetLastPriceAsync(input.MarketType, symbol.Symbol, cancellationToken);
        return price.IsSuccess && price.Value > 0 ? EstimateOrderSize(input, symbol, price.Value) : null;
    }

    /// <summary>
    /// The entry order <paramref name="input"/> would send at <paramref name="price"/>, with equity and free balance equal to
    /// the initial capital: the engine's <see cref="PositionSizer"/> arithmetic, shown before rounding as well as after.
    /// </summary>
    public static OrderSizeEstimate EstimateOrderSize(BotInput input, ExchangeSymbolInfo symbol, decimal price)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(symbol);
        var capital = input.InitialCapital;
        var amount = Math.Min(PositionSizer.CommittedAmount(capital, input.PositionSizePerc, input.PositionSizeFixed), capital);
        var fillPrice = (double)price;
        var raw = input.MarketType == MarketType.Futures
            ? amount * Math.Max(input.Leverage, 1) / fillPrice
            : amount / (fillPrice * (1 + BotSettings.DefaultSpotFeeRate));
        var rawQuantity = double.IsFinite(raw) && raw > 0 ? (decimal)raw : 0m;
        var rules = symbol.Rules;
        var quantity = Normalize(rules.RoundQuantityDown(rules.MaxQty > 0m ? Math.Min(rawQuantity, rules.MaxQty) : rawQuantity));
        var notional = Normalize(quantity * price);
        var refusal = quantity <= 0m ? "the amount buys less than one step of quantity"
            : rules.CheckOrderSize(quantity, price).Violation switch
            {
                OrderSizeViolation.None => null,
                OrderSizeViolation.BelowMinNotional => Invariant($"notional {notional} is below minNotional {Normalize(rules.MinNotional)}"),
                OrderSizeViolation.BelowMinQuantity => Invariant($"quantity {quantity} is below minQty {Normalize(rules.MinQty)}"),
                _ => Invariant($"quantity {quantity} is above maxQty {Normalize(rules.MaxQty)}"),
            };
        return new OrderSizeEstimate(symbol, price, amount, rawQuantity, quantity, notional, refusal);
    }

    // A double turned decimal keeps 28 digits of scale ("60.00000000000000000"); people read "60".
    private static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>
    /// Backtests <paramref name="input"/> on the closed candles of its symbol and interval over the last
    /// <see cref="QuickBacktestDays"/> days (from the candle store, which fetches missing ones from the configured market
    /// data). The run itself goes to the thread pool: a page awaiting this never blocks its circuit.
    /// <paramref name="progress"/> goes from 0 to 1 over the candle download (the run itself takes a moment).
    /// </summary>
    public async Task<QuickBacktestResult> RunQuickBacktestAsync(BotInput input, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Interval.TryParse(input.Interval, out var interval))
            return QuickBacktestResult.Failed("Choose an interval first.");
        if (await FindSymbolAsync(input, cancellationToken) is not { } symbol)
            return QuickBacktestResult.Failed("Choose a tradable symbol first.");
        var settings = SettingsFor(input, symbol.Rules);
        if (settings.Validate() is { Count: > 0 } problems)
            return QuickBacktestResult.Failed("Fix the settings first: " + string.Join(" ", problems.Select(p => p.Message)));

        var toMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var fromMs = toMs - (long)TimeSpan.FromDays(QuickBacktestDays).TotalMilliseconds;
        var history = await candles.GetCandlesAsync(input.MarketType, symbol.Symbol, interval, fromMs, toMs, progress, cancellationToken);
        if (!history.IsSuccess)
            return QuickBacktestResult.Failed($"The candles could not be loaded ({history.Error!.Message}); try again.", fromMs, toMs);
        var closed = history.Value.ToArray();
        if (closed.Length == 0)
            return QuickBacktestResult.Failed("The market has no candles for that range.", fromMs, toMs);

        var report = await Task.Run(() => Backtester.Run(settings, closed, null, cancellationToken, includeEquityCurve: false), cancellationToken);
        var metrics = report.Metrics;
        return new QuickBacktestResult(metrics.TotalReturnPerc, metrics.MaxDrawdownPerc, metrics.TotalTrades, closed.Length, fromMs, toMs);
    }

    /// <summary>The decision core's settings for <paramref name="input"/> on a symbol with <paramref name="rules"/>.</summary>
    public static BotSettings SettingsFor(BotInput input, SymbolRules rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        var config = new BotConfig { OwnerId = "", Name = "", Symbol = "", Interval = "", Strategy = "" };
        input.ApplyTo(config);
        return BotStateMapper.ToSettings(config, rules);
    }

    /// <summary>Everything the form says, in plain sentences, for the review step.</summary>
    public static IReadOnlyList<string> Summarize(BotInput input, string? apiKeyLabel)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lines = new List<string>();
        var market = input.MarketType == MarketType.Futures
            ? Invariant($"futures at {input.Leverage}x leverage, {input.MarginType.ToString().ToLowerInvariant()} margin")
            : "spot";
        lines.Add($"\"{input.Name?.Trim()}\" trades {input.Symbol?.Trim().ToUpperInvariant()} ({market}) on {input.Interval} candles.");
        lines.Add(input.ExchangeMode switch
        {
            ExchangeMode.Paper => "Paper trading: a simulated wallet, no real orders.",
            ExchangeMode.Testnet => $"Binance testnet with the key \"{apiKeyLabel ?? "(none chosen)"}\": real order flow, no real money.",
            _ => $"LIVE on Binance with the key \"{apiKeyLabel ?? "(none chosen)"}\": real orders with real money.",
        });
        if (input.AutoTransferEnabled && input.MarketType == MarketType.Futures)
            lines.Add(Invariant($"Moves {input.AutoTransferAmount} from the spot wallet to futures once, before the first entry."));
        var parameters = string.Join(", ", (input.StrategyParameters ?? []).Select(p => Invariant($"{p.Key} {p.Value}")));
        lines.Add($"Strategy {input.Strategy}" + (parameters.Length > 0 ? $" with {parameters}." : "."));
        lines.Add(Invariant($"Starts with {input.InitialCapital} capital and commits ")
                  + (input.PositionSizePerc > 0 ? Invariant($"{input.PositionSizePerc}% of equity") : Invariant($"a fixed {input.PositionSizeFixed}"))
                  + " per entry.");
        lines.Add("Exits: " + string.Join(", ",
            Exit("stop-loss", input.StopLossEnabled, input.StopLossPerc),
            Exit("take-profit", input.TakeProfitEnabled, input.TakeProfitPerc),
            Exit("trailing stop", input.TrailingStopEnabled, input.TrailingStopPerc)) + ".");
        lines.Add("Daily limits (UTC day): " + string.Join(", ",
            input.DailyTargetPerc > 0 ? Invariant($"pause after a {input.DailyTargetPerc}% gain") : "no daily target",
            input.MaxDailyLossPerc > 0 ? Invariant($"pause after a {input.MaxDailyLossPerc}% loss") : "no daily loss limit",
            input.MaxDailyTrades > 0 ? Invariant($"at most {input.MaxDailyTrades} trades") : "no trade limit") + ".");
        lines.Add(Invariant($"Checks the market every {input.CheckIntervalSeconds} seconds."));
        return lines;
    }

    private static string Exit(string name, bool enabled, double perc) => enabled ? Invariant($"{name} {perc}%") : $"no {name}";

    private async Task<ExchangeSymbolInfo?> FindSymbolAsync(BotInput input, CancellationToken cancellationToken)
    {
        var wanted = input.Symbol?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(wanted))
            return null;
        var symbols = await SymbolsAsync(input.MarketType, cancellationToken);
        return symbols.FirstOrDefault(s => s.Symbol == wanted);
    }

    private static ExchangeSymbolInfo Info(ExchangeSymbol symbol) =>
        new(symbol.Symbol, symbol.BaseAsset, symbol.QuoteAsset, symbol.Rules, symbol.MaxLeverage);

    // "rsiOversold" -> "RSI oversold"
    private static string Label(string name)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || char.IsUpper(name[i]))
            {
                words.Add(name[start..i].ToLowerInvariant());
                start = i;
            }
        }
        var text = string.Join(" ", words.Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant() : w));
        return text.Length == 0 ? name : char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
