using System.Diagnostics;
using CaseDesk.Domain.Notifications;
using CaseDesk.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

public sealed class DashboardBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [BrowserFact]
    public async Task ClerkRegistersAPetition_SupervisorsOpenDashboardCountsItWithinTwoSeconds()
    {
        var supervisor = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        Assert.EndsWith("/dashboard", new Uri(supervisor.Url).AbsolutePath);
        await supervisor.SeeAsync("[data-testid='kpi-open-value']");
        var before = int.Parse(await supervisor.InnerTextAsync("[data-testid='kpi-open-value']"), System.Globalization.CultureInfo.InvariantCulture);
        await supervisor.EvaluateAsync("() => { window.__noReload = true; }");

        var clerk = await host.SignedInPageAsync(DemoAccounts.Clerk);
        Assert.EndsWith("/desk", new Uri(clerk.Url).AbsolutePath);
        await BrowserHost.GoAsync(clerk, "/petitions/new");
        await clerk.SeeAsync("#preview-due");
        await clerk.ClickAsync("#f-channel");
        await clerk.GetByRole(AriaRole.Option, new() { Name = "電話" }).ClickAsync();
        await clerk.GetByText("行政法令之查詢").ClickAsync();
        await clerk.FillAsync("#f-subject", "詢問分期繳納要件");
        await clerk.FillAsync("#f-content", "來電詢問健保欠費可否分期。");
        await clerk.Keyboard.PressAsync("Tab");
        await clerk.ClickAsync("#petition-save");
        await clerk.SeeAsync("#petition-title");
        var saved = Stopwatch.StartNew();

        await supervisor.WaitForFunctionAsync(
            $"() => document.querySelector(\"[data-testid='kpi-open-value']\").innerText === '{before + 1}'",
            null, new PageWaitForFunctionOptions { Timeout = 2000 });
        Assert.True(saved.Elapsed < TimeSpan.FromSeconds(2), $"took {saved.Elapsed}");
        Assert.True(await supervisor.EvaluateAsync<bool>("() => window.__noReload === true"), "the dashboard page must not have reloaded");
        await BrowserHost.ScreenshotAsync(supervisor, "dashboard-supervisor", fullPage: true);

        await BrowserHost.GoAsync(clerk, "/desk");
        await clerk.SeeAsync("#desk-mine tbody tr");
        Assert.Contains("詢問分期繳納要件", await clerk.InnerTextAsync("#desk-mine"));
        await BrowserHost.ScreenshotAsync(clerk, "desk-clerk");
        await supervisor.Context.CloseAsync();
        await clerk.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task ScanFindsAnOverduePetition_TheClerksBellCountsIt_AndTheListOpensIt()
    {
        var clerk = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await BrowserHost.GoAsync(clerk, "/petitions/new");
        await clerk.SeeAsync("#preview-due");
        await clerk.FillAsync("#f-received-on", "115/11/02");
        await clerk.Keyboard.PressAsync("Tab");
        await clerk.ClickAsync("#f-channel");
        await clerk.GetByRole(AriaRole.Option, new() { Name = "書面／傳真" }).ClickAsync();
        await clerk.GetByText("行政上權益之維護").ClickAsync();
        await clerk.FillAsync("#f-subject", "舊案久未函復");
        await clerk.FillAsync("#f-content", "陳情人來函。");
        await clerk.Keyboard.PressAsync("Tab");
        await clerk.ClickAsync("#petition-save");
        await clerk.SeeAsync("#petition-title");
        // The demo office already has a notification or two for her (the weekend's callback): count from there.
        var unreadBefore = await clerk.Locator("#bell-badge .mud-badge").CountAsync() == 0 ? 0 : int.Parse((await clerk.InnerTextAsync("#bell-badge .mud-badge")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        await host.App.Services.GetRequiredService<ReminderService>().ScanAsync();

        await clerk.WaitForFunctionAsync(
            "before => { const b = document.querySelector('#bell-badge .mud-badge'); return b && parseInt(b.innerText, 10) > before; }",
            unreadBefore,
            new PageWaitForFunctionOptions { Timeout = 3000 });
        await BrowserHost.GoAsync(clerk, "/notifications");
        await clerk.SeeAsync("#notification-list");
        Assert.Contains("已逾期", await clerk.InnerTextAsync("#notification-list"));
        await BrowserHost.ScreenshotAsync(clerk, "notifications-clerk");
        await clerk.Locator("#notification-list .mud-list-item:has-text('陳情')").First.ClickAsync();
        await clerk.SeeAsync("#petition-title");
        Assert.Contains("逾期未聯繫", await clerk.InnerTextAsync(".cd-deadline"));
        await clerk.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task DeskCard_OpensTheDesksListFilteredToWhatItCounts_AndTheChipClearsIt()
    {
        var clerk = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await clerk.SeeAsync("[data-testid='desk-overdue-value']");
        await clerk.SeeAsync("#desk-mine tbody tr");
        var all = int.Parse(await clerk.InnerTextAsync("[data-testid='desk-open-value']"), System.Globalization.CultureInfo.InvariantCulture);
        var overdue = int.Parse(await clerk.InnerTextAsync("[data-testid='desk-overdue-value']"), System.Globalization.CultureInfo.InvariantCulture);
        await clerk.EvaluateAsync("() => { window.__noReload = true; }");

        await clerk.ClickAsync("#desk-overdue");
        await clerk.SeeAsync("#desk-filter");

        Assert.Contains("show=Overdue", clerk.Url);
        Assert.Contains("已逾期", await clerk.InnerTextAsync("#desk-filter"));
        Assert.Equal(overdue, await clerk.Locator("#desk-mine tbody a.cd-case-number").CountAsync());
        var chips = await clerk.Locator("#desk-mine tbody .cd-deadline").EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.status)");
        Assert.All(chips, status => Assert.Contains(status, new[] { "Overdue", "Breach", "LateWithInterimContact" }));
        await BrowserHost.ScreenshotAsync(clerk, "desk-filtered-overdue");

        await clerk.Locator("#desk-filter .mud-chip-close-button").ClickAsync();
        await clerk.WaitForFunctionAsync("() => !document.querySelector('#desk-filter')");
        Assert.Equal(all, await clerk.Locator("#desk-mine tbody a.cd-case-number").CountAsync());
        Assert.True(await clerk.EvaluateAsync<bool>("() => window.__noReload === true"), "the desk must filter in place, without reloading");
        await clerk.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Admin_SeesTheMailQueue()
    {
        var admin = await host.SignedInPageAsync(DemoAccounts.Admin);
        await BrowserHost.GoAsync(admin, "/admin/mail");
        await admin.SeeAsync("#mail-table");
        Assert.Contains("等待寄送", await admin.InnerTextAsync("body"));
        await BrowserHost.ScreenshotAsync(admin, "mail-queue-admin");
        await admin.Context.CloseAsync();
    }
}
