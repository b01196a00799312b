using CaseDesk.Domain.Identity;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>The demo office with room for a morning's questionnaires from one tablet (the counter page's limit is per address).</summary>
public sealed class SurveyBrowserHost() : BrowserHost(new CaseDeskAppFactory { Settings = { ["ServiceQuality:CounterSurveysPerMinute"] = "60" } });

/// <summary>Ten visitors fill the questionnaire on the counter tablet; the supervisor produces the quarter's service-quality report.</summary>
public sealed class ServiceQualityBrowserTests(SurveyBrowserHost host) : IClassFixture<SurveyBrowserHost>
{
    private static async Task<int> SurveyTotalAsync(IPage page, string path)
    {
        await BrowserHost.GoAsync(page, path);
        await page.SeeAsync("#sq-table-surveys");
        var cell = await page.Locator("#sq-table-surveys tbody tr").First.Locator("td").Last.InnerTextAsync();
        return int.Parse(cell.Replace(",", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [BrowserFact]
    public async Task TenVisitorsFillTheCounterSurvey_TheSupervisorProducesTheReport_AndTheDissatisfiedOneIsFollowedUp()
    {
        var today = TaipeiTime.Today(TimeProvider.System);
        var year = RocDate.RocYear(today);
        var quarter = (today.Month - 1) / 3 + 1;
        var reportPath = $"/reports/service-quality?year={year}&quarter={quarter}";
        var supervisor = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        var before = await SurveyTotalAsync(supervisor, reportPath);

        var tablet = await host.NewPageAsync();
        await tablet.GotoAsync("/survey");
        await tablet.ClickAsync("#survey-submit");
        await tablet.SeeAsync("#survey-errors");
        Assert.Contains("至少要填一題", await tablet.InnerTextAsync("#survey-errors"));

        int[] attitudes = [1, 1, 2, 1, 2, 3, 1, 2, 1, 4];
        for (var i = 0; i < attitudes.Length; i++)
        {
            await tablet.GotoAsync("/survey");
            await tablet.CheckAsync($"#q-ReceptionAttitude-{attitudes[i]}");
            await tablet.CheckAsync($"#q-TimeTaken-{(i % 3 == 0 ? 2 : 1)}");
            await tablet.CheckAsync($"#q-Environment-{(i == 5 ? 3 : 1)}");
            await tablet.CheckAsync("#q-AnswerAccuracy-1");
            if (i != 3)
            {
                await tablet.CheckAsync("#q-Integrity-1");
            }

            if (i % 4 == 0)
            {
                await tablet.SelectOptionAsync("#Input\\.UnitId", new SelectOptionValue { Label = "第5股" });
            }

            if (i == 9)
            {
                await tablet.FillAsync("#Input\\.Remark", "櫃台人員說明不耐煩，希望改進。");
                await BrowserHost.ScreenshotAsync(tablet, "service-quality-counter-survey", fullPage: true);
            }

            await tablet.ClickAsync("#survey-submit");
            await tablet.SeeAsync("#survey-thanks");
        }

        var after = await SurveyTotalAsync(supervisor, reportPath);
        Assert.Equal(before + 10, after);
        Assert.Contains($"{year} 年度第", await supervisor.InnerTextAsync("#sq-title"));
        Assert.Contains("提升服務品質執行成果報告", await supervisor.InnerTextAsync("#sq-title"));
        Assert.Equal($"{year} 年 1 月至 {quarter * 3} 月", (await supervisor.InnerTextAsync("#sq-period")).Trim());
        foreach (var section in new[] { "petitions", "channels", "referrals", "calls", "lunch", "installments", "surveys", "spotchecks" })
        {
            await supervisor.SeeAsync($"#sq-table-{section}");
            Assert.Equal(1, await supervisor.Locator($"#sq-chart-{section} svg").CountAsync());
        }

        Assert.Contains("合計滿意以上者佔全體受測比例為", await supervisor.InnerTextAsync("#sq-surveys"));
        Assert.Contains("每 3 股抽測 1 股", await supervisor.InnerTextAsync("#sq-spotchecks"));
        Assert.Equal($"/reports/service-quality/export?year={year}&quarter={quarter}", await supervisor.GetAttributeAsync("#sq-export-xlsx", "href"));
        await BrowserHost.ScreenshotAsync(supervisor, "service-quality-report", fullPage: true);
        Directory.CreateDirectory(BrowserHost.ScreensFolder);
        foreach (var section in new[] { "petitions", "surveys", "spotchecks" })
        {
            await supervisor.Locator($"#sq-{section}").ScreenshotAsync(new() { Path = Path.Combine(BrowserHost.ScreensFolder, $"service-quality-report-{section}.png") });
        }

        await supervisor.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await BrowserHost.ScreenshotAsync(supervisor, "service-quality-report-print", fullPage: true);
        await supervisor.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        // The visitor who was not satisfied: a follow-up for the ethics office, with the remark.
        await BrowserHost.GoAsync(supervisor, "/service-quality/follow-ups");
        await supervisor.SeeAsync("#followups-table");
        var row = supervisor.Locator("#followups-table tbody tr:has-text('櫃台人員說明不耐煩')");
        Assert.Equal(1, await row.CountAsync());
        await row.Locator("button:has-text('登錄回電')").ClickAsync();
        await supervisor.FillAsync("#followup-action", "政風室電詢原因，已轉知服務台改善並列入執行態度考核參考。");
        await supervisor.ClickAsync("#followup-save");
        await supervisor.WaitForFunctionAsync("() => !document.body.innerText.includes('櫃台人員說明不耐煩')");
        await BrowserHost.ScreenshotAsync(supervisor, "service-quality-follow-ups", fullPage: true);

        // A spot check out of range is refused with the reason; the plan shows this month's units.
        await BrowserHost.GoAsync(supervisor, "/service-quality/spot-checks");
        await supervisor.SeeAsync("#checks-plan");
        Assert.Equal(6, await supervisor.Locator("#checks-plan .mud-chip").CountAsync());
        await supervisor.Locator("#checks-plan .mud-chip").First.InnerTextAsync();
        await supervisor.FillAsync("#check-person", "書記官 林雅婷");
        await supervisor.FillAsync("#check-score", "105");
        await supervisor.ClickAsync("#check-save");
        await supervisor.SeeAsync("#check-form-error");
        Assert.Contains("分數應為 0 到 100 分", await supervisor.InnerTextAsync("#check-form"));
        Assert.Contains("請選擇受測的執行股", await supervisor.InnerTextAsync("#check-form"));
        await BrowserHost.ScreenshotAsync(supervisor, "service-quality-spot-checks", fullPage: true);
    }
}
