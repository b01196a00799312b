using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Web.Infrastructure;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>Saturday 10:05: the duty officer logs 陳先生's call; Monday 09:10 林書記官 calls back from My desk and closes it.</summary>
public sealed class AfterHoursCallBrowserTests(FakeClockBrowserHost host) : IClassFixture<FakeClockBrowserHost>
{
    private static DateTimeOffset NextTaipei(DateTimeOffset fromUtc, DayOfWeek day, int hour, int minute)
    {
        var local = DateOnly.FromDateTime(TaipeiTime.ToLocal(fromUtc.UtcDateTime)).AddDays(1);
        while (local.DayOfWeek != day)
        {
            local = local.AddDays(1);
        }

        return new DateTimeOffset(TaipeiTime.ToUtc(local, new TimeOnly(hour, minute)), TimeSpan.Zero);
    }

    [BrowserFact]
    public async Task DutyOfficerLogsASaturdayCall_ClerkSeesItOnMondaysDesk_AndClosesIt()
    {
        var saturday = NextTaipei(host.Clock.GetUtcNow(), DayOfWeek.Saturday, 10, 10);
        host.Clock.SetUtcNow(saturday);
        var saturdayDate = DateOnly.FromDateTime(TaipeiTime.ToLocal(saturday.UtcDateTime));

        var duty = await host.SignedInPageAsync(DemoAccounts.DutyOfficer);
        await duty.ClickAsync("#nav-calls");
        await duty.ClickAsync("#call-new");
        await duty.SeeAsync("#call-form");
        await duty.FillAsync("#c-time", "10:05");
        await duty.FillAsync("#c-name", "陳先生");
        await duty.FillAsync("#c-phone", "0912345678");
        await duty.Keyboard.PressAsync("Tab");
        await duty.WaitForFunctionAsync("() => document.body.innerText.includes('→ 0912-345-678')");
        await duty.FillAsync("#c-case", DemoData.StoryCaseNumber);
        await duty.Keyboard.PressAsync("Tab");
        await duty.SeeAsync("#c-routing-clerk");
        Assert.Contains("林雅婷", await duty.InnerTextAsync("#c-routing-clerk"));
        await duty.GetByText("義務人本人").ClickAsync();
        await duty.FillAsync("#c-question", "詢問本件 NT$86,400 可否分期繳納，需要準備哪些文件。");
        await duty.GetByText("否，需承辦人回電").ClickAsync();
        await BrowserHost.ScreenshotAsync(duty, "call-form", fullPage: true);
        await duty.ClickAsync("#call-save");
        await duty.SeeAsync("#call-number");
        var number = (await duty.InnerTextAsync("#call-number")).Trim();
        var callUrl = new Uri(duty.Url).PathAndQuery;
        Assert.Contains("林雅婷", await duty.InnerTextAsync("#call-assigned"));
        Assert.Contains("12:00", await duty.InnerTextAsync("#call-due"));
        Assert.Contains("0912-***-678", await duty.InnerTextAsync("#call-phone")); // masked until someone asks, and the asking is audited
        Assert.Equal(0, await duty.Locator("#call-attempt").CountAsync()); // the duty officer does not call back
        await BrowserHost.ScreenshotAsync(duty, "call-detail-logged", fullPage: true);
        await duty.Context.CloseAsync();

        // Monday 09:10.
        host.Clock.SetUtcNow(NextTaipei(saturday, DayOfWeek.Monday, 9, 10));
        var clerk = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await clerk.SeeAsync("#desk-mine");
        Assert.Contains(number, await clerk.InnerTextAsync("#desk-mine"));
        Assert.Contains("通下班時間來電待回電", await clerk.InnerTextAsync("#desk-callbacks"));
        await BrowserHost.ScreenshotAsync(clerk, "desk-monday-callback", fullPage: true);
        await clerk.ClickAsync($"#desk-mine a:has-text('{number}')");
        await clerk.SeeAsync("#call-attempt");
        Assert.Equal(callUrl, new Uri(clerk.Url).PathAndQuery);
        await clerk.ClickAsync("[data-testid='call-phone-value-reveal']");
        await clerk.WaitForFunctionAsync("() => document.querySelector(\"[data-testid='call-phone-value']\").innerText.includes('0912-345-678')");
        await clerk.ClickAsync("#call-attempt");
        await clerk.FillAsync("#a-time", "09:10");
        await clerk.GetByText("已聯絡上").ClickAsync();
        await clerk.FillAsync("#a-note", "已答復可申請分期，請其至服務台辦理並攜帶失業證明。");
        await clerk.ClickAsync("#call-action-confirm");
        await clerk.SeeAsync("#call-closed");
        Assert.Contains("已回電答復", await clerk.InnerTextAsync("#call-closed"));
        Assert.Equal(0, await clerk.Locator("#call-attempt").CountAsync());
        await BrowserHost.ScreenshotAsync(clerk, "call-detail-closed", fullPage: true);

        await BrowserHost.GoAsync(clerk, "/desk");
        await clerk.SeeAsync("#desk-mine");
        Assert.DoesNotContain(number, await clerk.InnerTextAsync("#desk-mine"));
        await clerk.Context.CloseAsync();
        Assert.True(saturdayDate.DayOfWeek == DayOfWeek.Saturday);
    }
}

/// <summary>The roster in the browser: the supervisor generates next month, 林書記官 asks 張書記官 to swap, she accepts, the supervisor approves.</summary>
public sealed class LunchDutyBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [BrowserFact]
    public async Task Supervisor_GeneratesNextMonth_ThenASwapIsRequestedAcceptedAndApproved()
    {
        var today = TaipeiTime.Today(TimeProvider.System);
        var next = new DateOnly(today.Year, today.Month, 1).AddMonths(2);   // beyond what the demo generated
        var month = $"{next:yyyy-MM}";

        var supervisor = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        await supervisor.ClickAsync("#nav-duty");
        await supervisor.SeeAsync("#duty-calendar");
        await BrowserHost.ScreenshotAsync(supervisor, "duty-month", fullPage: true);
        await BrowserHost.GoAsync(supervisor, $"/duty?month={month}");
        await supervisor.SeeAsync("#duty-calendar");
        Assert.Equal(0, await supervisor.Locator("#duty-calendar .cd-duty-slot[data-staff]").CountAsync());
        await supervisor.ClickAsync("#duty-generate");
        await supervisor.ClickAsync("#duty-dialog-confirm");
        await supervisor.SeeAsync("#g-result");
        Assert.Contains("新排", await supervisor.InnerTextAsync("#g-result"));
        await supervisor.ClickAsync("#duty-dialog-close");
        await supervisor.SeeAsync("#duty-calendar .cd-duty-slot[data-staff]");

        var clerk = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await BrowserHost.GoAsync(clerk, $"/duty?month={month}");
        await clerk.SeeAsync("#my-turns .cd-swap-button");
        await BrowserHost.ScreenshotAsync(clerk, "duty-clerk", fullPage: true);
        await clerk.Locator("#my-turns .cd-swap-button").Last.ClickAsync();
        await clerk.WaitForSelectorAsync("#swap-their-day[disabled]", new() { State = WaitForSelectorState.Attached });
        // Pick the colleague; their days load, and the day list is enabled (retried: a click can land before the list is ready).
        for (var attempt = 0; attempt < 3 && await clerk.Locator("#swap-their-day[disabled]").CountAsync() > 0; attempt++)
        {
            await clerk.Locator(".mud-select:has(#swap-colleague)").Last.ClickAsync();
            await clerk.GetByRole(AriaRole.Option, new() { Name = "張淑芬" }).ClickAsync();
            try
            {
                await clerk.WaitForSelectorAsync("#swap-their-day:not([disabled])", new() { Timeout = 3000 });
            }
            catch (TimeoutException)
            {
                // try again
            }
        }

        await clerk.Locator(".mud-select:has(#swap-their-day)").Last.ClickAsync();
        await clerk.GetByRole(AriaRole.Option).Last.ClickAsync();
        await clerk.FillAsync("#swap-note", "當天需出庭");
        await BrowserHost.ScreenshotAsync(clerk, "duty-swap-dialog");
        await clerk.ClickAsync("#duty-dialog-confirm");
        await clerk.SeeAsync("#swaps .cd-swap");
        Assert.Contains("待同仁同意", await clerk.InnerTextAsync("#swaps"));
        await clerk.Context.CloseAsync();

        var colleague = await host.SignedInPageAsync(DemoAccounts.Clerk2);
        await BrowserHost.GoAsync(colleague, "/duty");
        await colleague.ClickAsync("#swaps .cd-swap-accept");
        await colleague.WaitForFunctionAsync("() => document.querySelector('#swaps').innerText.includes('待主管核准')");
        await colleague.Context.CloseAsync();

        await BrowserHost.GoAsync(supervisor, $"/duty?month={month}");
        await supervisor.ClickAsync("#swaps .cd-swap-approve");
        await supervisor.WaitForFunctionAsync("() => document.querySelector('#swaps').innerText.includes('已核准')");
        Assert.True(await supervisor.Locator("#duty-calendar .cd-duty-slot:has-text('⇄')").CountAsync() >= 2);
        await BrowserHost.ScreenshotAsync(supervisor, "duty-after-swap", fullPage: true);

        await BrowserHost.GoAsync(supervisor, $"/duty/fairness?year={next.Year}&quarter={((next.Month - 1) / 3) + 1}");
        await supervisor.SeeAsync("#fair-table");
        await BrowserHost.ScreenshotAsync(supervisor, "duty-fairness", fullPage: true);
        await BrowserHost.GoAsync(supervisor, $"/duty/print?month={month}");
        await supervisor.SeeAsync("#print-roster-table");
        await BrowserHost.ScreenshotAsync(supervisor, "duty-print", fullPage: true);
        await BrowserHost.GoAsync(supervisor, "/dashboard");
        await supervisor.SeeAsync("#dashboard-duty");
        await supervisor.SeeAsync("#call-kpis");
        await BrowserHost.ScreenshotAsync(supervisor, "dashboard-duty-calls", fullPage: true);
        await supervisor.Context.CloseAsync();
    }
}
