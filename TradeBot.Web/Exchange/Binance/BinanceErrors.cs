using System.Net;

namespace TradeBot.Web.Exchange.Binance;

/// <summary>Maps an HTTP status and Binance error code/message to an <see cref="ExchangeErrorKind"/>.</summary>
public static class BinanceErrors
{
    /// <summary>Binance codes that mean a symbol filter failed (spot -1013, futures price/qty/notional codes).</summary>
    private static readonly HashSet<int> FilterCodes = [-1013, -1111, -4003, -4004, -4005, -4013, -4014, -4023, -4164];

    public static ExchangeError Map(HttpStatusCode status, int? code, string message, TimeSpan? retryAfter, bool isMutating)
    {
        var http = (int)status;
        if (status is HttpStatusCode.TooManyRequests || http == 418 || code == -1003)
        {
            return new ExchangeError(ExchangeErrorKind.RateLimited, message, code, retryAfter ?? TimeSpan.FromMinutes(1));
        }

        if (http >= 500 || code == -1007)
        {
            return isMutating
                ? new ExchangeError(ExchangeErrorKind.OutcomeUnknown, $"HTTP {http}: {message}", code)
                : new ExchangeError(ExchangeErrorKind.Unreachable, $"HTTP {http}: {message}", code);
        }

        var kind = code switch
        {
            -2010 when Contains(message, "insufficient") => ExchangeErrorKind.InsufficientFunds,
            -2019 or -2018 => ExchangeErrorKind.InsufficientFunds,
            { } c when FilterCodes.Contains(c) => ExchangeErrorKind.FilterFailure,
            _ when message.StartsWith("Filter failure", StringComparison.OrdinalIgnoreCase) => ExchangeErrorKind.FilterFailure,
            -2013 or -2011 => ExchangeErrorKind.NotFound,
            -2014 or -2015 or -1022 or -1002 => ExchangeErrorKind.AuthFailure,
            _ when status is HttpStatusCode.Unauthorized => ExchangeErrorKind.AuthFailure,
            _ => ExchangeErrorKind.Rejected,
        };
        return new ExchangeError(kind, message, code);
    }

    /// <summary>Binance's answer to a repeated <c>newClientOrderId</c> of an order it still has.</summary>
    public static bool IsDuplicateOrder(ExchangeError error) =>
        error.Code == -2010 && Contains(error.Message, "Duplicate order");

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
