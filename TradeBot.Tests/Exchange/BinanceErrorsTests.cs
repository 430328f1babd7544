using System.Net;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.Binance;

namespace TradeBot.Tests.Exchange;

public class BinanceErrorsTests
{
    [Theory]
    [InlineData(400, -2010, "Account has insufficient balance for requested action.", false, ExchangeErrorKind.InsufficientFunds)]
    [InlineData(400, -2019, "Margin is insufficient.", false, ExchangeErrorKind.InsufficientFunds)]
    [InlineData(400, -2010, "Market is closed.", false, ExchangeErrorKind.Rejected)]
    [InlineData(400, -1013, "Filter failure: LOT_SIZE", false, ExchangeErrorKind.FilterFailure)]
    [InlineData(400, -4164, "Order's notional must be no smaller than 5.0 (unless you choose reduce only).", false, ExchangeErrorKind.FilterFailure)]
    [InlineData(400, -1111, "Precision is over the maximum defined for this asset.", false, ExchangeErrorKind.FilterFailure)]
    [InlineData(400, -2013, "Order does not exist.", false, ExchangeErrorKind.NotFound)]
    [InlineData(400, -2011, "Unknown order sent.", false, ExchangeErrorKind.NotFound)]
    [InlineData(401, -2015, "Invalid API-key, IP, or permissions for action.", false, ExchangeErrorKind.AuthFailure)]
    [InlineData(400, -2014, "API-key format invalid.", false, ExchangeErrorKind.AuthFailure)]
    [InlineData(400, -1022, "Signature for this request is not valid.", false, ExchangeErrorKind.AuthFailure)]
    [InlineData(401, 0, "Unauthorized", false, ExchangeErrorKind.AuthFailure)]
    [InlineData(429, -1003, "Too many requests.", false, ExchangeErrorKind.RateLimited)]
    [InlineData(418, -1003, "Way too many requests; IP banned.", false, ExchangeErrorKind.RateLimited)]
    [InlineData(503, 0, "Unknown error, please check your request or try again later.", true, ExchangeErrorKind.OutcomeUnknown)]
    [InlineData(500, 0, "Internal error", true, ExchangeErrorKind.OutcomeUnknown)]
    [InlineData(400, -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.", true, ExchangeErrorKind.OutcomeUnknown)]
    [InlineData(503, 0, "Service Unavailable.", false, ExchangeErrorKind.Unreachable)]
    [InlineData(400, -1121, "Invalid symbol.", false, ExchangeErrorKind.Rejected)]
    public void Map_StatusAndCode_GivesKind(int status, int code, string message, bool isMutating, ExchangeErrorKind expected)
    {
        var error = BinanceErrors.Map((HttpStatusCode)status, code == 0 ? null : code, message, TimeSpan.FromSeconds(7), isMutating);

        error.Kind.ShouldBe(expected);
        if (expected == ExchangeErrorKind.RateLimited)
        {
            error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        }
    }

    [Fact]
    public void IsDuplicateOrder_DuplicateMessage_IsRecognised()
    {
        BinanceErrors.IsDuplicateOrder(new ExchangeError(ExchangeErrorKind.Rejected, "Duplicate order sent.", -2010)).ShouldBeTrue();
        BinanceErrors.IsDuplicateOrder(new ExchangeError(ExchangeErrorKind.Rejected, "Market is closed.", -2010)).ShouldBeFalse();
    }
}
