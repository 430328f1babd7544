using System.ComponentModel.DataAnnotations;

namespace TradeBot.Web.Accounts;

/// <summary>
/// The first administrator, created at startup when both values are set and no user has that email.
/// Section <c>Admin</c>. An existing user with that email is promoted (roles Admin and Trader) and keeps
/// their password, so changing the password in the app is not undone by the next restart.
/// A password the Identity policy rejects stops the app at startup with the policy's message: an operator
/// who configured an admin should learn at once that there is none, not find out at the login page.
/// </summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Admin";

    /// <summary>Email (and user name) of the first admin. Empty: no admin is seeded.</summary>
    public string? Email { get; set; }

    /// <summary>Password for the first admin when it is created; ignored for an existing user.</summary>
    public string? Password { get; set; }

    /// <summary>True when the configuration asks for an admin.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Email);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsConfigured && !new EmailAddressAttribute().IsValid(Email))
            yield return new ValidationResult($"Admin:Email '{Email}' is not an email address.", [nameof(Email)]);
        if (IsConfigured && string.IsNullOrEmpty(Password))
            yield return new ValidationResult("Admin:Email is set but Admin:Password is empty.", [nameof(Password)]);
        if (!IsConfigured && !string.IsNullOrEmpty(Password))
            yield return new ValidationResult("Admin:Password is set but Admin:Email is empty.", [nameof(Email)]);
    }
}
