using CaseDesk.Web.Infrastructure;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>Each role signs in to the real app in Chromium and works the cases list.</summary>
public sealed class ShellAndCasesBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [BrowserFact]
    public async Task EachRole_SignsIn_SeesTheCasesList_InChinese()
    {
        var roles = new (string User, string RoleName, bool SeesCalendar, bool SeesAmounts)[]
        {
            (DemoAccounts.Clerk, "書記官", false, true),
            (DemoAccounts.Supervisor, "主管", false, true),
            (DemoAccounts.DutyOfficer, "值日人員", false, false),
            (DemoAccounts.Admin, "系統管理員", true, true),
        };

        foreach (var (user, roleName, seesCalendar, seesAmounts) in roles)
        {
            var page = await host.SignedInPageAsync(user);
            Assert.EndsWith(HomeOf(user), new Uri(page.Url).AbsolutePath);
            await BrowserHost.GoAsync(page, "/cases");
            await page.SeeAsync("#cases-table tbody tr td a.cd-case-number");

            Assert.EndsWith("/cases", new Uri(page.Url).AbsolutePath);
            Assert.Contains(roleName, await page.InnerTextAsync("#user-menu"));
            Assert.Equal("執行案件", (await page.InnerTextAsync("h1")).Trim());
            Assert.Equal(seesCalendar, await page.Locator("a[href='/admin/calendar']").CountAsync() > 0);
            var firstAmount = await page.InnerTextAsync("#cases-table tbody tr.mud-table-row >> nth=0 >> td.cd-num");
            Assert.Equal(seesAmounts, firstAmount.StartsWith("NT$", StringComparison.Ordinal));
            var masked = await page.InnerTextAsync("#cases-table tbody tr.mud-table-row >> nth=0 >> td.cd-mono");
            Assert.Matches(@"^([A-Z][0-9A-D]\d\*{4}\d{3}|\d{8})$", masked.Trim());
            await BrowserHost.ScreenshotAsync(page, $"cases-{user}-zh");
            await page.Context.CloseAsync();
        }
    }

    private static string HomeOf(string user) => user switch
    {
        DemoAccounts.Supervisor => "/dashboard",
        DemoAccounts.Clerk => "/desk",
        _ => "/cases",
    };

    [BrowserFact]
    public async Task Shell_SwitchesToEnglish()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        await BrowserHost.GoAsync(page, "/cases");
        await page.SeeAsync("#cases-table tbody tr td a.cd-case-number");

        await page.ClickAsync("#language-menu button");
        await page.GetByText("English").ClickAsync();
        // The switch reloads the page: wait for the English document, not the Chinese one still showing.
        await page.WaitForSelectorAsync("html[lang='en']", new() { State = WaitForSelectorState.Attached });
        await BrowserHost.WaitForCircuitAsync(page);
        await page.SeeAsync("#cases-table tbody tr td a.cd-case-number");

        Assert.Equal("Enforcement cases", (await page.InnerTextAsync("h1")).Trim());
        Assert.Contains("Supervisor", await page.InnerTextAsync("#user-menu"));
        Assert.Matches(@"\d{3}/\d{2}/\d{2}", await page.InnerTextAsync("#cases-table tbody tr.mud-table-row >> nth=0"));
        // At 1440 × 900 all nine English columns fit: nothing scrolls sideways, the Status header and its chips end inside the window.
        var fit = await page.EvaluateAsync<double[]>(@"() => {
            const table = document.querySelector('#cases-table');
            const container = table.querySelector('.mud-table-container');
            const headers = table.querySelectorAll('thead th');
            const chips = [...table.querySelectorAll('tbody .cd-chip')].map(c => c.getBoundingClientRect().right);
            return [table.scrollWidth, table.clientWidth, container.scrollWidth, container.clientWidth,
                    headers[headers.length - 1].getBoundingClientRect().right, Math.max(...chips), window.innerWidth];
        }");
        Assert.True(fit[0] <= fit[1] && fit[2] <= fit[3], $"the cases table scrolls sideways: {fit[0]}/{fit[1]}, container {fit[2]}/{fit[3]}");
        Assert.True(fit[4] <= fit[6] && fit[5] <= fit[6], $"the Status column ends at {fit[4]} (chips {fit[5]}), beyond the {fit[6]} px window");
        Assert.Equal("Status", (await page.InnerTextAsync("#cases-table thead th >> nth=-1")).Trim());
        await BrowserHost.ScreenshotAsync(page, "cases-supervisor-en");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Clerk_SearchesFromTheAppBar_OpensTheCase_AndRevealsTheId()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Clerk);

        await page.FillAsync("#global-search", "12345");
        await page.PressAsync("#global-search", "Enter");
        await page.SeeAsync("#cases-table tbody tr a:has-text('00012345')");
        await page.ClickAsync("#cases-table tbody tr a:has-text('00012345')");
        await page.SeeAsync("#case-title");

        Assert.Equal("115年度健保執字第00012345號", (await page.InnerTextAsync("#case-title")).Trim());
        Assert.Contains("陳志明", await page.InnerTextAsync("#fact-obligor"));
        Assert.Equal("NT$86,400", (await page.InnerTextAsync("#fact-amount")).Trim());
        Assert.Contains("****", await page.InnerTextAsync("[data-testid='fact-id']"));
        Assert.Equal("0912-***-678", (await page.InnerTextAsync("[data-testid='fact-phone']")).Trim());

        await page.ClickAsync("[data-testid='fact-id-reveal']");
        await page.WaitForFunctionAsync("() => !document.querySelector(\"[data-testid='fact-id']\").innerText.includes('*')");
        Assert.Matches(@"^H1\d{8}$", (await page.InnerTextAsync("[data-testid='fact-id']")).Trim());
        await BrowserHost.ScreenshotAsync(page, "case-detail-clerk");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Clerk_CreatesACase_ValidationFirst_ThenSaved()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await BrowserHost.GoAsync(page, "/cases");
        await page.SeeAsync("#cases-table tbody tr td a.cd-case-number");

        await page.ClickAsync("#new-case");
        await page.SeeAsync("#case-form");
        await page.FillAsync("#f-case-number", "115年度健保執字第00077777號");
        await page.FillAsync("#f-obligor-name", "李小華");
        await page.FillAsync("#f-obligor-id", "A123456788");
        await page.ClickAsync("#case-form-save");
        await page.SeeAsync("#case-form-error");
        var formText = await page.InnerTextAsync("#case-form");
        Assert.Contains("檢查碼不符", formText);
        Assert.Contains("請選擇移送機關", formText);
        Assert.Contains("請輸入執行金額", formText);
        await BrowserHost.ScreenshotAsync(page, "case-form-errors");
        await page.Locator("#f-obligor-id").Locator("xpath=ancestor::div[contains(@class,'mud-input-control')][1]")
            .ScreenshotAsync(new() { Path = Path.Combine(BrowserHost.ScreensFolder, "case-form-id-error.png") });
        // The field in error keeps its label in the outline's notch, clear of the typed value.
        var clearance = await page.EvaluateAsync<double>(@"() => {
            const input = document.querySelector('#f-obligor-id');
            const label = input.closest('.mud-input-control').querySelector('label');
            return input.getBoundingClientRect().top + parseFloat(getComputedStyle(input).paddingTop) - label.getBoundingClientRect().bottom;
        }");
        Assert.True(clearance >= 0, $"the ID field's label overlaps its value by {-clearance} px");

        await page.FillAsync("#f-obligor-id", "A123456789");
        await page.ClickAsync("#f-agency");
        await page.GetByRole(AriaRole.Option, new() { Name = "衛生福利部中央健康保險署北區業務組" }).ClickAsync();
        await page.FillAsync("#f-amount", "52000");
        await page.FillAsync("#f-referred-on", "1151102");
        await page.Keyboard.PressAsync("Tab");
        // Each value has reached the server before saving: a corrected field loses its error, and the
        // date echoes in both eras under the field.
        await page.SeeAsync("#case-form :text('2026-11-02')");
        // The corrected fields' errors clear as their values arrive; on a loaded machine the last re-render can
        // trail the date's echo, so give them the same wait as any other expected change on the page.
        try
        {
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#case-form .mud-input-error .mud-input-helper-text').length === 0", null, new() { Timeout = 5000 });
        }
        catch (Exception ex) when (ex is Microsoft.Playwright.PlaywrightException or TimeoutException)
        {
            // The assertion below names the errors that stayed.
        }

        var remaining = await page.Locator("#case-form .mud-input-error .mud-input-helper-text").AllInnerTextsAsync();
        Assert.Empty(remaining);
        await page.ClickAsync("#case-form-save");
        await page.SeeAsync("#case-title");

        Assert.Equal("115年度健保執字第00077777號", (await page.InnerTextAsync("#case-title")).Trim());
        Assert.Equal("NT$52,000", (await page.InnerTextAsync("#fact-amount")).Trim());
        await page.Context.CloseAsync();
    }
}
