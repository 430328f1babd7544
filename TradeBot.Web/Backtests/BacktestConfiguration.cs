using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TradeBot.Web.Accounts;

namespace TradeBot.Web.Backtests;

internal sealed class BacktestRunConfiguration : IEntityTypeConfiguration<BacktestRun>
{
    public void Configure(EntityTypeBuilder<BacktestRun> builder)
    {
        builder.ToTable("backtests");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.OwnerId).HasMaxLength(450);
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.MarketType).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Symbol).HasMaxLength(32);
        builder.Property(b => b.Interval).HasMaxLength(8);
        builder.Property(b => b.Strategy).HasMaxLength(64);
        builder.Property(b => b.InputJson).HasMaxLength(16_000);
        builder.Property(b => b.Error).HasMaxLength(2000);
        builder.Ignore(b => b.IsFinished);
        builder.HasIndex(b => new { b.OwnerId, b.CreatedAt });
        builder.HasIndex(b => b.Status);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(b => b.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
