using TradeBot.Domain.Trading;

namespace TradeBot.Web.Exchange.ApiKeys;

/// <summary>What a user types to add a key. The secret is used once, to encrypt and check it, and never shown again.</summary>
public sealed class ApiKeyInput
{
    public string? Label { get; set; }

    public string? ApiKey { get; set; }

    public string? Secret { get; set; }

    public bool IsTestnet { get; set; }

    // Never print the key or the secret.
    public override string ToString() => $"ApiKeyInput(label: {Label}, testnet: {IsTestnet})";
}

/// <summary>A stored key as the user may see it: no key, no secret.</summary>
/// <param name="KeyLast4">The last 4 characters of the key.</param>
public sealed record ApiKeySummary(long Id, string Label, bool IsTestnet, string KeyLast4, ApiKeyPermissions Permissions, DateTimeOffset CreatedAt)
{
    /// <summary>The message when this key may not be used for live trading, or null.</summary>
    public string? LiveRefusal => Permissions.CanWithdraw ? ApiKeyService.WithdrawRefusal : null;
}

/// <summary>The stored key, or the field-level reasons it was not stored.</summary>
public sealed record ApiKeySaveResult(ApiKeySummary? Key, IReadOnlyList<SettingsError> Errors)
{
    public bool Succeeded => Key is not null;
}

/// <summary>What became of a delete.</summary>
public enum ApiKeyDeleteOutcome
{
    Deleted,

    /// <summary>No such key for this user.</summary>
    NotFound,

    /// <summary>A bot uses the key; change the bot first.</summary>
    InUse,
}

/// <summary>Makes a trading account that acts with given credentials (Binance mainnet or testnet).</summary>
public interface ITradingAccountFactory
{
    /// <summary>An account trading with <paramref name="credentials"/>.</summary>
    ITradingAccount Create(ExchangeCredentials credentials);
}

/// <summary>Binance accounts from <see cref="Binance.BinanceExchangeFactory"/>.</summary>
internal sealed class BinanceTradingAccountFactory(Binance.BinanceExchangeFactory binance) : ITradingAccountFactory
{
    public ITradingAccount Create(ExchangeCredentials credentials) => binance.Create(credentials);
}
