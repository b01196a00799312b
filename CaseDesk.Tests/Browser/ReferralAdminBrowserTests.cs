using CaseDesk.Domain.Data;
using CaseDesk.Web.Infrastructure;

namespace CaseDesk.Tests.Browser;

/// <summary>The partner directory and the referral results in a real browser (dialog, checkboxes, chart).</summary>
public sealed class ReferralAdminBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [BrowserFact]
    public async Task Admin_AddsAPartner_AfterTheMissingContactIsPointedOut()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Admin);
        await BrowserHost.GoAsync(page, "/admin/partners");
        await page.SeeAsync($"#partners-table tbody tr:has-text('{DemoReferralData.SocialAffairs}')");
        await BrowserHost.ScreenshotAsync(page, "partners-admin");

        await page.ClickAsync("#partner-new");
        await page.SeeAsync("#partner-form");
        await page.FillAsync("#f-partner-name", "桃園市新住民家庭服務中心");
        await page.FillAsync("#f-partner-phone", "03-332-5678");
        await page.Locator("#f-partner-services").GetByText("家庭支持", new() { Exact = true }).ClickAsync();
        await page.ClickAsync("#partner-form-save");
        await page.SeeAsync("text=請填寫聯絡窗口（承辦人姓名）。");
        await BrowserHost.ScreenshotAsync(page, "partners-admin-dialog-error");

        await page.FillAsync("#f-partner-contact", "家庭服務組 林社工");
        await page.ClickAsync("#partner-form-save");

        await page.SeeAsync("#partners-table tbody tr:has-text('桃園市新住民家庭服務中心')");
        Assert.Contains("家庭支持", await page.InnerTextAsync("#partners-table tbody tr:has-text('桃園市新住民家庭服務中心')"));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Supervisor_OpensTheResultsFromTheNav_AndFreezesAFinishedQuarter()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        await BrowserHost.GoAsync(page, "/dashboard");
        await page.ClickAsync("#nav-referral-reports");
        await page.SeeAsync("#referral-results");

        Assert.Contains("年度/件數", await page.InnerTextAsync("#referral-results thead"));
        Assert.Contains(" 年度", await page.InnerTextAsync("#referral-results tbody"));
        Assert.Contains("平均收案工作天", await page.InnerTextAsync("#referral-partners thead"));
        await page.SeeAsync("#referral-chart");
        await BrowserHost.ScreenshotAsync(page, "referral-results", fullPage: true);

        await page.ClickAsync("#referral-freeze-q1");
        await page.SeeAsync("#referral-frozen-q1");
        Assert.Contains("王建國", await page.InnerTextAsync("#referral-freeze"));
        Assert.Equal(0, await page.Locator("#referral-freeze-q1").CountAsync());
        await BrowserHost.ScreenshotAsync(page, "referral-results-frozen");
        await page.Context.CloseAsync();
    }
}
