using Bunit;
using TradeBot.Domain.Risk;
using TradeBot.Web.Bots;
using TradeBot.Web.Components.Shared;

namespace TradeBot.Tests.Components.Shared;

public sealed class StatusChipTests : MudBlazorTestContext
{
    [Theory]
    [InlineData(BotStatus.Stopped, PauseReason.None, "Stopped", "mud-chip-color-default")]
    [InlineData(BotStatus.Running, PauseReason.None, "Running", "mud-chip-color-success")]
    [InlineData(BotStatus.Waiting, PauseReason.None, "Warming up", "mud-chip-color-info")]
    [InlineData(BotStatus.InPosition, PauseReason.None, "In position", "mud-chip-color-primary")]
    [InlineData(BotStatus.Paused, PauseReason.DailyTargetReached, "Paused: daily target reached", "mud-chip-color-warning")]
    [InlineData(BotStatus.Paused, PauseReason.MaxDailyLossHit, "Paused: max daily loss hit", "mud-chip-color-warning")]
    [InlineData(BotStatus.Paused, PauseReason.ManualStop, "Paused: stopped manually", "mud-chip-color-warning")]
    [InlineData(BotStatus.Error, PauseReason.None, "Error", "mud-chip-color-error")]
    public void Render_EachStatus_WordsWithReasonAndColour(BotStatus status, PauseReason reason, string text, string colour)
    {
        var chip = Render<StatusChip>(p => p.Add(c => c.Status, status).Add(c => c.PauseReason, reason));

        var element = chip.Find(".status-chip");
        element.TextContent.Trim().ShouldBe(text);
        element.ClassList.ShouldContain(colour);
        element.GetAttribute("data-status").ShouldBe(status.ToString());
    }
}
