using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TradeBot.Domain.Market;
using TradeBot.Domain.Strategies;
using TradeBot.Domain.Trading;
using TradeBot.Web.Accounts;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Web.Bots;

/// <summary>
/// The one check of a bot's settings, used by the forms, the API and the CLI. Each rule gives a field-level message
/// (camelCase field names, as <see cref="SettingsError"/>); hostile input gives messages, never exceptions. The
/// strategy and risk rules are the decision core's (<see cref="BotSettings.Validate"/>); this adds what needs the
/// database, the exchange and the server's switches. Symbols and their leverage brackets come from the configured
/// market data venue (<c>Exchange:MarketData</c>), whatever the bot's exchange mode.
/// </summary>
public sealed class BotValidator(
    IDbContextFactory<AppDbContext> databases, IMarketDataSource marketData, IOptionsMonitor<TradingOptions> trading)
{
    public const int NameMaxLength = 100;

    public const int MinCheckIntervalSeconds = 5;

    public const int MaxCheckIntervalSeconds = 86_400;

    /// <summary>Largest money amount accepted (capital, fixed size, transfer).</summary>
    public const double MaxAmount = 1_000_000_000;

    /// <summary>The message when a Live bot is refused because the server has live trading switched off.</summary>
    public const string LiveDisabledMessage =
        "Live trading is switched off on this server (Trading:LiveEnabled is false), so a Live bot cannot trade. Choose Paper or Testnet, or ask the operator to switch live trading on.";

    /// <summary>
    /// Every problem with <paramref name="input"/> for a bot of <paramref name="caller"/>; empty when it can be saved.
    /// <paramref name="botId"/> is the bot being edited (null for a new bot).
    /// </summary>
    public async Task<IReadOnlyList<SettingsError>> ValidateAsync(Caller caller, BotInput input, long? botId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<SettingsError>();
        ValidateShape(input, errors);
        ValidateWithCore(input, errors);
        if (!Enum.IsDefined(input.MarketType) || !Enum.IsDefined(input.ExchangeMode))
            return errors;

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await ValidateApiKeyAsync(db, caller, input, errors, cancellationToken);
        if (botId is { } id)
            await ValidateChangeAsync(db, caller, id, input, errors, cancellationToken);
        if (!errors.Any(e => e.Field is "symbol" or "leverage"))
            await ValidateSymbolAsync(input, errors, cancellationToken);
        return errors;
    }

    /// <summary>
    /// The problems of <paramref name="input"/>'s trading settings alone (market, symbol, interval, strategy, money, exits,
    /// limits, leverage), as a backtest uses them: no name, mode, API key or check interval. Empty when they can run.
    /// </summary>
    public async Task<List<SettingsError>> ValidateTradingSettingsAsync(BotInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<SettingsError>();
        ValidateMarket(input, errors);
        ValidateNumbers(input, errors);
        ValidateWithCore(input, errors);
        if (Enum.IsDefined(input.MarketType) && !errors.Any(e => e.Field is "symbol" or "leverage"))
            await ValidateSymbolAsync(input, errors, cancellationToken);
        return errors;
    }

    // Everything that needs no I/O and that the decision core does not check (or cannot, for a value it never sees).
    private static void ValidateShape(BotInput input, List<SettingsError> errors)
    {
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors.Add(new("name", "Give the bot a name."));
        else if (name.Length > NameMaxLength)
            errors.Add(new("name", $"The name must be at most {NameMaxLength} characters."));
        else if (UserText.Problem(name) is { } problem)
            errors.Add(new("name", $"The name must not contain {problem}."));

        if (!Enum.IsDefined(input.ExchangeMode))
            errors.Add(new("exchangeMode", "Choose Paper, Testnet or Live."));
        ValidateMarket(input, errors);
        if (input.CheckIntervalSeconds is < MinCheckIntervalSeconds or > MaxCheckIntervalSeconds)
            errors.Add(new("checkIntervalSeconds", $"The check interval must be {MinCheckIntervalSeconds} to {MaxCheckIntervalSeconds} seconds."));
        ValidateNumbers(input, errors);
    }

    private static void ValidateMarket(BotInput input, List<SettingsError> errors)
    {
        if (!Enum.IsDefined(input.MarketType))
            errors.Add(new("marketType", "Choose spot or futures."));
        if (!Enum.IsDefined(input.MarginType))
            errors.Add(new("marginType", "Choose isolated or cross margin."));
        if (!IsSymbolShaped(input.Symbol))
            errors.Add(new("symbol", "Enter a symbol such as BTCUSDT (letters and digits)."));
        if (!Domain.Market.Interval.TryParse(input.Interval, out _))
            errors.Add(new("interval", $"Choose an interval: {string.Join(", ", Domain.Market.Interval.All.Select(i => i.Code))}."));
        if (input.Strategy is null || StrategyRegistry.Find(input.Strategy) is null)
            errors.Add(new("strategy", $"Choose a strategy: {string.Join(", ", StrategyRegistry.All.Select(s => s.Name))}."));
    }

    private static void ValidateNumbers(BotInput input, List<SettingsError> errors)
    {
        Amount(errors, "initialCapital", input.InitialCapital);
        Amount(errors, "positionSizeFixed", input.PositionSizeFixed);
        Amount(errors, "autoTransferAmount", input.AutoTransferAmount);
        if (input.AutoTransferEnabled && !(input.AutoTransferAmount > 0))
            errors.Add(new("autoTransferAmount", "Set the amount to transfer, or switch auto-transfer off."));
        Percentage(errors, "positionSizePerc", input.PositionSizePerc, 100);
        Percentage(errors, "stopLossPerc", input.StopLossPerc, 100);
        Percentage(errors, "takeProfitPerc", input.TakeProfitPerc, 10_000);
        Percentage(errors, "trailingStopPerc", input.TrailingStopPerc, 100);
        Percentage(errors, "dailyTargetPerc", input.DailyTargetPerc, 10_000);
        Percentage(errors, "maxDailyLossPerc", input.MaxDailyLossPerc, 100);
        if (input.MaxDailyTrades is < 0 or > 10_000)
            errors.Add(new("maxDailyTrades", "maxDailyTrades must be 0 (no limit) to 10000."));
        if (input.StopLossEnabled && !(input.StopLossPerc > 0))
            errors.Add(new("stopLossPerc", "Set the stop-loss distance above 0, or switch the stop-loss off."));
        if (input.TakeProfitEnabled && !(input.TakeProfitPerc > 0))
            errors.Add(new("takeProfitPerc", "Set the take-profit distance above 0, or switch the take-profit off."));
        var parameters = input.StrategyParameters ?? [];
        if (parameters.Count > 32 || parameters.Keys.Any(k => k.Length > 64))
            errors.Add(new("strategyParameters", "Too many strategy parameters, or a parameter name is too long."));
        foreach (var (parameter, value) in parameters.Take(32))
        {
            if (!double.IsFinite(value) || Math.Abs(value) > 1_000_000)
                errors.Add(new("strategyParameters", $"Strategy parameter '{Shorten(parameter)}' must be a number between -1000000 and 1000000."));
        }
    }

    private static void ValidateWithCore(BotInput input, List<SettingsError> errors)
    {
        var config = new BotConfig { OwnerId = "", Name = "", Symbol = "", Interval = "", Strategy = "" };
        input.ApplyTo(config);
        foreach (var error in BotStateMapper.ToSettings(config).Validate())
        {
            if (!errors.Any(e => e.Field == error.Field))
                errors.Add(error);
        }
    }

    private async Task ValidateApiKeyAsync(AppDbContext db, Caller caller, BotInput input, List<SettingsError> errors, CancellationToken cancellationToken)
    {
        if (input.ExchangeMode == ExchangeMode.Live && !trading.CurrentValue.LiveEnabled)
            errors.Add(new("exchangeMode", LiveDisabledMessage));
        if (input.ApiKeyId is not { } keyId)
        {
            if (input.ExchangeMode != ExchangeMode.Paper)
                errors.Add(new("apiKeyId", $"Choose an API key: a {input.ExchangeMode} bot trades with your Binance key."));
            return;
        }

        var key = await db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId && k.OwnerId == caller.UserId, cancellationToken);
        if (key is null)
        {
            errors.Add(new("apiKeyId", "No such API key among yours."));
            return;
        }
        if (input.ExchangeMode == ExchangeMode.Paper)
            return;
        if (key.IsTestnet != (input.ExchangeMode == ExchangeMode.Testnet))
            errors.Add(new("apiKeyId", key.IsTestnet
                ? "This is a testnet key: a Live bot needs a mainnet key."
                : "This is a mainnet key: a Testnet bot needs a testnet key."));
        else if (input.MarketType == MarketType.Spot ? !key.CanTradeSpot : !key.CanTradeFutures)
            errors.Add(new("apiKeyId", $"This key may not trade {(input.MarketType == MarketType.Spot ? "spot" : "futures")}: enable it on Binance and add the key again."));
        else if (input.ExchangeMode == ExchangeMode.Live && key.CanWithdraw)
            errors.Add(new("apiKeyId", ApiKeyService.WithdrawRefusal));
    }

    private static async Task ValidateChangeAsync(AppDbContext db, Caller caller, long botId, BotInput input, List<SettingsError> errors, CancellationToken cancellationToken)
    {
        var current = await db.Set<BotConfig>().AsNoTracking()
            .Where(b => b.Id == botId && b.OwnerId == caller.UserId)
            .Join(db.Set<BotStateRow>().AsNoTracking(), b => b.Id, s => s.BotId, (b, s) => new { Config = b, State = s })
            .FirstOrDefaultAsync(cancellationToken);
        if (current is not null)
            errors.AddRange(VenueRefusals(current.Config, current.State, input));
    }

    /// <summary>The refusals of <paramref name="input"/>'s venue changes while the bot holds a position or awaits an order.</summary>
    internal static IEnumerable<SettingsError> VenueRefusals(BotConfig config, BotStateRow state, BotInput input)
    {
        var why = state.PendingClientOrderId is not null ? "An order of this bot awaits its outcome: wait until it is booked before changing {0}."
            : state.PositionSide != PositionSide.None ? "The bot holds a position: close it before changing {0}."
            : null;
        return why is null ? [] : input.VenueChanges(config).Select(change => new SettingsError(change.Field, string.Format(CultureInfo.InvariantCulture, why, change.What)));
    }

    private async Task ValidateSymbolAsync(BotInput input, List<SettingsError> errors, CancellationToken cancellationToken)
    {
        var symbols = await marketData.Current.GetSymbolsAsync(input.MarketType, cancellationToken);
        if (!symbols.IsSuccess)
        {
            errors.Add(new("symbol", $"The symbol list could not be loaded ({symbols.Error!.Message}); try again."));
            return;
        }
        var wanted = input.Symbol!.Trim().ToUpperInvariant();
        var symbol = symbols.Value.FirstOrDefault(s => s.Symbol == wanted && s.IsTrading);
        var market = input.MarketType == MarketType.Spot ? "spot" : "futures";
        if (symbol is null)
            errors.Add(new("symbol", $"{wanted} is not a tradable {market} symbol on the exchange."));
        else if (input.MarketType == MarketType.Futures && input.Leverage > symbol.MaxLeverage)
            errors.Add(new("leverage", string.Create(CultureInfo.InvariantCulture,
                $"{wanted} allows leverage up to {symbol.MaxLeverage}; {input.Leverage} is too high.")));
    }

    private static bool IsSymbolShaped(string? symbol) =>
        symbol?.Trim() is { Length: >= 2 and <= 20 } s && s.All(char.IsAsciiLetterOrDigit);

    private static void Amount(List<SettingsError> errors, string field, double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > MaxAmount)
            errors.Add(new(field, string.Create(CultureInfo.InvariantCulture, $"{field} must be a number from 0 to {MaxAmount:0}.")));
    }

    private static void Percentage(List<SettingsError> errors, string field, double value, double max)
    {
        if (!double.IsFinite(value) || value < 0 || value > max)
            errors.Add(new(field, string.Create(CultureInfo.InvariantCulture, $"{field} must be a percentage from 0 to {max}.")));
    }

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
