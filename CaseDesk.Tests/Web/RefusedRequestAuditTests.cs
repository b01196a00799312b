using System.Net;
using System.Text;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

/// <summary>A typed URL or a crafted request to a page, file or dashboard the role may not open is refused and audited.</summary>
public sealed class RefusedRequestAuditTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await HttpSignIn.PostLoginAsync(client, user, DemoAccounts.Password);
        return client;
    }

    [Fact]
    public async Task AnAdminPage_TypedByASupervisor_IsRefused_AndAuditedWithItsAddress()
    {
        var supervisor = await SignedInAsync(DemoAccounts.Supervisor);

        var response = await supervisor.GetAsync("/admin/users?tab=locked");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        var row = Assert.Single(await PageRefusalsAsync("王建國"), r => r.EntityId == "/admin/users?tab=locked");
        Assert.Contains("遭拒", row.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExport_AndTheJobDashboard_RequestedByAClerk_AreRefused_AndAudited()
    {
        var clerk = await SignedInAsync(DemoAccounts.Clerk2);

        var export = await clerk.GetAsync("/admin/personal-data/export?from=2026-12-01&to=2026-12-07&format=csv");
        var hangfire = await clerk.GetAsync("/hangfire");

        Assert.NotEqual(HttpStatusCode.OK, export.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, hangfire.StatusCode);
        var rows = await PageRefusalsAsync("張淑芬");
        Assert.Contains(rows, r => r.EntityId == "/hangfire");
        // The export endpoint lets any signed-in user through to its service, which refuses and audits as an export.
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.RefusedExport && a.UserName == "張淑芬" && a.EntityId == PersonalDataAccessService.ExportName));
    }

    [Fact]
    public async Task ASignedOutVisitor_IsSentToSignIn_AndNotAuditedAsARefusal()
    {
        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync("/admin/mail?anonymous-probe=1");

        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.EntityId.Contains("anonymous-probe")));
    }

    [Fact]
    public async Task TheAdminsRefusalsExport_ListsThem()
    {
        var duty = await SignedInAsync(DemoAccounts.DutyOfficer);
        Assert.NotEqual(HttpStatusCode.OK, (await duty.GetAsync("/dashboard")).StatusCode);
        var admin = await SignedInAsync(DemoAccounts.Admin);
        var today = CaseDesk.Domain.Identity.TaipeiTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var csv = await admin.GetAsync($"/admin/personal-data/export?from={today}&to={today}&format=csv&refusals=true");
        var page = await admin.GetAsync("/admin/refusals");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync())[3..]);
        Assert.Contains("頁面 /dashboard,遭拒", text, StringComparison.Ordinal);
        Assert.Contains(PersonalDataAccessService.RefusalsExportName, csv.Content.Headers.ContentDisposition!.FileNameStar, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private async Task<List<AuditEntry>> PageRefusalsAsync(string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        return await db.AuditEntries.Where(a => a.Action == AuditActions.Refused && a.EntityType == RefusalAudit.PageEntity && a.UserName == userName).OrderBy(a => a.Id).ToListAsync();
    }
}
