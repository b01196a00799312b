using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>
/// The Admin's access logs in a real browser: who looked at full personal data, and who was refused a page inside a
/// live circuit (where the authorization middleware never sees the navigation).
/// </summary>
public sealed class AccessLogBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [BrowserFact]
    public async Task AClerkRefusedInTheCircuit_IsAudited_AndTheAdminSeesTheViewsAndTheRefusals()
    {
        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            var clerk = await HostActors.ForAsync(scope.ServiceProvider, DemoAccounts.Clerk);
            await using var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
            var story = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
            Assert.True((await scope.ServiceProvider.GetRequiredService<CaseService>().RevealPersonalDataAsync(clerk, story)).Succeeded);
        }

        // The clerk, with the app loaded, follows an address to the Admins' users page inside the circuit.
        var clerkPage = await host.SignedInPageAsync(DemoAccounts.Clerk);
        await BrowserHost.GoAsync(clerkPage, "/cases");
        await clerkPage.SeeAsync("#cases-table tbody tr td a.cd-case-number");
        await clerkPage.EvaluateAsync("() => Blazor.navigateTo('/admin/users?from=circuit')");
        await clerkPage.SeeAsync("text=沒有權限");
        await WaitForAsync(async () => (await PageRefusalsAsync()).Any(r => r.EntityId == "/admin/users?from=circuit"));
        await clerkPage.Context.CloseAsync();

        var page = await host.SignedInPageAsync(DemoAccounts.Admin);
        await BrowserHost.GoAsync(page, "/admin/personal-data");
        await page.SeeAsync("#pd-table tbody tr:has-text('林雅婷')");
        Assert.Contains("執行案件 #", await page.InnerTextAsync("#pd-table tbody"));
        Assert.Contains("林雅婷", await page.InnerTextAsync("#pd-per-user"));
        await BrowserHost.ScreenshotAsync(page, "admin-personal-data-views", fullPage: true);

        await page.Locator("#pd-kind").GetByText("越權嘗試").ClickAsync();
        await page.WaitForFunctionAsync("() => location.pathname === '/admin/refusals'"); // the History API: no load event
        await page.SeeAsync("#pd-table tbody tr:has-text('/admin/users?from=circuit')");
        var row = await page.InnerTextAsync("#pd-table tbody tr:has-text('/admin/users?from=circuit')");
        Assert.Contains("林雅婷", row);
        Assert.Contains("遭拒", row);
        Assert.Contains("越權存取紀錄", await page.InnerTextAsync("h1"));
        Assert.DoesNotContain("已檢視", await page.InnerTextAsync("#pd-table tbody")); // the views stay in their own report
        await BrowserHost.ScreenshotAsync(page, "admin-refusals", fullPage: true);
        await page.Context.CloseAsync();
    }

    private async Task<List<AuditEntry>> PageRefusalsAsync()
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        return await db.AuditEntries.Where(a => a.Action == AuditActions.Refused && a.EntityType == RefusalAudit.PageEntity).ToListAsync();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await condition(), "the refusal was not audited within 10 s");
    }
}
