using System.Net;
using Bunit;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Duty;
using CaseDesk.Domain.Reference;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Calls;
using CaseDesk.Web.Components.Pages.Desk;
using CaseDesk.Web.Components.Pages.Duty;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Web;

/// <summary>The roster and call pages over HTTP: who may open what, and the calendar feed.</summary>
public sealed class DutyAndCallsHttpTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    private async Task<HttpClient> SignedInAsync(string? user)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (user is not null)
        {
            await HttpSignIn.PostLoginAsync(client, user, DemoAccounts.Password);
        }

        return client;
    }

    [Theory]
    [InlineData(DemoAccounts.Clerk, "/calls/new", false)]
    [InlineData(DemoAccounts.DutyOfficer, "/calls/new", true)]
    [InlineData(DemoAccounts.Supervisor, "/calls/new", true)]
    [InlineData(DemoAccounts.Clerk, "/reports/service", false)]
    [InlineData(DemoAccounts.Supervisor, "/reports/service", true)]
    [InlineData(DemoAccounts.DutyOfficer, "/duty", true)]
    [InlineData(DemoAccounts.Clerk, "/duty/fairness", true)]
    [InlineData(DemoAccounts.Clerk, "/duty/lunch-logs", true)]
    [InlineData(DemoAccounts.Supervisor, "/duty/lunch-logs", true)]
    [InlineData(DemoAccounts.DutyOfficer, "/duty/lunch-logs", false)]
    public async Task Pages_AreOpenOnlyToTheirRoles(string user, string path, bool allowed)
    {
        var client = await SignedInAsync(user);

        var response = await client.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task ServiceStatisticsExport_GivesASupervisorTheTableAsCsvAndExcel_AndRefusesClerksAndDutyOfficers()
    {
        var clock = factory.Services.GetRequiredService<TimeProvider>();
        var year = CaseDesk.Domain.Identity.RocDate.RocYear(CaseDesk.Domain.Identity.TaipeiTime.Today(clock));
        var supervisor = await SignedInAsync(DemoAccounts.Supervisor);
        var clerk = await SignedInAsync(DemoAccounts.Clerk);
        var dutyOfficer = await SignedInAsync(DemoAccounts.DutyOfficer);
        var anonymous = await SignedInAsync(null);
        var figures = (await factory.Services.GetRequiredService<CallService>().QuarterlyAsync(new Actor("wang", "王建國", new HashSet<string> { Roles.Supervisor }), year)).Value;

        var csv = await supervisor.GetAsync($"/reports/service/export?year={year}&format=csv");
        var xlsx = await supervisor.GetAsync($"/reports/service/export?year={year}&format=xlsx");
        var refusedClerk = await clerk.GetAsync($"/reports/service/export?year={year}&format=csv");
        var refusedDuty = await dutyOfficer.GetAsync($"/reports/service/export?year={year}&format=xlsx");
        var refusedAnonymous = await anonymous.GetAsync($"/reports/service/export?year={year}&format=csv");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("為民服務統計", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        var lines = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("\uFEFF項目,第一季,第二季,第三季,第四季,合計", lines[0]);
        string Line(string label, Func<CallQuarterFigures, int> value) =>
            string.Join(",", new[] { label }.Concat(figures.Select(q => value(q).ToString(System.Globalization.CultureInfo.InvariantCulture))).Append(figures.Sum(value).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(Line("中午輪值服務人數", q => q.LunchPeopleServed), lines);
        Assert.Contains(Line("中午輪值登錄天數", q => q.LunchDaysLogged), lines);
        Assert.Contains(Line("下班時間來電", q => q.Calls), lines);
        Assert.Contains(lines, l => l.StartsWith("回電結果：無人接聽", StringComparison.Ordinal));
        Assert.True(figures.Sum(q => q.LunchPeopleServed + q.Calls) > 0, "the demo office has lunch hours or calls this year");

        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())))
        {
            var text = new System.Text.StringBuilder();
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open());
                text.Append(await reader.ReadToEndAsync());
            }

            Assert.Contains("中午輪值服務人數", text.ToString());
            Assert.Contains($"{year}年", text.ToString()); // the sheet's name
        }

        Assert.Equal(HttpStatusCode.Forbidden, refusedClerk.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refusedDuty.StatusCode);
        Assert.DoesNotContain("中午輪值服務人數", await refusedClerk.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, refusedAnonymous.StatusCode);
    }

    [Fact]
    public async Task CalendarFeed_NeedsNoSignIn_ButAValidToken()
    {
        var duty = factory.Services.GetRequiredService<DutyService>();
        var dbFactory = factory.Services.GetRequiredService<CaseDeskDbFactory>();
        await using var db = await dbFactory.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var token = (await duty.FeedTokenAsync(new Actor("lin", "林雅婷", new HashSet<string> { Roles.Clerk }, lin.Id, lin.UnitId))).Value;
        var client = await SignedInAsync(null);

        var feed = await client.GetAsync($"/duty/feed/{token}.ics");
        var unknown = await client.GetAsync("/duty/feed/0123456789abcdef.ics");

        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        var text = await feed.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR", text);
        Assert.Contains("SUMMARY:中午輪值（服務台中午輪值）", text);
        var turns = await db.DutyAssignments.CountAsync(a => a.StaffId == lin.Id);
        Assert.True(turns > 0);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

/// <summary>The roster and call components rendered with bUnit over a real domain.</summary>
public sealed class DutyAndCallsComponentTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private Actor _lin = default!;
    private Actor _wang = default!;
    private Actor _duty = default!;
    private int _poolId;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        var huang = await db.Staff.SingleAsync(s => s.Name == "黃志偉");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _duty = new Actor("user-duty", "黃志偉", new HashSet<string> { Roles.DutyOfficer }, huang.Id);
        var members = await db.Staff.Where(s => s.UnitId == lin.UnitId && (s.Title == StaffTitle.Clerk || s.Title == StaffTitle.Executor)).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        var duty = _domain.Get<DutyService>();
        _poolId = (await duty.CreatePoolAsync(_wang, new PoolInput("第5股中午輪值", null, [0, 1, 1, 1, 1, 1, 0], members))).Value;
        await duty.GenerateAsync(_wang, _poolId, 1, new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 31));
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    [Fact]
    public async Task DutyPage_ShowsTheMonth_MyTurns_AndTheSupervisorsButtonsOnlyToSupervisors()
    {
        await using (var ctx = BunitHost.Create(_domain, _lin))
        {
            ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("/duty?month=2026-12");
            var cut = ctx.Render<DutyPage>();

            // The month's title renders before its slots load: wait for the whole page, not the first part of it.
            cut.WaitForAssertion(() =>
            {
                Assert.Contains("115年12月", cut.Find("#duty-month").TextContent);
                Assert.NotEmpty(cut.FindAll("#duty-calendar .cd-duty-mine"));
                Assert.Contains("行憲紀念日", cut.Find("#duty-calendar td[data-date='2026-12-25']").TextContent);
                Assert.NotEmpty(cut.FindAll("#my-turns .cd-swap-button"));
            });
            Assert.Empty(cut.FindAll("#duty-calendar td[data-date='2026-12-25'] .cd-duty-slot"));
            Assert.Empty(cut.FindAll("#duty-generate"));
        }

        await using (var ctx = BunitHost.Create(_domain, _wang))
        {
            var cut = ctx.Render<DutyPage>();
            cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#duty-generate")));
            Assert.NotNull(cut.Find("#duty-pool-settings"));
        }
    }

    [Fact]
    public async Task LunchLogList_ShowsASupervisorEveryonesLogsWithTheTotals_AndAClerkOnlyTheirOwn()
    {
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 5, 0, 0, TimeSpan.Zero)); // Thursday 11/26 13:00
        var duty = _domain.Get<DutyService>();
        var first = (await duty.OnDutyAsync(new DateOnly(2026, 11, 25))).People.Single();
        var second = (await duty.OnDutyAsync(new DateOnly(2026, 11, 26))).People.Single();
        Assert.NotEqual(first.StaffId, second.StaffId);
        var firstActor = TestDomain.Clerk(first.StaffId, _lin.UnitId!.Value, first.Name);
        Assert.True((await duty.LogLunchAsync(firstActor, new LunchLogInput(new DateOnly(2026, 11, 25), 7, "民眾詢問分期繳納，已引導至承辦股"), null)).Succeeded);
        Assert.True((await duty.LogLunchAsync(TestDomain.Clerk(second.StaffId, _lin.UnitId!.Value, second.Name), new LunchLogInput(new DateOnly(2026, 11, 26), 4, null), null)).Succeeded);

        await using (var ctx = BunitHost.Create(_domain, _wang))
        {
            var cut = ctx.Render<LunchLogList>();

            cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#lunch-logs-table tbody tr.mud-table-row").Count));
            var rows = cut.FindAll("#lunch-logs-table tbody tr.mud-table-row").Select(r => r.TextContent).ToList();
            Assert.Contains("115/11/26", rows[0]);
            Assert.Contains(second.Name, rows[0]);
            Assert.Contains("115/11/25", rows[1]);
            Assert.Contains(first.Name, rows[1]);
            Assert.Contains("民眾詢問分期繳納，已引導至承辦股", rows[1]);
            cut.WaitForAssertion(() => Assert.Contains("共 2 筆（2 天），服務 11 人", cut.Find("#lunch-logs-totals").TextContent));
            Assert.NotNull(cut.Find("#lunch-logs-person"));
        }

        await using (var ctx = BunitHost.Create(_domain, firstActor))
        {
            var cut = ctx.Render<LunchLogList>();

            cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#lunch-logs-table tbody tr.mud-table-row")));
            Assert.Contains(first.Name, cut.Find("#lunch-logs-table tbody tr.mud-table-row").TextContent);
            Assert.DoesNotContain(second.Name, cut.Find("#lunch-logs-table").TextContent);
            Assert.Empty(cut.FindAll("#lunch-logs-person"));
            cut.WaitForAssertion(() => Assert.Contains("服務 7 人", cut.Find("#lunch-logs-totals").TextContent));
        }
    }

    [Fact]
    public async Task ServiceStatistics_ShowsTheQuartersAndOffersTheExport_AndAClerkGetsNoFigures()
    {
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero)); // 13:00
        var duty = _domain.Get<DutyService>();
        var onDuty = (await duty.OnDutyAsync(new DateOnly(2026, 11, 25))).People.Single();
        Assert.True((await duty.LogLunchAsync(TestDomain.Clerk(onDuty.StaffId, _lin.UnitId!.Value, onDuty.Name), new LunchLogInput(new DateOnly(2026, 11, 25), 9, null), null)).Succeeded);

        await using (var ctx = BunitHost.Create(_domain, _wang))
        {
            var cut = ctx.Render<ServiceStatisticsPage>();

            cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#svc-table")));
            Assert.Equal(["項目", "第一季", "第二季", "第三季", "第四季", "合計"], cut.FindAll("#svc-table thead th").Select(h => h.TextContent.Trim()));
            Assert.Equal(["中午輪值服務人數", "0", "0", "0", "9", "9"], cut.FindAll("#svc-lunch th, #svc-lunch td").Select(c => c.TextContent.Trim()));
            Assert.Equal("/reports/service/export?year=115&format=csv", cut.Find("#svc-export-csv").GetAttribute("href"));
            Assert.Equal("/reports/service/export?year=115&format=xlsx", cut.Find("#svc-export-xlsx").GetAttribute("href"));

            await cut.InvokeAsync(() => cut.Find("#svc-prev").ClickAsync(new()));
            cut.WaitForAssertion(() => Assert.Equal("/reports/service/export?year=114&format=csv", cut.Find("#svc-export-csv").GetAttribute("href")));
            Assert.Equal(["中午輪值服務人數", "0", "0", "0", "0", "0"], cut.FindAll("#svc-lunch th, #svc-lunch td").Select(c => c.TextContent.Trim()));
        }

        await using (var ctx = BunitHost.Create(_domain, _lin))
        {
            var cut = ctx.Render<ServiceStatisticsPage>();

            cut.WaitForAssertion(() => Assert.Contains("沒有權限", cut.Markup));
            Assert.Empty(cut.FindAll("#svc-table"));
        }
    }

    [Fact]
    public async Task CallForm_ShowsWhereTheCallGoes_AndTheServersMessages()
    {
        await using var ctx = BunitHost.Create(_domain, _duty);
        var cut = ctx.Render<CallForm>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#c-routing-triage")));

        await cut.Find("#c-case").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = DemoData.StoryCaseNumber });
        cut.WaitForAssertion(() => Assert.Contains("林雅婷", cut.Find("#c-routing-clerk").TextContent));
        await cut.Find("#c-phone").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "2345678" });
        await cut.Find("#call-form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("市話請加上區碼", cut.Markup));
        Assert.Contains("請選擇來電人與義務人的關係", cut.Markup);
        Assert.Contains("請詳細記錄來電詢問的內容", cut.Markup);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Empty(await db.AfterHoursCalls.ToListAsync());
    }

    [Fact]
    public async Task MyDesk_ShowsTheLunchDutyCard_AndCallbacks()
    {
        var id = (await _domain.Get<CallService>().LogAsync(_duty, new CallInput
        {
            ReceivedOn = new DateOnly(2026, 11, 24), ReceivedAt = new TimeOnly(19, 30), CallerName = "陳先生", Phone = "0912345678",
            Relationship = CallerRelationship.Obligor, CaseNumber = DemoData.StoryCaseNumber, Question = "詢問分期", AnsweredOnSpot = false,
        })).Value;
        await using var ctx = BunitHost.Create(_domain, _lin);

        var cut = ctx.Render<MyDeskPage>();

        cut.WaitForAssertion(() => Assert.Contains("115來00001", cut.Find("#desk-mine").TextContent));
        Assert.Contains("來電回電", cut.Find("#desk-mine").TextContent);
        Assert.Contains("0912-***-678", cut.Find("#desk-mine").TextContent);
        Assert.Contains("1 通", cut.Find("#desk-callbacks").TextContent);
        var today = await _domain.Get<DutyService>().OnDutyAsync(new DateOnly(2026, 11, 25));
        Assert.Contains(today.People.Single().Name, cut.Find("#desk-duty [data-day='today']").TextContent);
        Assert.NotNull(cut.Find($"#desk-mine a[href='/calls/{id}']"));
    }

    [Fact]
    public async Task RosterAndCallPages_InEnglish_ShowNoRawResourceKeys()
    {
        await using var ctx = BunitHost.Create(_domain, _wang, "en");
        var duty = ctx.Render<DutyPage>();
        var calls = ctx.Render<CallList>();
        var lunchLogs = ctx.Render<LunchLogList>();

        duty.WaitForAssertion(() => Assert.Contains("Mon", duty.Find("#duty-calendar").TextContent));
        calls.WaitForAssertion(() => Assert.Contains("To assign", calls.Markup));
        lunchLogs.WaitForAssertion(() => Assert.Contains("No lunch-hour logs in this period", lunchLogs.Markup));
        foreach (var markup in new[] { duty.Markup, calls.Markup, lunchLogs.Markup })
        {
            Assert.DoesNotContain("Weekday.", markup);
            Assert.DoesNotContain("CallFilter.", markup);
            Assert.DoesNotContain("SwapState.", markup);
            Assert.DoesNotContain("中午輪值名單", markup);
        }

        Assert.Contains("Generate roster", duty.Markup);
    }
}
