using MudBlazor;

namespace TradeBot.Web.Components.Layout;

/// <summary>The one MudBlazor theme of the app: a calm blue for actions, green/red kept for profit and loss.</summary>
public static class TradeBotTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#f59e0b",
            Tertiary = "#0f766e",
            Success = "#16a34a",
            Error = "#dc2626",
            AppbarBackground = "#0f172a",
            AppbarText = "#f8fafc",
            Background = "#f4f6fa",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1e293b",
            DrawerIcon = "#475569",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#60a5fa",
            Secondary = "#fbbf24",
            Tertiary = "#2dd4bf",
            Success = "#22c55e",
            Error = "#f87171",
            AppbarBackground = "#0b1120",
            AppbarText = "#e2e8f0",
            Background = "#0f172a",
            Surface = "#1e293b",
            DrawerBackground = "#111827",
            DrawerText = "#e2e8f0",
            DrawerIcon = "#94a3b8",
            TextPrimary = "#e2e8f0",
            TextSecondary = "#94a3b8",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
