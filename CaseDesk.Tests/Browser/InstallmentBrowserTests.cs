using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Web.Infrastructure;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>Monday 14:00 at the counter: an oral application, approved by a supervisor, a payment, then a missed installment.</summary>
public sealed class InstallmentBrowserTests(FakeClockBrowserHost host) : IClassFixture<FakeClockBrowserHost>
{
    [BrowserFact]
    public async Task OralApplication_Approved_Paid_ThenAMissedInstallmentShowsTheDefaultOnTheDashboard()
    {
        var clerk = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await BrowserHost.GoAsync(clerk, "/cases?q=00012345");
        await clerk.ClickAsync("#cases-table tbody tr a:has-text('00012345')");
        await clerk.ClickAsync("#new-plan");
        await clerk.SeeAsync("#plan-form");
        await clerk.SeeAsync("#rule-check");

        await clerk.FillAsync("#f-record", "本人因失業，無法一次繳清健保欠費，請准分 6 期繳納，今日先繳第 1 期。");
        await clerk.Locator("#f-read-back").ClickAsync();
        await clerk.FillAsync("#f-signed-by", "陳志明");
        await clerk.GetByText("經濟狀況無法一次繳清").ClickAsync();
        await clerk.FillAsync("#f-facts", "115 年 10 月遭資遣，目前求職中。");
        await clerk.GetByText("失業或資遣證明").ClickAsync();
        await clerk.FillAsync("#f-installments", "8");
        await clerk.Keyboard.PressAsync("Tab");
        await clerk.SeeAsync("#rule-special");
        Assert.Contains("最多 6 期", await clerk.InnerTextAsync("#rule-special"));
        await clerk.FillAsync("#f-installments", "6");
        await clerk.Keyboard.PressAsync("Tab");
        await clerk.SeeAsync("#rule-ok");
        Assert.Contains("移送機關同意", await clerk.InnerTextAsync("#rule-missing"));
        await clerk.Locator("#f-first-paid").ClickAsync();
        await clerk.FillAsync("#f-first-amount", "14400");
        await clerk.FillAsync("#f-first-receipt", "R115-000777");
        await clerk.FillAsync("#f-consent-on", RocDate.Format(TaipeiTime.Today(host.Clock)));
        await clerk.FillAsync("#f-consent-ref", "健保署駐點 林小姐");
        await clerk.Locator(".mud-select:has(#f-guarantee)").Last.ClickAsync();
        await clerk.GetByRole(AriaRole.Option, new() { Name = "義務人出具書面擔保" }).ClickAsync();
        await clerk.Keyboard.PressAsync("Tab");
        await clerk.WaitForFunctionAsync("() => document.querySelector('#schedule-sum').innerText.includes('86,400')");
        await BrowserHost.ScreenshotAsync(clerk, "installment-form", fullPage: true);
        await clerk.ClickAsync("#plan-save");
        await clerk.SeeAsync("#plan-title");
        var planUrl = new Uri(clerk.Url).PathAndQuery;
        Assert.Equal(0, await clerk.Locator("#plan-approve").CountAsync()); // a clerk never approves

        var supervisor = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        await BrowserHost.GoAsync(supervisor, planUrl);
        await supervisor.ClickAsync("#plan-approve");
        await supervisor.ClickAsync("#plan-action-confirm");
        await supervisor.SeeAsync("#plan-payment, #plan-revoke");
        Assert.Contains("分期中", await supervisor.InnerTextAsync("#plan-title ~ .cd-chip, .cd-chip"));
        await supervisor.Context.CloseAsync();

        await BrowserHost.GoAsync(clerk, planUrl);
        Assert.Equal("NT$14,400", (await clerk.InnerTextAsync("#plan-paid")).Trim());
        await clerk.ClickAsync("#plan-payment");
        await clerk.FillAsync("#p-receipt", "CS-115-0001");
        await clerk.ClickAsync("#p-channel");
        await clerk.GetByRole(AriaRole.Option, new() { Name = "超商" }).ClickAsync();
        await clerk.ClickAsync("#plan-action-confirm");
        await clerk.WaitForFunctionAsync("() => document.querySelector('#plan-paid').innerText.includes('28,800')");
        await BrowserHost.ScreenshotAsync(clerk, "installment-detail", fullPage: true);
        await clerk.Context.CloseAsync();

        // Two months on, installment 3 is unpaid: the plan is in default on the supervisors' dashboard.
        host.Clock.Advance(TimeSpan.FromDays(70));
        var later = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        await later.SeeAsync("[data-testid='kpi-plan-default-value']");
        Assert.Equal("1", (await later.InnerTextAsync("[data-testid='kpi-plan-default-value']")).Trim());
        await BrowserHost.ScreenshotAsync(later, "dashboard-installment-default", fullPage: true);
        await later.ClickAsync("#kpi-plan-default");
        await later.SeeAsync("#plans-table tbody tr a.cd-case-number");
        Assert.Contains(DemoData.StoryCaseNumber, await later.InnerTextAsync("#plans-table"));
        Assert.Contains("遲延", await later.InnerTextAsync("#plans-table"));
        await later.Context.CloseAsync();
    }
}
