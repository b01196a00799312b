using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>The Content-Security-Policy in a real browser: every main page works under it, and nothing is blocked.</summary>
public sealed class SecurityBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [BrowserFact]
    public async Task TheMainPages_RunUnderTheContentSecurityPolicy_WithNothingBlocked()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                blocked.Add($"{page.Url}: {message.Text}");
            }
        };

        await page.SeeAsync("[data-testid='kpi-open-value']");
        await BrowserHost.GoAsync(page, "/cases");
        await page.SeeAsync("#cases-table tbody tr td a.cd-case-number");
        await page.ClickAsync("#cases-table tbody tr a:has-text('00012345')");
        await page.SeeAsync("text=115年度健保執字第00012345號");
        await BrowserHost.GoAsync(page, "/petitions");
        await page.SeeAsync("#petitions-table");
        await BrowserHost.GoAsync(page, "/duty");
        await page.SeeAsync("#duty-calendar");
        var csp = (await page.GotoAsync("/dashboard"))!.Headers["content-security-policy"];
        await BrowserHost.WaitForCircuitAsync(page);
        await page.SeeAsync("[data-testid='kpi-open-value']");

        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Empty(blocked);
        await page.Context.CloseAsync();
    }
}

/// <summary>An app whose sessions end after 6 seconds without use.</summary>
public sealed class ShortIdleBrowserHost() : BrowserHost(new CaseDeskAppFactory { Settings = { ["Security:IdleTimeoutMinutes"] = "0.1" } });

public sealed class IdleSignOutBrowserTests(ShortIdleBrowserHost host) : IClassFixture<ShortIdleBrowserHost>
{
    [BrowserFact]
    public async Task AnIdlePage_GoesToTheSignInPage_SaysWhy_AndTheOldSessionIsGone()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await BrowserHost.GoAsync(page, "/cases");
        await page.SeeAsync("#cases-table tbody tr td a.cd-case-number");

        // Nobody touches the page: within the idle time (6 s) and one check (1.5 s) it signs itself out.
        await page.SeeAsync("#login-idle");

        Assert.Contains("/Account/Login", page.Url);
        Assert.Contains("閒置超過", await page.InnerTextAsync("#login-idle"));
        await BrowserHost.ScreenshotAsync(page, "signed-out-idle");
        var again = await page.GotoAsync("/cases");
        Assert.Contains("/Account/Login", page.Url);
        Assert.NotNull(again);
        Assert.Empty(await page.QuerySelectorAllAsync("#login-idle")); // a plain sign-in page now: the session had already ended
        await page.Context.CloseAsync();
    }
}

/// <summary>The Admin's users page in a real browser: lock, the sign-in refused, unlock, and a password reset.</summary>
public sealed class UserAdminBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [BrowserFact]
    public async Task AnAdmin_LocksAClerk_TheClerkCannotSignIn_ThenUnlocks_AndResetsAPassword()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Admin);
        await BrowserHost.GoAsync(page, "/admin/users");
        await page.SeeAsync("#user-clerk2");
        Assert.Empty(await page.QuerySelectorAllAsync("#lock-admin")); // no way to lock oneself out

        await page.ClickAsync("#lock-clerk2");
        await page.SeeAsync("#users-done");
        await page.SeeAsync("#unlock-clerk2");
        Assert.Contains("管理員鎖定", await page.InnerTextAsync("#user-clerk2"));
        await BrowserHost.ScreenshotAsync(page, "admin-users-locked");

        var clerk = await host.NewPageAsync();
        await clerk.GotoAsync("/Account/Login");
        await clerk.FillAsync("#Input\\.UserName", DemoAccounts.Clerk2);
        await clerk.FillAsync("#Input\\.Password", DemoAccounts.Password);
        await clerk.ClickAsync("#login-submit");
        await clerk.WaitForURLAsync("**/Account/Lockout**");
        await clerk.Context.CloseAsync();

        await page.ClickAsync("#unlock-clerk2");
        await page.SeeAsync("#lock-clerk2");

        await page.ClickAsync("#reset-duty");
        await page.SeeAsync("#reset-panel");
        await page.FillAsync("#reset-password", "short");
        await page.ClickAsync("#reset-save");
        await page.SeeAsync("#reset-panel .mud-input-helper-text.mud-input-error");
        Assert.Contains("12 個字元", await page.InnerTextAsync("#reset-panel"));
        await BrowserHost.ScreenshotAsync(page, "admin-users-reset-refused");
        await page.FillAsync("#reset-password", "Night-duty-2026!");
        await page.ClickAsync("#reset-save");
        await page.SeeAsync("#users-done");
        Assert.Empty(await page.QuerySelectorAllAsync("#reset-panel"));
        await page.Context.CloseAsync();

        var duty = await host.SignedInPageAsync(DemoAccounts.DutyOfficer, "Night-duty-2026!");
        Assert.DoesNotContain("/Account/Login", duty.Url);
        await duty.Context.CloseAsync();
    }
}
