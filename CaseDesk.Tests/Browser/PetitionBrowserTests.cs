using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Identity;
using CaseDesk.Web.Infrastructure;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>The petition's whole life in a real browser: a clerk registers and submits, a supervisor approves, the clerk records the reply.</summary>
public sealed class PetitionBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [BrowserFact]
    public async Task Clerk_Registers_Supervisor_Approves_Clerk_MarksReplied()
    {
        var today = TaipeiTime.Today(TimeProvider.System);
        var calendar = new WorkingCalendar(OfficeCalendarSeed.Days());
        var expectedDue = calendar.AddWorkingDays(calendar.WorkingDayOnOrAfter(today), 6);

        var clerk = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await BrowserHost.GoAsync(clerk, "/petitions");
        await clerk.ClickAsync("#new-petition");
        await clerk.SeeAsync("#petition-form");
        await clerk.SeeAsync("#preview-due");
        Assert.Equal(RocDate.FormatLongWithWeekday(expectedDue), (await clerk.InnerTextAsync("#preview-due")).Trim());

        // Saving with nothing chosen explains what is missing, beside the fields.
        await clerk.ClickAsync("#petition-save");
        await clerk.SeeAsync("#petition-form-error");
        var errors = await clerk.InnerTextAsync("#petition-form");
        Assert.Contains("請選擇來源管道", errors);
        Assert.Contains("請選擇陳情類別", errors);
        Assert.Contains("請輸入主旨", errors);

        await clerk.ClickAsync("#f-channel");
        await clerk.GetByRole(AriaRole.Option, new() { Name = "民意信箱" }).ClickAsync();
        await clerk.GetByText("行政上權益之維護").ClickAsync();
        await clerk.FillAsync("#f-petitioner-name", "吳先生");
        await clerk.FillAsync("#f-petitioner-phone", "0922-111-333");
        await clerk.FillAsync("#f-subject", "薪資遭重複扣押");
        await clerk.FillAsync("#f-content", "本人薪資本月遭扣押兩次，請查明並退還。<b>不是粗體</b>");
        await clerk.Keyboard.PressAsync("Tab");
        await BrowserHost.ScreenshotAsync(clerk, "petition-form");
        await clerk.ClickAsync("#petition-save");
        await clerk.SeeAsync("#petition-title");

        var url = clerk.Url;
        Assert.Matches(@"^\d{3}陳\d{5}$", (await clerk.InnerTextAsync("#petition-title")).Trim());
        Assert.Contains(RocDate.FormatLongWithWeekday(expectedDue), await clerk.InnerTextAsync("#petition-due"));
        Assert.Contains("函復期限", await clerk.InnerTextAsync("#deadline-explanation"));
        Assert.Contains("<b>不是粗體</b>", await clerk.InnerTextAsync("#fact-content"));
        Assert.Equal("進行中", (await clerk.InnerTextAsync(".cd-deadline")).Trim());

        await clerk.ClickAsync("#act-submit");
        await clerk.FillAsync("#a-reply", "經查係銀行作業疏失，已函請銀行退還重複扣押之款項。");
        await clerk.ClickAsync("#action-confirm");
        await clerk.WaitForFunctionAsync("() => document.querySelector('#petition-state').innerText.includes('陳核中')");
        Assert.Equal(0, await clerk.Locator("#act-approve").CountAsync());
        await BrowserHost.ScreenshotAsync(clerk, "petition-detail-submitted");

        var supervisor = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        await BrowserHost.GoAsync(supervisor, new Uri(url).PathAndQuery);
        await supervisor.ClickAsync("#act-approve");
        Assert.Contains("銀行作業疏失", await supervisor.InnerTextAsync("#a-reply-preview"));
        await supervisor.ClickAsync("#action-confirm");
        await supervisor.WaitForFunctionAsync("() => document.querySelector('#petition-state').innerText.includes('已核定')");
        Assert.Contains("王建國", await supervisor.InnerTextAsync("#fact-approved-by"));
        await supervisor.Context.CloseAsync();

        await BrowserHost.GoAsync(clerk, new Uri(url).PathAndQuery);
        await clerk.ClickAsync("#act-replied");
        await clerk.FillAsync("#a-reference", "桃執法字第1150000001號");
        await clerk.ClickAsync("#action-confirm");
        await clerk.WaitForFunctionAsync("() => document.querySelector('#petition-state').innerText.includes('已函復')");
        Assert.Contains("如期", await clerk.InnerTextAsync("#fact-replied"));
        Assert.Equal("已辦結", (await clerk.InnerTextAsync(".cd-deadline")).Trim());
        Assert.Contains("cd-deadline-done", await clerk.GetAttributeAsync(".cd-deadline", "class"));
        await BrowserHost.ScreenshotAsync(clerk, "petition-detail-replied", fullPage: true);

        await BrowserHost.GoAsync(clerk, "/petitions?open=false");
        await clerk.SeeAsync("#petitions-table tbody tr a.cd-case-number");
        await BrowserHost.ScreenshotAsync(clerk, "petition-list-clerk");
        await clerk.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Supervisor_OpensQuarterlyStatistics_AndExportsExcel()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        await BrowserHost.GoAsync(page, "/petitions/statistics?year=115");
        await page.SeeAsync("#stats-table");

        var table = await page.InnerTextAsync("#stats-table");
        Assert.Contains("行政上權益之維護", table);
        Assert.Contains("第四季", table);
        Assert.Contains("如期率", table);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        await BrowserHost.ScreenshotAsync(page, "petition-statistics");
        await page.Context.CloseAsync();
    }
}
