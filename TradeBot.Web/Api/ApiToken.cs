using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TradeBot.Web.Accounts;

namespace TradeBot.Web.Api;

/// <summary>What a personal access token may do on <c>/api/v1</c>.</summary>
[Flags]
public enum ApiScopes
{
    None = 0,

    /// <summary>Read bots, trades, events, backtests and market data.</summary>
    Read = 1,

    /// <summary>Create, change, start and stop bots and backtests (implies <see cref="Read"/>).</summary>
    Write = 2,
}

/// <summary>
/// A personal access token for scripts: the SHA-256 hash of the token only (the token itself is shown once when created),
/// a short prefix the owner recognises it by, its scopes, and when it expires, was last used or was revoked.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }

    /// <summary>The owning user's id (AspNetUsers).</summary>
    public required string OwnerId { get; set; }

    public required string Name { get; set; }

    /// <summary>The token's first characters (<c>tb_</c> and 6 more), shown in the list.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole token's UTF-8 bytes.</summary>
    public required string Hash { get; set; }

    public ApiScopes Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Null: never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Updated at most once a minute, so a busy script does not write on every request.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.OwnerId).HasMaxLength(450);
        builder.Property(t => t.Name).HasMaxLength(ApiTokenService.NameMaxLength);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.Property(t => t.Scopes).HasConversion<int>();
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.OwnerId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
