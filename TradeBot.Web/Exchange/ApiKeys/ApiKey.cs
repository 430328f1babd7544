using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TradeBot.Web.Accounts;

namespace TradeBot.Web.Exchange.ApiKeys;

/// <summary>
/// A user's Binance API key. Key and secret are stored encrypted with ASP.NET Core Data Protection (key ring in the
/// database); only the last 4 characters of the key are kept readable. The permissions are a snapshot taken on save.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    /// <summary>The owning user's id (AspNetUsers).</summary>
    public required string OwnerId { get; set; }

    public required string Label { get; set; }

    public bool IsTestnet { get; set; }

    /// <summary>The last 4 characters of the key, to tell keys apart.</summary>
    public required string KeyLast4 { get; set; }

    public required string EncryptedKey { get; set; }

    public required string EncryptedSecret { get; set; }

    public bool CanTradeSpot { get; set; }

    public bool CanTradeFutures { get; set; }

    /// <summary>A key that can withdraw is kept but refused for live trading.</summary>
    public bool CanWithdraw { get; set; }

    public bool IsIpRestricted { get; set; }

    public DateTimeOffset PermissionsCheckedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The permissions snapshot as the exchange layer's record.</summary>
    public ApiKeyPermissions Permissions => new(CanTradeSpot, CanTradeFutures, CanWithdraw, IsIpRestricted);
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.OwnerId).HasMaxLength(450);
        builder.Property(k => k.Label).HasMaxLength(ApiKeyService.LabelMaxLength);
        builder.Property(k => k.KeyLast4).HasMaxLength(4);
        builder.Property(k => k.EncryptedKey).HasMaxLength(2000);
        builder.Property(k => k.EncryptedSecret).HasMaxLength(2000);
        builder.HasIndex(k => k.OwnerId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(k => k.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
