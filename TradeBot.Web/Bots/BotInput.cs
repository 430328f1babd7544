using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Web.Exchange;

namespace TradeBot.Web.Bots;

/// <summary>
/// A bot's settings as a form, the API or the CLI send them; checked by <see cref="BotValidator"/> before anything is
/// stored. Defaults are those of a new paper bot.
/// </summary>
public sealed class BotInput
{
    public string? Name { get; set; }

    public ExchangeMode ExchangeMode { get; set; } = ExchangeMode.Paper;

    public MarketType MarketType { get; set; } = MarketType.Spot;

    public string? Symbol { get; set; }

    public string? Interval { get; set; } = "1h";

    public string? Strategy { get; set; } = EmaRsiStrategy.StrategyName;

    public Dictionary<string, double>? StrategyParameters { get; set; } = [];

    public double InitialCapital { get; set; } = 1000;

    public double PositionSizePerc { get; set; } = 100;

    public double PositionSizeFixed { get; set; }

    public bool StopLossEnabled { get; set; }

    public double StopLossPerc { get; set; }

    public bool TakeProfitEnabled { get; set; }

    public double TakeProfitPerc { get; set; }

    public bool TrailingStopEnabled { get; set; }

    public double TrailingStopPerc { get; set; }

    public double DailyTargetPerc { get; set; }

    public double MaxDailyLossPerc { get; set; }

    public int MaxDailyTrades { get; set; }

    public int Leverage { get; set; } = 1;

    public MarginType MarginType { get; set; } = MarginType.Isolated;

    public int CheckIntervalSeconds { get; set; } = 30;

    public long? ApiKeyId { get; set; }

    public bool AutoTransferEnabled { get; set; }

    public double AutoTransferAmount { get; set; }

    /// <summary>The <see cref="BotConfig.Version"/> the editor started from; a different stored version refuses the update.</summary>
    public long? Version { get; set; }

    /// <summary>The form of a stored bot, for editing.</summary>
    public static BotInput From(BotConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new BotInput
        {
            Name = config.Name, ExchangeMode = config.ExchangeMode, MarketType = config.MarketType, Symbol = config.Symbol,
            Interval = config.Interval, Strategy = config.Strategy, StrategyParameters = new(config.StrategyParameters),
            InitialCapital = config.InitialCapital, PositionSizePerc = config.PositionSizePerc, PositionSizeFixed = config.PositionSizeFixed,
            StopLossEnabled = config.StopLossEnabled, StopLossPerc = config.StopLossPerc,
            TakeProfitEnabled = config.TakeProfitEnabled, TakeProfitPerc = config.TakeProfitPerc,
            TrailingStopEnabled = config.TrailingStopEnabled, TrailingStopPerc = config.TrailingStopPerc,
            DailyTargetPerc = config.DailyTargetPerc, MaxDailyLossPerc = config.MaxDailyLossPerc, MaxDailyTrades = config.MaxDailyTrades,
            Leverage = config.Leverage, MarginType = config.MarginType, CheckIntervalSeconds = config.CheckIntervalSeconds,
            ApiKeyId = config.ApiKeyId, AutoTransferEnabled = config.AutoTransferEnabled, AutoTransferAmount = config.AutoTransferAmount,
            Version = config.Version,
        };
    }

    /// <summary>
    /// The settings that say where the bot's position lives (exchange mode, API key unless on paper, market type,
    /// symbol) that this input would change on <paramref name="config"/>, as form field and words. While the bot holds a
    /// position or awaits an order's outcome they must stay: the exits and the order lookup go where the entry went.
    /// </summary>
    internal List<(string Field, string What)> VenueChanges(BotConfig config)
    {
        var changes = new List<(string, string)>();
        if (ExchangeMode != config.ExchangeMode)
            changes.Add(("exchangeMode", "the exchange mode"));
        else if (ExchangeMode != ExchangeMode.Paper && ApiKeyId != config.ApiKeyId)
            changes.Add(("apiKeyId", "the API key"));
        if (MarketType != config.MarketType)
            changes.Add(("marketType", "the market type"));
        if (!string.Equals(Symbol?.Trim(), config.Symbol, StringComparison.OrdinalIgnoreCase))
            changes.Add(("symbol", "the symbol"));
        return changes;
    }

    /// <summary>Copies the input onto <paramref name="config"/> (missing text becomes empty; validate first).</summary>
    internal void ApplyTo(BotConfig config)
    {
        config.Name = Name?.Trim() ?? "";
        config.ExchangeMode = ExchangeMode;
        config.MarketType = MarketType;
        config.Symbol = Symbol?.Trim().ToUpperInvariant() ?? "";
        config.Interval = Interval ?? "";
        config.Strategy = Strategy ?? "";
        config.StrategyParameters = new Dictionary<string, double>(StrategyParameters ?? []);
        config.InitialCapital = InitialCapital;
        config.PositionSizePerc = PositionSizePerc;
        config.PositionSizeFixed = PositionSizeFixed;
        config.StopLossEnabled = StopLossEnabled;
        config.StopLossPerc = StopLossPerc;
        config.TakeProfitEnabled = TakeProfitEnabled;
        config.TakeProfitPerc = TakeProfitPerc;
        config.TrailingStopEnabled = TrailingStopEnabled;
        config.TrailingStopPerc = TrailingStopPerc;
        config.DailyTargetPerc = DailyTargetPerc;
        config.MaxDailyLossPerc = MaxDailyLossPerc;
        config.MaxDailyTrades = MaxDailyTrades;
        config.Leverage = Leverage;
        config.MarginType = MarginType;
        config.CheckIntervalSeconds = CheckIntervalSeconds;
        config.ApiKeyId = ApiKeyId;
        config.AutoTransferEnabled = AutoTransferEnabled;
        config.AutoTransferAmount = AutoTransferAmount;
    }
}
