using Bunit;
using TradeBot.Web.Components.Layout;

namespace TradeBot.Tests.Components.Layout;

public sealed class DarkModeToggleTests : MudBlazorTestContext
{
    [Fact]
    public void Click_InteractiveLightMode_AsksForDarkMode()
    {
        bool? requested = null;
        var toggle = Render<DarkModeToggle>(parameters => parameters
            .Add(p => p.IsDarkMode, false)
            .Add(p => p.IsDarkModeChanged, (bool dark) => requested = dark));

        toggle.Find("#dark-mode-toggle").Click();

        requested.ShouldBe(true);
        toggle.FindAll("form").ShouldBeEmpty();
    }

    [Fact]
    public void Render_StaticPageInDarkMode_PostsLightToThemeEndpoint()
    {
        RenderStatically();

        var toggle = Render<DarkModeToggle>(parameters => parameters.Add(p => p.IsDarkMode, true));

        var form = toggle.Find("form");
        form.GetAttribute("action").ShouldBe("Account/Theme");
        form.GetAttribute("method").ShouldBe("post");
        toggle.Find("input[name=dark]").GetAttribute("value").ShouldBe("false");
        toggle.Find("#dark-mode-toggle").GetAttribute("type").ShouldBe("submit");
    }
}
