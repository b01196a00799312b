using System.Net;
using System.Text.RegularExpressions;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CaseDesk.Tests.Web;

/// <summary>The counter survey page needs no sign-in and accepts a survey answer and nothing else; the report's export is the supervisors' and audited.</summary>
public sealed partial class ServiceQualityWebTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    private HttpClient Anonymous() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = Anonymous();
        await HttpSignIn.PostLoginAsync(client, user, DemoAccounts.Password);
        return client;
    }

    private async Task<int> SurveyCountAsync()
    {
        await using var db = await factory.Services.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        return await db.VisitorSurveys.CountAsync();
    }

    internal static async Task<HttpResponseMessage> PostSurveyAsync(HttpClient client, Dictionary<string, string> fields, string handler = "counter-survey", bool withToken = true)
    {
        var page = await client.GetStringAsync("/survey");
        var form = new Dictionary<string, string>(fields) { ["_handler"] = handler };
        if (withToken)
        {
            form["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        }

        return await client.PostAsync("/survey", new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task CounterPage_WithoutSignIn_ShowsOnlyTheQuestionnaire_AndSavesAnAnswer()
    {
        var client = Anonymous();
        var before = await SurveyCountAsync();

        var page = await client.GetAsync("/survey");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var saved = await PostSurveyAsync(client, new() { ["Input.ReceptionAttitude"] = "1", ["Input.Integrity"] = "2", ["Input.Remark"] = "服務親切" });
        var savedHtml = WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("洽公服務滿意度問卷", html, StringComparison.Ordinal);
        Assert.Contains("現場接待人員之服務態度", html, StringComparison.Ordinal);
        Assert.DoesNotContain("nav-cases", html, StringComparison.Ordinal);
        Assert.DoesNotContain("執字第", html, StringComparison.Ordinal); // no case of the office leaks onto the page
        Assert.DoesNotContain("blazor.web.js\" autostart", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("survey-thanks", savedHtml, StringComparison.Ordinal);
        Assert.Equal(before + 1, await SurveyCountAsync());
    }

    [Fact]
    public async Task CounterPage_RefusesAnythingButAValidSurvey_AndSavesNothing()
    {
        var client = Anonymous();
        var before = await SurveyCountAsync();

        var empty = await PostSurveyAsync(client, new() { ["Input.Remark"] = "沒有評分" });
        var offScale = await PostSurveyAsync(client, new() { ["Input.ReceptionAttitude"] = "9" });
        var notANumber = await PostSurveyAsync(client, new() { ["Input.TimeTaken"] = "<script>" });
        var tooLong = await PostSurveyAsync(client, new() { ["Input.ReceptionAttitude"] = "1", ["Input.Remark"] = new string('長', 501) });
        var noToken = await PostSurveyAsync(client, new() { ["Input.ReceptionAttitude"] = "1" }, withToken: false);
        var otherForm = await PostSurveyAsync(client, new() { ["Input.UserName"] = "admin", ["Input.Password"] = "x" }, handler: "login");
        var unknownUnit = await PostSurveyAsync(client, new() { ["Input.ReceptionAttitude"] = "1", ["Input.UnitId"] = "99999" });

        Assert.Contains("問卷沒有任何作答", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("不在量表內", WebUtility.HtmlDecode(await offScale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("不在量表內", WebUtility.HtmlDecode(await notANumber.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("意見最多 500 字", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("找不到這個執行股", WebUtility.HtmlDecode(await unknownUnit.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherForm.StatusCode);
        Assert.Equal(before, await SurveyCountAsync());
    }

    [Theory]
    [InlineData("/service-quality/spot-checks")]
    [InlineData("/service-quality/surveys")]
    [InlineData("/petitions/new")]
    [InlineData("/reports/service-quality")]
    public async Task OtherPagesWithoutSignIn_AreRefused(string path)
    {
        var client = Anonymous();
        var page = await client.GetStringAsync("/survey");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);

        var get = await client.GetAsync(path);
        var post = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "counter-survey", ["__RequestVerificationToken"] = token, ["Input.ReceptionAttitude"] = "1" }));

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Contains("/Account/Login", get.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        var export = await client.GetAsync("/reports/service-quality/export?year=115&quarter=1");
        Assert.True(export.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"anonymous export answered {export.StatusCode}");
    }

    [Fact]
    public async Task CounterPage_IsRateLimitedPerClientAddress()
    {
        await using var limited = new CaseDeskAppFactory { Settings = { ["ServiceQuality:CounterSurveysPerMinute"] = "2" } };
        var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var answer = new Dictionary<string, string> { ["Input.ReceptionAttitude"] = "1" };

        var first = await PostSurveyAsync(client, answer);
        var second = await PostSurveyAsync(client, answer);
        var third = await PostSurveyAsync(client, answer);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("問卷送出過於頻繁", WebUtility.HtmlDecode(await third.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/survey")).StatusCode); // reading the page is not limited
    }

    [Fact]
    public async Task Export_OneSheetPerSection_ForSupervisors_AndEveryExportAndRefusalIsAudited()
    {
        var supervisor = await SignedInAsync(DemoAccounts.Supervisor);
        var admin = await SignedInAsync(DemoAccounts.Admin);
        var clerk = await SignedInAsync(DemoAccounts.Clerk2);
        var today = TaipeiTime.Today(TimeProvider.System);
        var year = RocDate.RocYear(today);
        var quarter = (today.Month - 1) / 3 + 1;

        var xlsx = await supervisor.GetAsync($"/reports/service-quality/export?year={year}&quarter={quarter}");
        var byAdmin = await admin.GetAsync($"/reports/service-quality/export?year={year}&quarter={quarter}");
        var refused = await clerk.GetAsync($"/reports/service-quality/export?year={year}&quarter={quarter}");
        var notStarted = await supervisor.GetAsync($"/reports/service-quality/export?year={year + 1}&quarter=1");

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notStarted.StatusCode);
        Assert.Contains("尚未開始", WebUtility.HtmlDecode(await notStarted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheets = MiniExcel.GetSheetNames(stream);
        Assert.Equal(8, sheets.Count);
        Assert.StartsWith("1.民眾陳情案件", sheets[0], StringComparison.Ordinal);
        Assert.Contains(sheets, s => s.Contains("政風訪查問卷", StringComparison.Ordinal));
        Assert.Contains(sheets, s => s.Contains("電話禮貌抽測", StringComparison.Ordinal));
        stream.Position = 0;
        var surveyRows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: sheets.Single(s => s.Contains("政風訪查問卷", StringComparison.Ordinal))).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("有效問卷（份）", surveyRows[0]["項目"]);
        Assert.True(Convert.ToDecimal(surveyRows[0]["合計"], System.Globalization.CultureInfo.InvariantCulture) >= 20, "the demo office's surveys are counted");

        await using var db = await factory.Services.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        var rows = await db.AuditEntries.Where(a => a.EntityType == "Export" && a.EntityId == ServiceQualityEndpoints.ExportName).ToListAsync();
        Assert.Contains(rows, r => r.Action == AuditActions.Exported && r.UserName == "王建國" && r.Summary.Contains($"{year}年第{quarter}季 Excel", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Action == AuditActions.Exported && r.UserName == "陳怡君");
        Assert.Contains(rows, r => r.Action == AuditActions.RefusedExport && r.UserName == "張淑芬");
        Assert.Contains(rows, r => r.Action == AuditActions.RefusedExport && r.Summary.Contains("尚未開始", StringComparison.Ordinal));
    }
}
