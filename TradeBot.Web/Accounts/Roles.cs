namespace TradeBot.Web.Accounts;

/// <summary>The roles of TradeBot. Every account is a Trader; Admins also manage users and the system.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Trader = "Trader";

    public static readonly IReadOnlyList<string> All = [Admin, Trader];
}
