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
            // Filled chips, buttons and snackbars put white text on these: each keeps WCAG AA contrast (4.5:1) with it.
            Success = "#166534",
            Error = "#b91c1c",
            Warning = "#b45309",
            Info = "#0369a1",
            AppbarBackground = "#0f172a",
            AppbarText = "#f8fafc",
            Background = "#f4f6fa",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1e293b",
            DrawerIcon = "#475569",
            TextSecondary = "#5b6170", // MudBlazor's 54% black is 4.45:1 on the page background, under AA's 4.5
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#60a5fa",
            Secondary = "#fbbf24",
            Tertiary = "#2dd4bf",
            // Bright on dark surfaces, so text on them is dark (AA contrast).
            Success = "#22c55e",
            SuccessContrastText = "#052e16",
            Error = "#f87171",
            ErrorContrastText = "#450a0a",
            Warning = "#fbbf24",
            WarningContrastText = "#1f1300",
            Info = "#38bdf8",
            InfoContrastText = "#082f49",
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
