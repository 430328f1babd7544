using Microsoft.AspNetCore.Identity;

namespace TradeBot.Web.Accounts;

/// <summary>A TradeBot account: an Identity user plus the preferences the app remembers for it.</summary>
public class ApplicationUser : IdentityUser
{
    /// <summary>True when the user chose the dark theme; remembered across devices.</summary>
    public bool PrefersDarkMode { get; set; }
}
