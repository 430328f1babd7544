using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TradeBot.Tests.Infrastructure;

namespace TradeBot.Tests.Browser;

/// <summary>
/// What the trader-page browser tests look at, in one place: signing up, waiting for the live circuit, sideways
/// overflow at phone width, the bot form's step headers, screenshots in light and dark with an axe scan.
/// </summary>
internal static class BotPageChecks
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Registers, confirms and signs in; ends on the dashboard.</summary>
    public static async Task SignUpAsync(IPage page, string email)
    {
        await AccountFlows.RegisterAndConfirmAsync(page, email);
        await page.GotoAsync("Account/Login");
        await AccountFlows.SubmitLoginAsync(page, email, AccountFlows.Password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    /// <summary>
    /// The prerendered page looks the same as the live one, but typing into it before the circuit attaches is lost:
    /// waits until Blazor has rendered the element interactively (it then carries an element-reference attribute).
    /// </summary>
    public static Task WaitForInteractiveAsync(IPage page, string selector) =>
        WaitForAsync(() => page.EvaluateAsync<bool>(
            "s => [...(document.querySelector(s)?.attributes ?? [])].some(a => a.name.startsWith('_bl_'))", selector), TimeSpan.FromSeconds(20));

    /// <summary>Whether the page scrolls sideways.</summary>
    public static Task<bool> OverflowsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

    /// <summary>Fails unless the page stops scrolling sideways within 5 s, naming what sticks out.</summary>
    public static Task ShouldFitTheWidthAsync(IPage page, string what) =>
        WaitForAsync(async () => !await OverflowsSidewaysAsync(page), TimeSpan.FromSeconds(5), $"{what} scrolls sideways", () => WidestAsync(page));

    // What sticks out: the deepest elements wider than the window, for the failure message.
    public static Task<string> WidestAsync(IPage page) =>
        page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1)).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')");

    /// <summary>
    /// Every step header of the bot form lies inside the window (not scrolled away inside the stepper), its title on
    /// one line and whole, and a click on it opens that step. The layout may still settle after the circuit attaches,
    /// so the geometry gets a few seconds to hold.
    /// </summary>
    public static async Task StepHeadersShouldBeInViewAsync(IPage page, IReadOnlyList<string> titles)
    {
        var headers = page.Locator("#bot-form .mud-stepper-nav .mud-step");
        await Assertions.Expect(headers).ToHaveCountAsync(titles.Count);
        for (var index = 0; index < titles.Count; index++)
            await Assertions.Expect(headers.Nth(index)).ToContainTextAsync(titles[index]);
        await WaitForAsync(async () => await StepHeaderProblemsAsync(page) == "", TimeSpan.FromSeconds(5),
            "every step header on screen, whole and on one line", () => StepHeaderProblemsAsync(page));

        await headers.Nth(titles.Count - 1).ClickAsync();
        await Assertions.Expect(headers.Nth(titles.Count - 1)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bactive\b"));
        await headers.First.ClickAsync();
        await Assertions.Expect(headers.First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bactive\b"));
    }

    // Each header that sticks out of the window, a title that is cut or wraps, and a header row that needs scrolling.
    private static Task<string> StepHeaderProblemsAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const problems = [];
            const nav = document.querySelector('#bot-form .mud-stepper-nav');
            if (nav.scrollWidth > nav.clientWidth + 1) problems.push(`the headers scroll (${nav.scrollWidth} in ${nav.clientWidth} px)`);
            for (const step of nav.querySelectorAll('.mud-step')) {
                const box = step.getBoundingClientRect();
                const title = step.querySelector('.mud-step-label-content-title');
                const line = parseFloat(getComputedStyle(title).lineHeight) || 20;
                const t = title.getBoundingClientRect();
                const name = title.textContent.trim();
                if (box.left < 0 || box.right > window.innerWidth + 0.5) problems.push(`${name} at ${Math.round(box.left)}..${Math.round(box.right)} of ${window.innerWidth} px`);
                if (title.scrollWidth > title.clientWidth + 1) problems.push(`${name} cut`);
                if (t.height >= 1.5 * line) problems.push(`${name} wraps (${Math.round(t.height)} px high)`);
            }
            return problems.join('; ');
        }
        """);

    /// <summary>Screenshots in light and dark (the toggle is per user and persists), and an axe scan of each.</summary>
    public static async Task ScanAndShootAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await WaitForInteractiveAsync(page, "#dark-mode-toggle");
        // A snackbar fading out is half transparent: axe would judge its contrast mid-animation. Scan once it is gone.
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        foreach (var dark in new[] { false, true })
        {
            if (await IsDarkAsync(page) != dark)
            {
                await page.Locator("#dark-mode-toggle").ClickAsync();
                await WaitForAsync(async () => await IsDarkAsync(page) == dark, TimeSpan.FromSeconds(5));
            }
            await ShootAsync(page, $"{name}-{(dark ? "dark" : "light")}");
        }
        await page.Locator("#dark-mode-toggle").ClickAsync(); // back to light
        await WaitForAsync(async () => !await IsDarkAsync(page), TimeSpan.FromSeconds(5));
        // Colours move from the dark palette to the light one by CSS transitions: a chip scanned mid-way has a blend of
        // both (a CI run saw #3e88df between #60a5fa and #1565c0). Scan once no transition is running.
        await WaitForAsync(() => page.EvaluateAsync<bool>("() => document.getAnimations().every(a => a instanceof CSSTransition ? a.playState !== 'running' : true)"),
            TimeSpan.FromSeconds(5), "the theme's colour transitions end");

        var results = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        serious.ShouldBeEmpty($"{name}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    /// <summary>A full-page screenshot <c>{name}.png</c> in TestResults/screenshots.</summary>
    public static Task ShootAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumBrowser.ScreenshotFolder, name + ".png"), FullPage = true });

    private static async Task<bool> IsDarkAsync(IPage page)
    {
        var rgb = await page.EvaluateAsync<double[]>("() => (getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g) ?? []).map(Number)");
        return rgb.Length >= 3 && !(rgb.Length == 4 && rgb[3] == 0) && 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 100;
    }

    /// <summary>Polls every 250 ms until the condition holds; fails with <paramref name="what"/> and its detail when it does not.</summary>
    public static Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string? what = null, Func<Task<string>>? detail = null) =>
        Eventually.HoldsAsync(condition, timeout, what ?? "not true", detail, TimeSpan.FromMilliseconds(250));

    // A MudSelect: open it, then pick the item from its popover.
    public static async Task ChooseAsync(IPage page, string select, string item)
    {
        await page.Locator($".mud-select:has({select})").First.ClickAsync(); // the input itself is hidden
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(item, new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
