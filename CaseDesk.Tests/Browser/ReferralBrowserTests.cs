using CaseDesk.Web.Infrastructure;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>Monday 14:00: 陳先生 lost his job; 林書記官 refers him to the Labour bureau with his consent, prints the form, faxes it, records the acknowledgement and closes the referral.</summary>
public sealed class ReferralBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    /// <summary>The year row of the results table (轉介成果表): the four quarters and the total.</summary>
    private static async Task<int[]> YearRowAsync(IPage page)
    {
        await BrowserHost.GoAsync(page, "/reports/referrals");
        await page.SeeAsync("#referral-results tbody tr");
        var cells = await page.Locator("#referral-results tbody tr").First.Locator("td").AllInnerTextsAsync();
        return cells.Skip(1).Select(c => int.TryParse(c.Replace(",", "").Trim(), out var n) ? n : 0).ToArray();
    }

    [BrowserFact]
    public async Task ClerkRefersWithConsent_PrintsTheForm_RecordsAcknowledgement_Closes_AndTheQuartersCountMoves()
    {
        var supervisor = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        var before = await YearRowAsync(supervisor);
        var quarter = (CaseDesk.Domain.Identity.TaipeiTime.Today(TimeProvider.System).Month - 1) / 3;

        var clerk = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await BrowserHost.GoAsync(clerk, "/cases?q=00012345");
        await clerk.ClickAsync("#cases-table tbody tr a:has-text('00012345')");
        await clerk.ClickAsync("#new-referral");
        await clerk.SeeAsync("#referral-form");
        await clerk.WaitForFunctionAsync("() => document.querySelector('#r-name').value === '陳志明'");

        // Saving without needs, partner or situation: the server's messages, in Chinese, beside the fields.
        await clerk.ClickAsync("#referral-save");
        await clerk.SeeAsync("#referral-form-error");
        Assert.Contains("請勾選義務人的需求", await clerk.InnerTextAsync("#referral-form"));
        Assert.Contains("請選擇轉介的合作單位", await clerk.InnerTextAsync("#referral-form"));

        await clerk.Locator("#r-needs label:has-text('就業服務')").ClickAsync();
        await clerk.SeeAsync("#r-partner-hint");
        Assert.Contains("勞動及人力資源局", await clerk.InnerTextAsync("#r-partner-hint"));
        await clerk.Locator(".mud-select:has(#r-partner)").Last.ClickAsync();
        await clerk.GetByRole(AriaRole.Option, new() { NameRegex = new System.Text.RegularExpressions.Regex("勞動及人力資源局") }).ClickAsync();
        await clerk.SeeAsync("#r-partner-card");
        await clerk.FillAsync("#r-situation", "115 年 10 月遭資遣，目前求職中，無法一次繳清健保欠費；希望媒合工作後依分期繳納。");
        await clerk.FillAsync("#r-household", "3");
        await clerk.FillAsync("#r-dependents", "2");
        await clerk.Locator("#r-consent-panel label:has-text('義務人已同意')").ClickAsync();
        await clerk.Locator("#r-consent-panel label:has-text('義務人簽名同意')").ClickAsync();
        await BrowserHost.ScreenshotAsync(clerk, "referral-form", fullPage: true);
        await clerk.ClickAsync("#referral-save");
        await clerk.SeeAsync("#referral-number");
        var number = (await clerk.InnerTextAsync("#referral-number")).Trim();
        var detailUrl = new Uri(clerk.Url).PathAndQuery;
        Assert.Contains("義務人簽名同意", await clerk.InnerTextAsync("#referral-consent"));

        // The form as it prints (and as the partner would receive it by e-mail).
        await BrowserHost.GoAsync(clerk, detailUrl + "/print");
        await clerk.SeeAsync("#referral-form");
        var form = await clerk.InnerTextAsync("#referral-form");
        Assert.Contains("個案轉介單", form);
        Assert.Contains(number, form);
        Assert.Contains("陳志明", form);
        Assert.Contains("☑ 就業服務", form);
        Assert.Contains("☐ 社會救助", form);
        Assert.Contains("本人簽名同意", form);
        var today = CaseDesk.Domain.Identity.TaipeiTime.Today(TimeProvider.System);
        Assert.Contains($"{CaseDesk.Domain.Identity.RocDate.RocYear(today)}年", form);   // ROC dates, e.g. 115年12月8日
        Assert.Contains(CaseDesk.Domain.Identity.RocDate.FormatLong(today), form);

        // As printed: the app bar, the menu and the print buttons are gone, only the A4 form is left.
        const string Chrome = ".mud-appbar, .mud-drawer, .cd-no-print";
        const string AllHidden = "sel => [...document.querySelectorAll(sel)].every(e => !e.checkVisibility())";
        Assert.True(await clerk.Locator(".mud-drawer").CountAsync() > 0 && await clerk.Locator(".cd-no-print").CountAsync() > 0, "the page has a drawer and print buttons to hide");
        Assert.True(await clerk.Locator("#print-now").IsVisibleAsync() && await clerk.Locator(".mud-appbar").First.IsVisibleAsync(), "on screen the app bar and print button show");
        await clerk.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.True(await clerk.EvaluateAsync<bool>(AllHidden, Chrome), "the drawer, app bar and print buttons are hidden in print");
        Assert.True(await clerk.Locator(".cd-referral-print").IsVisibleAsync());
        Assert.Contains(number, await clerk.InnerTextAsync(".cd-referral-print"));
        var screen = clerk.ViewportSize;
        await clerk.SetViewportSizeAsync(794, 1123);   // an A4 sheet at 96 dpi, so the screenshot is the page as printed
        await clerk.WaitForFunctionAsync("() => document.querySelector('.cd-referral-print').getBoundingClientRect().left === 0");   // the closing drawer's margin has slid away
        await BrowserHost.ScreenshotAsync(clerk, "referral-form-print", fullPage: true);
        await clerk.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await clerk.SetViewportSizeAsync(screen!.Width, screen.Height);

        // Faxed today (the Labour bureau takes no e-mail: the e-mail choice is disabled).
        await BrowserHost.GoAsync(clerk, detailUrl);
        await clerk.ClickAsync("#referral-send");
        await clerk.SeeAsync("#referral-action-form");
        Assert.True(await clerk.Locator("#ra-method input[type=radio]").First.IsDisabledAsync());
        await clerk.ClickAsync("#referral-action-confirm");
        await clerk.SeeAsync("#referral-acknowledge");
        Assert.Contains("傳真", await clerk.InnerTextAsync("#referral-sent"));
        Assert.Contains("應於", await clerk.InnerTextAsync("#referral-ack"));

        await clerk.ClickAsync("#referral-acknowledge");
        await clerk.SeeAsync("#ra-reference");
        await clerk.FillAsync("#ra-reference", "TY115-9001");
        await clerk.ClickAsync("#referral-action-confirm");
        await clerk.SeeAsync("#referral-startservice");
        Assert.Contains("TY115-9001", await clerk.InnerTextAsync("#referral-ack"));

        // Closing without an outcome is refused with a message; with one it closes.
        await clerk.ClickAsync("#referral-close");
        await clerk.SeeAsync("#referral-action-form");
        await clerk.ClickAsync("#referral-action-confirm");
        await clerk.SeeAsync("#ra-outcome-error");
        Assert.Contains("請選擇處理結果", await clerk.InnerTextAsync("#ra-outcome-error"));
        await clerk.Locator("#ra-outcome label:has-text('已提供服務')").ClickAsync();
        await clerk.FillAsync("#ra-note", "勞動局回覆已媒合至物流公司面試並錄取。");
        await clerk.ClickAsync("#referral-action-confirm");
        await clerk.SeeAsync("#referral-reopen");
        Assert.Contains("已提供服務", await clerk.InnerTextAsync("#referral-closed"));
        await BrowserHost.ScreenshotAsync(clerk, "referral-detail-closed", fullPage: true);

        await BrowserHost.GoAsync(clerk, "/referrals?filter=All");
        await clerk.SeeAsync($"#referrals-table a:has-text('{number}')");
        await BrowserHost.ScreenshotAsync(clerk, "referral-list", fullPage: true);
        await clerk.Context.CloseAsync();

        // The quarter it was sent in counts one more, and so does the year.
        var after = await YearRowAsync(supervisor);
        Assert.Equal(before[quarter] + 1, after[quarter]);
        Assert.Equal(before[4] + 1, after[4]);
        await BrowserHost.ScreenshotAsync(supervisor, "referral-results-after", fullPage: true);
        await supervisor.Context.CloseAsync();
    }
}
