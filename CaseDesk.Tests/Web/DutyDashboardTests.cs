using Bunit;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Duty;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Components.Pages.Dashboard;
using CaseDesk.Web.Components.Pages.Duty;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Web;

/// <summary>The supervisors' dashboard call and lunch-duty cards, and the owed-turn ledger on the fairness page; "now" is Wednesday 115/11/25 10:00.</summary>
public sealed class DutyDashboardTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private DutyService _dutyService = default!;
    private Actor _wang = default!;
    private Actor _duty = default!;
    private List<(int Id, string Name, int UnitId)> _members = [];
    private int _poolId;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _dutyService = _domain.Get<DutyService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        var huang = await db.Staff.SingleAsync(s => s.Name == "黃志偉");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _duty = new Actor("user-duty", "黃志偉", new HashSet<string> { Roles.DutyOfficer }, huang.Id);
        _members = (await db.Staff.Where(s => s.IsActive && (s.Title == StaffTitle.Clerk || s.Title == StaffTitle.Executor) && (s.Unit!.Number == 3 || s.Unit!.Number == 5))
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.Name, s.UnitId }).ToListAsync()).Select(s => (s.Id, s.Name, s.UnitId!.Value)).ToList();
        _poolId = (await _dutyService.CreatePoolAsync(_wang, new PoolInput("服務台中午輪值", null, [0, 1, 1, 1, 1, 1, 0], _members.Select(m => m.Id).ToList()))).Value;
        var generated = await _dutyService.GenerateAsync(_wang, _poolId, (await _dutyService.GetPoolsAsync()).Single().Version, new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 31));
        Assert.True(generated.Succeeded, generated.ToString());
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private async Task<int> CallAsync(DateOnly on, string phone)
    {
        var logged = await _domain.Get<CallService>().LogAsync(_duty, new CallInput
        {
            ReceivedOn = on, ReceivedAt = new TimeOnly(19, 30), CallerName = "陳先生", Phone = phone,
            Relationship = CallerRelationship.Obligor, CaseNumber = DemoData.StoryCaseNumber, Question = "詢問分期", AnsweredOnSpot = false,
        });
        Assert.True(logged.Succeeded, logged.ToString());
        return logged.Value;
    }

    [Fact]
    public async Task Dashboard_CountsACallbackDueLaterTodayAndAnOverdueOne_AndNamesTodaysAndTheNextWorkingDaysLunchDuty()
    {
        var dueToday = await CallAsync(new DateOnly(2026, 11, 24), "0912345678");  // Tuesday evening: due today, Wednesday 12:00
        var overdue = await CallAsync(new DateOnly(2026, 11, 23), "0922333444");   // Monday evening: was due yesterday 12:00
        var calls = _domain.Get<CallService>();
        Assert.Equal(new DateOnly(2026, 11, 25), (await calls.GetAsync(_wang, dueToday))!.CallbackDueOn);
        Assert.Equal(new DateOnly(2026, 11, 24), (await calls.GetAsync(_wang, overdue))!.CallbackDueOn);
        var today = await _dutyService.OnDutyAsync(new DateOnly(2026, 11, 25));
        var next = await _dutyService.OnDutyAsync(new DateOnly(2026, 11, 26));
        var todays = Assert.Single(today.People).Name;
        var nexts = Assert.Single(next.People).Name;
        Assert.NotEqual(todays, nexts);
        await using var ctx = BunitHost.Create(_domain, _wang);

        var cut = ctx.Render<SupervisorDashboardPage>();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid='kpi-callbacks-today-value']").TextContent));
        Assert.Equal("1", cut.Find("[data-testid='kpi-callbacks-overdue-value']").TextContent);
        Assert.Equal("2", cut.Find("[data-testid='kpi-callbacks-open-value']").TextContent);
        Assert.Equal("/calls?filter=DueToday", cut.Find("#kpi-callbacks-today").GetAttribute("href"));
        var todayRow = cut.Find("#dashboard-duty [data-day='today']");
        var nextRow = cut.Find("#dashboard-duty [data-day='next']");
        Assert.Equal(todays, todayRow.QuerySelector(".cd-duty-person")!.TextContent.Trim());
        Assert.Contains(RocDate.Format(new DateOnly(2026, 11, 25)), todayRow.TextContent);
        Assert.Equal(nexts, nextRow.QuerySelector(".cd-duty-person")!.TextContent.Trim());
        Assert.Contains(RocDate.Format(new DateOnly(2026, 11, 26)), nextRow.TextContent);
    }

    [Fact]
    public async Task FairnessPage_ListsTheOwedTurnLedger_WhoTheSkippedDayTheReasonAndTheRepaidDay()
    {
        await using (var empty = BunitHost.Create(_domain, _wang))
        {
            var before = empty.Render<FairnessPage>();
            before.WaitForElement("#fair-table");
            Assert.Contains("本季沒有欠輪紀錄", before.Find("#fair-owed-none").TextContent);
        }

        var dec3 = new DateOnly(2026, 12, 3);
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            var onDec3 = await db.DutyAssignments.Where(a => a.PoolId == _poolId && a.Date == dec3).Select(a => a.StaffId).SingleAsync();
            var member = _members.Single(m => m.Id == onDec3);
            var added = await _dutyService.AddAbsenceAsync(TestDomain.Clerk(member.Id, member.UnitId, member.Name), new AbsenceInput(null, dec3, dec3, "特休"));
            Assert.True(added.Succeeded, added.ToString());
        }

        var owed = Assert.Single(await _dutyService.OwedTurnsAsync(_poolId, new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31)));
        Assert.Equal("請假：特休", owed.Reason);
        Assert.NotNull(owed.RepaidOn);
        await using var ctx = BunitHost.Create(_domain, _wang);

        var cut = ctx.Render<FairnessPage>();

        cut.WaitForElement("#fair-owed");
        var row = Assert.Single(cut.FindAll("#fair-owed tbody tr"));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal([owed.StaffName, RocDate.FormatLongWithWeekday(dec3), "請假：特休", RocDate.FormatLongWithWeekday(owed.RepaidOn!.Value)], cells);
        Assert.Equal("115年12月3日（四）", cells[1]);
        Assert.Empty(cut.FindAll("#fair-owed-none"));
    }
}
