using MudBlazor;

namespace CaseDesk.Web.Components.Layout;

internal static class CaseDeskTheme
{
    /// <summary>System CJK fonts only: nothing is fetched from the internet.</summary>
    private static readonly string[] FontStack = ["Noto Sans TC", "Noto Sans CJK TC", "Microsoft JhengHei", "PingFang TC", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#5b6b7a",
            AppbarBackground = "#1f4e79",
            Background = "#f5f6f8",
            DrawerBackground = "#ffffff",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack, FontSize = "0.875rem", LineHeight = "1.5" },
            H5 = new H5Typography { FontFamily = FontStack, FontSize = "1.35rem", FontWeight = "600" },
            H6 = new H6Typography { FontFamily = FontStack, FontSize = "1.05rem", FontWeight = "600" },
            Body1 = new Body1Typography { FontFamily = FontStack, FontSize = "0.875rem" },
            Body2 = new Body2Typography { FontFamily = FontStack, FontSize = "0.8125rem" },
            Button = new ButtonTypography { FontFamily = FontStack, TextTransform = "none" },
            Caption = new CaptionTypography { FontFamily = FontStack },
            Subtitle1 = new Subtitle1Typography { FontFamily = FontStack },
            Subtitle2 = new Subtitle2Typography { FontFamily = FontStack },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "4px" },
    };
}
