using CaseDesk.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

public sealed class AdminAndSupervisorBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [BrowserFact]
    public async Task Admin_MarksATyphoonDay_AndTheYearCountChanges()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Admin);
        await BrowserHost.GoAsync(page, "/admin/calendar?year=2026");
        await page.SeeAsync("#working-days");
        Assert.Equal("工作日 245 天", (await page.InnerTextAsync("#working-days")).Trim());
        Assert.Contains("holiday", await page.GetAttributeAsync("button[data-date='2026-02-16']", "class"));
        await BrowserHost.ScreenshotAsync(page, "calendar-admin-2026", fullPage: true);

        await page.ClickAsync("button[data-date='2026-11-27']");
        await page.SeeAsync("#day-form");
        await page.GetByText("放假", new() { Exact = true }).Last.ClickAsync();
        await page.FillAsync("#day-description", "颱風停止上班");
        await page.ClickAsync("#day-save");

        await page.WaitForFunctionAsync("() => document.querySelector('#working-days').innerText.includes('244')");
        Assert.Contains("cd-holiday", await page.GetAttributeAsync("button[data-date='2026-11-27']", "class"));
        Assert.Contains("颱風停止上班", await page.GetAttributeAsync("button[data-date='2026-11-27']", "title"));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Admin_ImportsTheRevisedBig5Calendar_PreviewThenConfirm()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Admin);
        await BrowserHost.GoAsync(page, "/admin/calendar?year=2025");
        await page.SeeAsync("#calendar-import");

        await page.Locator("input[type=file]").First.SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "calendar", "2025-revised.big5.csv"));
        await page.SeeAsync("#import-preview");
        var preview = await page.InnerTextAsync("#import-preview");
        Assert.Contains("2025-revised.big5.csv", preview);
        Assert.Contains("年度 114（", preview);
        Assert.Contains("Big5", preview);
        Assert.Contains("新增 181 天", preview);
        await BrowserHost.ScreenshotAsync(page, "calendar-import-preview");

        await page.ClickAsync("#import-confirm");
        await page.WaitForFunctionAsync("() => !document.querySelector('#import-preview') && (document.querySelector(\"button[data-date='2025-10-24']\")?.className ?? '').includes('cd-holiday')");
        Assert.Contains("補假", await page.GetAttributeAsync("button[data-date='2025-10-24']", "title") ?? "");
        Assert.DoesNotContain("cd-holiday", await page.GetAttributeAsync("button[data-date='2025-10-23']", "class") ?? "");

        var calendar = await host.App.Services.GetRequiredService<CaseDesk.Domain.Calendar.CalendarService>().GetAsync();
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 10, 24)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 10, 23)));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Admin_WeekdayHolidayWithoutReason_IsRefusedWithAMessage()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Admin);
        await BrowserHost.GoAsync(page, "/admin/calendar?year=2026");
        await page.ClickAsync("button[data-date='2026-12-03']");
        await page.SeeAsync("#day-form");
        await page.GetByText("放假", new() { Exact = true }).Last.ClickAsync();
        await page.FillAsync("#day-description", "");
        await page.ClickAsync("#day-save");

        await page.SeeAsync("#day-error");
        Assert.Contains("請寫明原因", await page.InnerTextAsync("#day-error"));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Supervisor_SeesTheCaseTimeline_IncludingWhoViewedTheFullId()
    {
        var clerk = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await BrowserHost.GoAsync(clerk, "/cases?q=00012345");
        await clerk.ClickAsync("#cases-table tbody tr a:has-text('00012345')");
        await clerk.SeeAsync("[data-testid='fact-id-reveal']");
        await clerk.ClickAsync("[data-testid='fact-id-reveal']");
        await clerk.WaitForFunctionAsync("() => !document.querySelector(\"[data-testid='fact-id']\").innerText.includes('*')");
        await clerk.Context.CloseAsync();

        var page = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        await BrowserHost.GoAsync(page, "/cases?q=00012345");
        await page.ClickAsync("#cases-table tbody tr a:has-text('00012345')");
        await page.SeeAsync("#case-timeline");

        var timeline = await page.InnerTextAsync("#case-timeline");
        Assert.Contains("檢視", timeline);
        Assert.Contains("林雅婷", timeline);
        await BrowserHost.ScreenshotAsync(page, "case-detail-supervisor");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Clerk_TypingAnAdminUrl_SeesNoAccess()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Clerk);

        await page.GotoAsync("/admin/calendar");

        Assert.Contains("/Account/AccessDenied", page.Url);
        Assert.Contains("沒有權限", await page.InnerTextAsync("h1"));
        await page.Context.CloseAsync();
    }
}
