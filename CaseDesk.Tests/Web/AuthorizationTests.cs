using System.Net;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Installments;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

public sealed class AuthorizationTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    private HttpClient NewClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Theory]
    [InlineData("/cases")]
    [InlineData("/cases/1")]
    [InlineData("/admin/calendar")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        var response = await NewClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
        Assert.Contains(Uri.EscapeDataString(path), response.Headers.Location!.Query);
    }

    [Theory]
    [InlineData(null, "/cases")]
    [InlineData(DemoAccounts.Clerk, "/desk")]
    [InlineData(DemoAccounts.Supervisor, "/dashboard")]
    [InlineData(DemoAccounts.DutyOfficer, "/cases")]
    public async Task Root_GoesToEachRolesHome(string? user, string home)
    {
        var client = NewClient();
        if (user is not null)
        {
            await HttpSignIn.PostLoginAsync(client, user, DemoAccounts.Password);
        }

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(home, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task HangfireDashboard_IsForAdminsOnly()
    {
        var anonymous = await NewClient().GetAsync("/hangfire");
        var clerkClient = NewClient();
        await HttpSignIn.PostLoginAsync(clerkClient, DemoAccounts.Clerk, DemoAccounts.Password);
        var clerk = await clerkClient.GetAsync("/hangfire");
        var supervisorClient = NewClient();
        await HttpSignIn.PostLoginAsync(supervisorClient, DemoAccounts.Supervisor, DemoAccounts.Password);
        var supervisor = await supervisorClient.GetAsync("/hangfire/recurring");
        var adminClient = NewClient();
        await HttpSignIn.PostLoginAsync(adminClient, DemoAccounts.Admin, DemoAccounts.Password);
        var admin = await adminClient.GetAsync("/hangfire/recurring");

        Assert.StartsWith("/Account/Login", anonymous.Headers.Location!.PathAndQuery);
        Assert.StartsWith("/Account/AccessDenied", clerk.Headers.Location!.PathAndQuery);
        Assert.StartsWith("/Account/AccessDenied", supervisor.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        var html = await admin.Content.ReadAsStringAsync();
        Assert.Contains("deadline-scan", html);
        Assert.Contains("morning-digest", html);
        Assert.Contains("mail-delivery", html);
    }

    [Fact]
    public async Task StatisticsExport_IsRefusedToClerks_AndGivesExcelToSupervisors()
    {
        var clerkClient = NewClient();
        await HttpSignIn.PostLoginAsync(clerkClient, DemoAccounts.Clerk, DemoAccounts.Password);
        var clerk = await clerkClient.GetAsync("/petitions/statistics/export?year=115&format=xlsx");
        var supervisorClient = NewClient();
        await HttpSignIn.PostLoginAsync(supervisorClient, DemoAccounts.Supervisor, DemoAccounts.Password);
        var xlsx = await supervisorClient.GetAsync("/petitions/statistics/export?year=115&format=xlsx");
        var csv = await supervisorClient.GetAsync("/petitions/statistics/export?year=115&format=csv");

        Assert.Equal(HttpStatusCode.Forbidden, clerk.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]); // a zip container
        var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF項目,第一季,第二季,第三季,第四季,合計", text);
        Assert.Contains("行政上權益之維護", text);
    }

    [Fact]
    public async Task Healthz_AnswersWhenTheDatabaseDoes()
    {
        var response = await NewClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Clerk_CannotOpenAdminPage()
    {
        var client = NewClient();
        var login = await HttpSignIn.PostLoginAsync(client, DemoAccounts.Clerk, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var cases = await client.GetAsync("/cases");
        var admin = await client.GetAsync("/admin/calendar");

        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", admin.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Admin_CanOpenAdminPage()
    {
        var client = NewClient();
        await HttpSignIn.PostLoginAsync(client, DemoAccounts.Admin, DemoAccounts.Password);

        var admin = await client.GetAsync("/admin/calendar");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task WrongPassword_ShowsMessage_AndFiveFailuresLockTheAccount()
    {
        var client = NewClient();

        var first = await HttpSignIn.PostLoginAsync(client, DemoAccounts.Clerk2, "wrong-password-1");
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("帳號或密碼不正確", html);

        HttpResponseMessage last = first;
        for (var i = 0; i < 4; i++)
        {
            last = await HttpSignIn.PostLoginAsync(client, DemoAccounts.Clerk2, "wrong-password-1");
        }

        Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        Assert.Contains("/Account/Lockout", last.Headers.Location!.OriginalString);
        var evenRight = await HttpSignIn.PostLoginAsync(client, DemoAccounts.Clerk2, DemoAccounts.Password);
        Assert.Contains("/Account/Lockout", evenRight.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Culture_SwitchesToEnglishAndBack()
    {
        var client = NewClient();

        var toEnglish = await client.GetAsync("/culture?name=en&redirect=%2FAccount%2FLogin");
        var englishPage = await client.GetStringAsync("/Account/Login");
        var evil = await client.GetAsync("/culture?name=zh-TW&redirect=https%3A%2F%2Fevil.example");
        var chinesePage = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Login"));

        Assert.Equal("/Account/Login", toEnglish.Headers.Location!.OriginalString);
        Assert.Contains("Sign in", englishPage);
        Assert.Equal("/", evil.Headers.Location!.OriginalString);
        Assert.Contains("<h1 class=\"cd-account-title\">登入</h1>", chinesePage);
    }

    [Fact]
    public async Task InstallmentDocument_IsServedOnlyToTheCasesUnitAndSupervisors()
    {
        var plans = factory.Services.GetRequiredService<InstallmentService>();
        var folder = factory.Services.GetRequiredService<DocumentFolder>();
        Actor lin;
        int caseId;
        await using (var db = await factory.Services.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync())
        {
            var staff = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            lin = TestDomain.Clerk(staff.Id, staff.UnitId!.Value, "林雅婷");
            caseId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
        }

        var planId = (await plans.SubmitAsync(lin, caseId, new InstallmentApplicationInput
        {
            ApplicantName = "陳志明", Form = ApplicationForm.Written, Reason = HardshipReason.EconomicSituation, StatementOfFacts = "失業",
            RequestedInstallments = 6, DayOfMonth = 15, Guarantee = GuaranteeKind.WrittenByObligor,
            ConsentOn = TaipeiTime.Today(factory.Services.GetRequiredService<TimeProvider>()), ConsentReference = "健保北字第1150001號",
        })).Value;
        Assert.True((await plans.UploadDocumentAsync(lin, planId, "資遣證明.pdf", new MemoryStream("%PDF-1.7\n資遣證明"u8.ToArray()), 20, folder.Path)).Succeeded);
        var docId = (await plans.GetAsync(lin, planId))!.Files.Single().Id;
        var path = $"/installments/{planId}/documents/{docId}";

        async Task<HttpResponseMessage> GetAsAsync(string user)
        {
            var client = NewClient();
            await HttpSignIn.PostLoginAsync(client, user, DemoAccounts.Password);
            return await client.GetAsync(path);
        }

        var ownUnit = await GetAsAsync(DemoAccounts.Clerk);      // 林雅婷, 第5股: the case's unit
        var otherUnit = await GetAsAsync(DemoAccounts.Clerk2);   // 張淑芬, 第3股
        var supervisor = await GetAsAsync(DemoAccounts.Supervisor);

        Assert.Equal(HttpStatusCode.OK, ownUnit.StatusCode);
        Assert.Equal("application/pdf", ownUnit.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.UTF8.GetString(await ownUnit.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, otherUnit.StatusCode);
        Assert.DoesNotContain("%PDF-", await otherUnit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, supervisor.StatusCode);
    }
}
