namespace TradeBot.Web.Exchange;

/// <summary>Why an exchange call did not give a result. Callers decide by kind, never by parsing messages.</summary>
public enum ExchangeErrorKind
{
    /// <summary>The exchange refused the request for a reason not listed below (e.g. invalid symbol, market closed).</summary>
    Rejected,

    /// <summary>Not enough balance or margin (Binance -2010 / -2019 and similar).</summary>
    InsufficientFunds,

    /// <summary>A symbol filter failed: price, lot size, notional (Binance -1013, -4164 and similar).</summary>
    FilterFailure,

    /// <summary>Too many requests (429) or banned for ignoring that (418); see <see cref="ExchangeError.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>
    /// The request may or may not have taken effect (5xx, -1007 timeout, a dropped connection after sending an order).
    /// Resolve by looking the order up by its client order id; never by sending it again blindly.
    /// </summary>
    OutcomeUnknown,

    /// <summary>Bad key, bad signature, key without the needed permission, IP not allowed.</summary>
    AuthFailure,

    /// <summary>The exchange could not be reached at all (DNS, refused, timeout before anything was sent).</summary>
    Unreachable,

    /// <summary>The thing asked for does not exist (an order id unknown to the exchange, Binance -2013).</summary>
    NotFound,
}

/// <summary>An exchange failure: kind, the exchange's own code when it gave one, a message for people, and when to retry.</summary>
public sealed record ExchangeError(ExchangeErrorKind Kind, string Message, int? Code = null, TimeSpan? RetryAfter = null)
{
    public override string ToString() => Code is { } code ? $"{Kind} ({code}): {Message}" : $"{Kind}: {Message}";
}

/// <summary>Either a value or an <see cref="ExchangeError"/>. Exchange calls return this instead of throwing for expected failures.</summary>
public readonly record struct ExchangeResult<T>
{
    private readonly T? _value;

    private ExchangeResult(T? value, ExchangeError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The failure, or null on success.</summary>
    public ExchangeError? Error { get; }

    public bool IsSuccess => Error is null;

    /// <summary>The value; throws when the call failed (check <see cref="IsSuccess"/> first).</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"exchange call failed: {Error}");

    public static ExchangeResult<T> Success(T value) => new(value, null);

    public static ExchangeResult<T> Failure(ExchangeError error) => new(default, error);

    public static implicit operator ExchangeResult<T>(T value) => Success(value);

    public static implicit operator ExchangeResult<T>(ExchangeError error) => Failure(error);
}
