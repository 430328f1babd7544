using TradeBot.Web.Exchange;

namespace TradeBot.Web.Bots.Runner;

/// <summary>What the time an order was saved as pending says about what the exchange answers for its client order id.</summary>
internal static class PendingOrders
{
    /// <summary>
    /// How long after an order was saved as pending the exchange's "no such order" still means "not yet": a check that lost
    /// its lock, or a request held up on the way, can still land it (Binance refuses one older than its 5-second receive
    /// window, and our requests give up within seconds). Until then the order is looked up again, never replaced.
    /// </summary>
    public static readonly TimeSpan NotFoundGrace = TimeSpan.FromMinutes(2);

    /// <summary>How far the exchange's clock may be behind ours before an order it stamps is taken for an older one.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Whether "not found" for the order pending since <paramref name="pendingAt"/> may still turn into an order.</summary>
    public static bool MayStillLand(DateTimeOffset? pendingAt, DateTimeOffset now) => pendingAt is { } at && now - at < NotFoundGrace;

    /// <summary>
    /// Whether <paramref name="order"/>, found by the pending order's client order id, was made well before that order was
    /// decided: the id was used before (a database restored from a backup, another install trading on the same key), and
    /// the order is not this decision's.
    /// </summary>
    public static bool Predates(OrderResult order, DateTimeOffset? pendingAt) =>
        pendingAt is { } at && order.TransactTimeMs > 0 && order.TransactTimeMs < (at - ClockSkew).ToUnixTimeMilliseconds();

    /// <summary>The refusal to book such an order.</summary>
    public static string PredatesMessage(string clientOrderId, OrderResult order) =>
        $"The exchange already holds an order {clientOrderId} from {DateTimeOffset.FromUnixTimeMilliseconds(order.TransactTimeMs):u}, before this decision: "
        + "the id was used before (a database restored from a backup, or another install trading on the same key). It is not booked and nothing was sent; "
        + "check the account. The bot decides again at its next check.";
}
