namespace TradeBot.Domain.Trading;

/// <summary>
/// Client order ids derived from (bot id, decision sequence), so a retried or replayed decision can never create a
/// second order: the exchange rejects a duplicate client order id. Format <c>tb-{botId}-{sequence}</c>, at most 36
/// characters from Binance's allowed set (letters, digits, <c>-</c>, <c>_</c>).
/// </summary>
public static class ClientOrderId
{
    /// <summary>Binance's limit on newClientOrderId.</summary>
    public const int MaxLength = 36;

    /// <summary>The id for decision <paramref name="sequence"/> of bot <paramref name="botId"/>.</summary>
    /// <exception cref="ArgumentException">The bot id has characters Binance refuses, or the id would be too long.</exception>
    public static string For(string botId, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        foreach (var c in botId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                throw new ArgumentException($"Bot id '{botId}' may only hold letters, digits, '-' and '_'.", nameof(botId));
            }
        }

        var id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"tb-{botId}-{sequence}");
        return id.Length <= MaxLength
            ? id
            : throw new ArgumentException($"Client order id '{id}' is longer than {MaxLength} characters; use a shorter bot id.", nameof(botId));
    }
}
