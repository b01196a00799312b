using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Duty;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Duty;

/// <summary>Pools (who may create them, who may be in them, people per weekday), make-up Saturdays, and the audit trail of generation and overrides; "now" is Wednesday 115/11/25 10:00.</summary>
public sealed class DutyPoolRulesTests : IAsyncLifetime
{
    private static readonly DateOnly Dec1 = new(2026, 12, 1);
    private static readonly DateOnly Dec31 = new(2026, 12, 31);

    private TestDomain _domain = default!;
    private DutyService _duty = default!;
    private Actor _wang = default!;
    private List<(int Id, string Name, int UnitId)> _members = [];

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _duty = _domain.Get<DutyService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _members = (await db.Staff.Where(s => s.IsActive && (s.Title == StaffTitle.Clerk || s.Title == StaffTitle.Executor) && (s.Unit!.Number == 3 || s.Unit!.Number == 5))
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.Name, s.UnitId }).ToListAsync()).Select(s => (s.Id, s.Name, s.UnitId!.Value)).ToList();
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private static Actor UnitSupervisor(int unitId) => new("user-unit-sup", "股主管", new HashSet<string> { Roles.Supervisor }, null, unitId);

    private async Task<int> PoolAsync(int[] counts)
    {
        var created = await _duty.CreatePoolAsync(_wang, new PoolInput("服務台中午輪值", null, counts, _members.Select(m => m.Id).ToList()));
        Assert.True(created.Succeeded, created.ToString());
        return created.Value;
    }

    private async Task GenerateAsync(int poolId, DateOnly from, DateOnly to)
    {
        var pool = (await _duty.GetPoolsAsync()).Single(p => p.Id == poolId);
        var result = await _duty.GenerateAsync(_wang, poolId, pool.Version, from, to);
        Assert.True(result.Succeeded, result.ToString());
    }

    private async Task<List<DutyAssignment>> AssignmentsAsync(int poolId, DateOnly from, DateOnly to)
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.DutyAssignments.Where(a => a.PoolId == poolId && a.Date >= from && a.Date <= to).OrderBy(a => a.Date).ThenBy(a => a.Slot).ToListAsync();
    }

    [Fact]
    public async Task AMakeUpSaturdayDeclaredAfterGeneration_IsStaffed_EvenWhenThePoolCountsNobodyOnSaturdays()
    {
        Assert.True(_members.Count >= 3, $"{_members.Count} members");
        var poolId = await PoolAsync([0, 1, 1, 1, 1, 1, 0]);
        await GenerateAsync(poolId, Dec1, Dec31);
        var saturday = new DateOnly(2026, 12, 5);
        Assert.Equal(DayOfWeek.Saturday, saturday.DayOfWeek);
        Assert.Empty(await AssignmentsAsync(poolId, saturday, saturday));

        var declared = await _domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), saturday, false, "補行上班");

        Assert.True(declared.Succeeded, declared.ToString());
        var calendar = await _domain.Get<CalendarService>().GetAsync();
        Assert.True(calendar.Describe(saturday).IsMakeUpWorkday);
        var onSaturday = Assert.Single(await AssignmentsAsync(poolId, saturday, saturday));
        Assert.Contains(_members, m => m.Id == onSaturday.StaffId);
        var rows = await AssignmentsAsync(poolId, Dec1, Dec31);
        Assert.Equal(calendar.Range(Dec1, Dec31).Count(d => d.IsWorkingDay), rows.Count); // one a working day, the Saturday included
        var turns = _members.Select(m => rows.Count(a => a.StaffId == m.Id)).ToList();
        Assert.True(turns.Max() - turns.Min() <= 1, string.Join(",", turns));
        var month = (await _duty.GetMonthAsync(poolId, 2026, 12))!;
        Assert.Equal(1, month.Days.Single(d => d.Day.Date == saturday).Needed);
    }

    [Fact]
    public async Task AUnitSupervisor_CreatesAPoolForTheirOwnUnit_ButNotForAnotherUnit()
    {
        var unit = _members[0].UnitId;
        var ownUnit = _members.Where(m => m.UnitId == unit).Select(m => m.Id).ToList();
        var otherUnit = _members.First(m => m.UnitId != unit).UnitId;

        var own = await _duty.CreatePoolAsync(UnitSupervisor(unit), new PoolInput("本股中午輪值", unit, [0, 1, 1, 1, 1, 1, 0], ownUnit));
        var other = await _duty.CreatePoolAsync(UnitSupervisor(unit), new PoolInput("他股中午輪值", otherUnit, [0, 1, 1, 1, 1, 1, 0], []));
        var officeWide = await _duty.CreatePoolAsync(UnitSupervisor(unit), new PoolInput("全分署中午輪值", null, [0, 1, 1, 1, 1, 1, 0], []));

        Assert.True(own.Succeeded, own.ToString());
        var pool = (await _duty.GetPoolsAsync()).Single();
        Assert.Equal((own.Value, "本股中午輪值", (int?)unit), (pool.Id, pool.Name, pool.UnitId));
        Assert.Equal(ownUnit, pool.Members.Select(m => m.StaffId));
        Assert.Equal("forbidden", Assert.Single(other.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(officeWide.Errors).Code);
    }

    [Fact]
    public async Task AMemberFromAnotherUnit_OrSomebodyWhoIsNotAClerk_IsRefused()
    {
        var unit = _members[0].UnitId;
        var stranger = _members.First(m => m.UnitId != unit);
        int dutyOfficer;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            dutyOfficer = await db.Staff.Where(s => s.Name == "黃志偉").Select(s => s.Id).SingleAsync();
        }

        var fromOtherUnit = await _duty.CreatePoolAsync(UnitSupervisor(unit), new PoolInput("本股中午輪值", unit, [0, 1, 1, 1, 1, 1, 0], [_members[0].Id, stranger.Id]));
        var notAClerk = await _duty.CreatePoolAsync(_wang, new PoolInput("服務台中午輪值", null, [0, 1, 1, 1, 1, 1, 0], [_members[0].Id, dutyOfficer]));

        var unitError = Assert.Single(fromOtherUnit.Errors);
        Assert.Equal("pool_members", unitError.Code);
        Assert.Equal($"{stranger.Name} 不屬於本股，不能加入本股的輪值名單。", unitError.Message);
        var titleError = Assert.Single(notAClerk.Errors);
        Assert.Equal("pool_members", titleError.Code);
        Assert.Contains("黃志偉", titleError.Message);
        Assert.Contains("不是書記官或執行員", titleError.Message);
        Assert.Empty(await _duty.GetPoolsAsync());
    }

    [Fact]
    public async Task PerWeekdayCounts_TwoOnTuesdays_GiveTwoDifferentPeopleEveryTuesday()
    {
        var poolId = await PoolAsync([0, 1, 2, 1, 1, 1, 0]);

        await GenerateAsync(poolId, Dec1, Dec31);

        var calendar = await _domain.Get<CalendarService>().GetAsync();
        var rows = await AssignmentsAsync(poolId, Dec1, Dec31);
        var tuesdays = calendar.Range(Dec1, Dec31).Where(d => d.IsWorkingDay && d.Date.DayOfWeek == DayOfWeek.Tuesday).Select(d => d.Date).ToList();
        Assert.Equal(5, tuesdays.Count); // 12/1, 8, 15, 22, 29
        Assert.All(tuesdays, t =>
        {
            var people = rows.Where(a => a.Date == t).ToList();
            Assert.Equal(2, people.Count);
            Assert.Equal(2, people.Select(a => a.StaffId).Distinct().Count());
        });
        Assert.All(rows.Where(a => a.Date.DayOfWeek != DayOfWeek.Tuesday).GroupBy(a => a.Date), g => Assert.Single(g));
        var turns = _members.Select(m => rows.Count(a => a.StaffId == m.Id)).ToList();
        Assert.True(turns.Max() - turns.Min() <= 1, string.Join(",", turns));
    }

    [Fact]
    public async Task GenerationAndAnOverride_AreAudited_WithTheSummaryAndTheReason()
    {
        var poolId = await PoolAsync([0, 1, 1, 1, 1, 1, 0]);
        await GenerateAsync(poolId, Dec1, Dec31);
        var calendar = await _domain.Get<CalendarService>().GetAsync();
        var workingDays = calendar.Range(Dec1, Dec31).Count(d => d.IsWorkingDay);
        var dec7 = (await AssignmentsAsync(poolId, new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 7))).Single();
        var cover = _members.First(m => m.Id != dec7.StaffId);
        var original = _members.Single(m => m.Id == dec7.StaffId);

        var overridden = await _duty.OverrideAsync(_wang, poolId, dec7.Date, 0, dec7.Version, cover.Id, "原輪值人員臨時公出");

        Assert.True(overridden.Succeeded, overridden.ToString());
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var generation = await db.AuditEntries.Where(e => e.EntityType == nameof(DutyPool) && e.EntityId == poolId.ToString(System.Globalization.CultureInfo.InvariantCulture) && e.Summary.Contains("排班"))
            .ToListAsync();
        var summary = Assert.Single(generation).Summary;
        Assert.Contains($"排班 {RocDate.Format(Dec1)}–{RocDate.Format(Dec31)}", summary);
        Assert.Contains($"新排 {workingDays}、異動 0、取消 0", summary);
        Assert.Equal("王建國", generation[0].UserName);

        var overrideRow = Assert.Single(await db.AuditEntries.Where(e => e.EntityType == nameof(DutyAssignment) && e.Summary.Contains("主管指定")).ToListAsync());
        Assert.Equal(dec7.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), overrideRow.EntityId);
        Assert.Contains($"主管指定 {RocDate.Format(dec7.Date)} 由 {cover.Name} 輪值（原 {original.Name}）：原輪值人員臨時公出", overrideRow.Summary);
        Assert.Equal("王建國", overrideRow.UserName);
    }
}
