using System.Net;
using System.Text;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

/// <summary>Every file export is in the audit trail, and so is a crafted request to one that is refused.</summary>
public sealed class ExportAuditTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await HttpSignIn.PostLoginAsync(client, user, DemoAccounts.Password);
        return client;
    }

    [Fact]
    public async Task StatisticsExports_AreAudited_AndARefusedOneToo()
    {
        var supervisor = await SignedInAsync(DemoAccounts.Supervisor);
        var clerk = await SignedInAsync(DemoAccounts.Clerk2);

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/reports/service/export?year=115&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/reports/service/export?year=115&format=csv")).StatusCode);

        var rows = await ExportRowsAsync("為民服務統計");
        Assert.Contains(rows, r => r.Action == AuditActions.Exported && r.UserName == "王建國" && r.Summary.Contains("115年 CSV", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Action == AuditActions.RefusedExport && r.UserName == "張淑芬" && r.Summary.Contains("遭拒", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePersonalDataViewsExport_IsForAdmins_AsCsvOrExcel()
    {
        var clerk = await SignedInAsync(DemoAccounts.Clerk);
        var admin = await SignedInAsync(DemoAccounts.Admin);
        var storyCase = await StoryCaseIdAsync();
        // The clerk of the story case's unit looks at the obligor's full ID on the case page.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var actor = await HostActors.ForAsync(scope.ServiceProvider, DemoAccounts.Clerk);
            Assert.True((await scope.ServiceProvider.GetRequiredService<CaseDesk.Domain.Cases.CaseService>().RevealPersonalDataAsync(actor, storyCase)).Succeeded);
        }

        var today = CaseDesk.Domain.Identity.TaipeiTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var refused = await clerk.GetAsync($"/admin/personal-data/export?from={today}&to={today}&format=csv");
        var csv = await admin.GetAsync($"/admin/personal-data/export?from={today}&to={today}&format=csv");
        var xlsx = await admin.GetAsync($"/admin/personal-data/export?from={today}&to={today}&format=xlsx");
        var badPeriod = await admin.GetAsync($"/admin/personal-data/export?to={today}&format=csv");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("時間,使用者,紀錄,結果,內容", text, StringComparison.Ordinal);
        Assert.Contains($"林雅婷,執行案件 #{storyCase},已檢視", text, StringComparison.Ordinal);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal((byte)'P', (await xlsx.Content.ReadAsByteArrayAsync())[0]); // a zip package
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        Assert.Contains("請輸入查詢期間", await badPeriod.Content.ReadAsStringAsync());

        var rows = await ExportRowsAsync(PersonalDataAccessService.ExportName);
        Assert.Equal(2, rows.Count(r => r.Action == AuditActions.Exported && r.UserName == "陳怡君"));
        Assert.Single(rows, r => r.Action == AuditActions.RefusedExport && r.UserName == "林雅婷");
    }

    [Fact]
    public async Task ThePersonalDataViewsPage_IsForAdminsOnly()
    {
        var supervisor = await SignedInAsync(DemoAccounts.Supervisor);
        var admin = await SignedInAsync(DemoAccounts.Admin);

        Assert.NotEqual(HttpStatusCode.OK, (await supervisor.GetAsync("/admin/personal-data")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/personal-data")).StatusCode);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+886912345678", "'+886912345678")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("-5", "-5")]
    [InlineData("-", "-")]
    [InlineData("林雅婷, 第5股", "\"林雅婷, 第5股\"")]
    [InlineData("115/11/25 10:00", "115/11/25 10:00")]
    public void CsvFields_AreQuoted_AndNeverRunAsFormulas(string value, string expected) =>
        Assert.Equal(expected, ExportEndpoints.Csv(value));

    private async Task<int> StoryCaseIdAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        return await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }

    private async Task<List<AuditEntry>> ExportRowsAsync(string export)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        return await db.AuditEntries.Where(a => a.EntityType == "Export" && a.EntityId == export).OrderBy(a => a.Id).ToListAsync();
    }
}
