using CaseDesk.Tests.Support;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>
/// CaseDesk on a real loopback socket and Debian's Chromium driven by Playwright (its bundled driver;
/// no browser download). One per test class.
/// </summary>
public class BrowserHost : IAsyncLifetime
{
    public static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string? ChromiumPath => Environment.GetEnvironmentVariable("CASEDESK_CHROMIUM") is { Length: > 0 } path && File.Exists(path)
        ? path
        : Candidates.FirstOrDefault(File.Exists);

    private IPlaywright? _playwright;

    public CaseDeskAppFactory App { get; }

    public BrowserHost()
        : this(new CaseDeskAppFactory())
    {
    }

    protected BrowserHost(CaseDeskAppFactory app) => App = app;

    public Uri BaseAddress { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreensFolder { get; } = FindScreensFolder();

    public async Task InitializeAsync()
    {
        BaseAddress = App.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath ?? throw new InvalidOperationException("Chromium is required (CASEDESK_REQUIRE_BROWSER=1) but was not found at " + string.Join(", ", Candidates)),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic", "--lang=zh-TW"],
        });
    }

    /// <summary>A fresh browser context (own cookies) with a page of a clerk-sized screen.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "zh-TW",
            TimezoneId = "Asia/Taipei",
        });
        // Generous: only a failing step waits this long, and a loaded 2-core CI machine is twice as slow as a desk.
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => Console.WriteLine($"[browser {message.Type}] {message.Text}");
        return page;
    }

    public async Task<IPage> SignedInPageAsync(string userName, string password = CaseDesk.Web.Infrastructure.DemoAccounts.Password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.UserName", userName);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("#login-submit");
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>Waits until the interactive circuit has rendered (MainLayout sets the marker); clicks before that are lost.</summary>
    public static async Task WaitForCircuitAsync(IPage page)
    {
        try
        {
            await page.WaitForSelectorAsync("#app-layout[data-circuit='ready']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException)
        {
            var shot = await ScreenshotAsync(page, "failure-" + DateTime.UtcNow.Ticks);
            throw new TimeoutException($"The circuit did not start on {page.Url}; screenshot {shot}.");
        }
    }

    /// <summary>Navigates inside the app with a full load and waits for the circuit.</summary>
    public static async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForCircuitAsync(page);
    }

    /// <summary>Saves what a clerk sees on a 1440×900 screen (or the whole page) under TestResults/screens.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        Directory.CreateDirectory(ScreensFolder);
        var path = Path.Combine(ScreensFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    private static string FindScreensFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CaseDesk.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screens");
    }
}

/// <summary>A browser host whose app runs on a fake clock, started at the real time, that a test may move forward.</summary>
public sealed class FakeClockBrowserHost() : BrowserHost(new CaseDeskAppFactory { Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow) })
{
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => App.Clock!;
}
