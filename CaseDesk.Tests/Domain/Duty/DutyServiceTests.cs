using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Duty;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Reference;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Duty;

/// <summary>The lunch-duty roster through the service, on the shipped 2026/2027 calendar; "now" is Wednesday 115/11/25 10:00.</summary>
public sealed class DutyServiceTests : IAsyncLifetime
{
    private static readonly DateOnly Dec1 = new(2026, 12, 1);
    private static readonly DateOnly Dec31 = new(2026, 12, 31);

    private TestDomain _domain = default!;
    private DutyService _duty = default!;
    private Actor _wang = default!;
    private List<(int Id, string Name, int UnitId)> _members = [];
    private readonly Dictionary<int, string> _users = [];
    private string _wangUser = "";
    private int _poolId;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _duty = _domain.Get<DutyService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _wangUser = await _domain.AddUserAsync("wang", wang.Id, Roles.Supervisor, "wang@casedesk.local");
        _members = (await db.Staff.Where(s => (s.Title == StaffTitle.Clerk || s.Title == StaffTitle.Executor) && (s.Unit!.Number == 3 || s.Unit!.Number == 5))
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.Name, s.UnitId }).ToListAsync()).Select(s => (s.Id, s.Name, s.UnitId!.Value)).ToList();
        foreach (var m in _members)
        {
            _users[m.Id] = await _domain.AddUserAsync($"u{m.Id}", m.Id, Roles.Clerk, null);
        }

        _poolId = (await _duty.CreatePoolAsync(_wang, new PoolInput("服務台中午輪值", null, [0, 1, 1, 1, 1, 1, 1], _members.Select(m => m.Id).ToList()))).Value;
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private Actor Member(int index) => TestDomain.Clerk(_members[index].Id, _members[index].UnitId, _members[index].Name);

    private Actor ActorFor(int staffId) => Member(_members.FindIndex(m => m.Id == staffId));

    private async Task<GenerateResult> GenerateAsync(DateOnly from, DateOnly to)
    {
        var pool = (await _duty.GetPoolsAsync()).Single(p => p.Id == _poolId);
        var result = await _duty.GenerateAsync(_wang, _poolId, pool.Version, from, to);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    private async Task<List<DutyAssignment>> AssignmentsAsync(DateOnly from, DateOnly to)
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.DutyAssignments.Where(a => a.PoolId == _poolId && a.Date >= from && a.Date <= to).OrderBy(a => a.Date).ThenBy(a => a.Slot).ToListAsync();
    }

    private async Task<DutyAssignment> OnAsync(DateOnly date) => (await AssignmentsAsync(date, date)).Single();

    private async Task<List<Notification>> NotificationsAsync(string userId)
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.Notifications.Where(n => n.UserId == userId).OrderBy(n => n.Id).ToListAsync();
    }

    [Fact]
    public async Task GenerateDecember_StaffsEveryWorkingDay_EvenTurns_NoTurnOnChristmasHoliday()
    {
        var result = await GenerateAsync(Dec1, Dec31);

        var calendar = await _domain.Get<CalendarService>().GetAsync();
        var workingDays = calendar.Range(Dec1, Dec31).Count(d => d.IsWorkingDay);
        var rows = await AssignmentsAsync(Dec1, Dec31);
        Assert.Equal(workingDays, rows.Count);
        Assert.Equal(workingDays, result.Created);
        Assert.DoesNotContain(rows, a => a.Date == new DateOnly(2026, 12, 25));
        var turns = _members.Select(m => rows.Count(a => a.StaffId == m.Id)).ToList();
        Assert.True(turns.Max() - turns.Min() <= 1, string.Join(",", turns));

        // Everybody hears that the roster is out, with their first day.
        var first = rows.First();
        Assert.Contains(await NotificationsAsync(_users[first.StaffId]), n => n.Kind == NotificationKind.DutyChanged && n.DueOn == first.Date);
    }

    [Fact]
    public async Task Regenerating_KeepsPastDaysUnchanged_AndRefusesToStartInThePast()
    {
        await GenerateAsync(new DateOnly(2026, 11, 25), Dec31);
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 5, 0, 0, TimeSpan.Zero)); // Thursday 12/10 13:00: today's lunch duty has begun
        var before = (await AssignmentsAsync(new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 10))).Select(a => (a.Date, a.StaffId, a.Version)).ToList();

        var refused = await _duty.GenerateAsync(_wang, _poolId, (await _duty.GetPoolsAsync()).Single().Version, new DateOnly(2026, 12, 1), Dec31);
        var today = await _duty.GenerateAsync(_wang, _poolId, (await _duty.GetPoolsAsync()).Single().Version, new DateOnly(2026, 12, 10), Dec31);
        await using (var db = await _domain.Db.OpenAsync(_wang))
        {
            // Somebody leaves the pool: regenerating moves only days to come.
            var pool = await db.DutyPools.Include(p => p.Members).SingleAsync();
            var input = new PoolInput(pool.Name, null, pool.PeoplePerWeekday, _members.Skip(1).Select(m => m.Id).ToList());
            var updated = await _duty.UpdatePoolAsync(_wang, _poolId, pool.Version, input);
            Assert.True(updated.Succeeded, updated.ToString());
            Assert.Equal(new DateOnly(2026, 12, 11), updated.Value!.From);
        }

        Assert.Equal("duty_past", Assert.Single(refused.Errors).Code);
        Assert.Contains("已過的輪值不能重排", refused.Errors[0].Message);
        Assert.Equal("duty_past", Assert.Single(today.Errors).Code);
        var after = (await AssignmentsAsync(new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 10))).Select(a => (a.Date, a.StaffId, a.Version)).ToList();
        Assert.Equal(before, after);
        Assert.DoesNotContain(await AssignmentsAsync(new DateOnly(2026, 12, 11), Dec31), a => a.StaffId == _members[0].Id);
    }

    [Fact]
    public async Task Absence_MovesTheNextPersonUp_TheAbsentOwesTheTurn_AndRepaysItLaterInTheMonth()
    {
        await GenerateAsync(Dec1, Dec31);
        var dec3 = await OnAsync(new DateOnly(2026, 12, 3));
        var dec4 = await OnAsync(new DateOnly(2026, 12, 4));
        var absent = ActorFor(dec3.StaffId);

        var added = await _duty.AddAbsenceAsync(absent, new AbsenceInput(null, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 3), "特休"));

        Assert.True(added.Succeeded, added.ToString());
        var rowsNow = await AssignmentsAsync(Dec1, new DateOnly(2026, 12, 10));
        Assert.True(dec4.StaffId == rowsNow.Single(a => a.Date == new DateOnly(2026, 12, 3)).StaffId, $"absent {absent.StaffId} dec4 {dec4.StaffId}: " + string.Join(" ", rowsNow.Select(a => $"{a.Date:MMdd}={a.StaffId}{(a.RepaysOwedTurn ? "r" : "")}")));
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var owed = await db.DutyOwedTurns.SingleAsync(o => o.StaffId == absent.StaffId);
        Assert.Equal(new DateOnly(2026, 12, 3), owed.SkippedOn);
        Assert.NotNull(owed.RepaidOn);
        var repay = await OnAsync(owed.RepaidOn!.Value);
        Assert.Equal(absent.StaffId, repay.StaffId);
        Assert.True(repay.RepaysOwedTurn);

        var rows = await AssignmentsAsync(Dec1, Dec31);
        var turns = _members.Select(m => rows.Count(a => a.StaffId == m.Id)).ToList();
        Assert.True(turns.Max() - turns.Min() <= 1, string.Join(",", turns));
        Assert.Contains(await NotificationsAsync(_users[dec4.StaffId]), n => n.Kind == NotificationKind.DutyChanged && n.DueOn == new DateOnly(2026, 12, 3));
        Assert.Contains(await db.AuditEntries.Where(e => e.EntityType == nameof(DutyAssignment)).ToListAsync(), e => e.Summary.Contains("請假"));
    }

    [Fact]
    public async Task Swap_RequestAcceptApprove_ExchangesTheDays_NotifiesAndAudits()
    {
        await GenerateAsync(Dec1, Dec31);
        var mine = await OnAsync(new DateOnly(2026, 12, 2));
        var theirs = await OnAsync(new DateOnly(2026, 12, 4));
        var requester = ActorFor(mine.StaffId);
        var counterpart = ActorFor(theirs.StaffId);

        var swapId = (await _duty.RequestSwapAsync(requester, mine.Id, theirs.StaffId, theirs.Date, "12/2 需出庭")).Value;
        Assert.Contains(await NotificationsAsync(_users[theirs.StaffId]), n => n.Kind == NotificationKind.SwapRequested);

        var swaps = await _duty.SwapsAsync(_wang);
        var early = await _duty.DecideSwapAsync(_wang, swapId, swaps.Single().Version, approve: true);
        Assert.Equal("swap_not_accepted", Assert.Single(early.Errors).Code);
        var notMine = await _duty.AcceptSwapAsync(requester, swapId, swaps.Single().Version);
        Assert.False(notMine.Succeeded);

        Assert.True((await _duty.AcceptSwapAsync(counterpart, swapId, (await _duty.SwapsAsync(counterpart)).Single().Version)).Succeeded);
        Assert.Contains(await NotificationsAsync(_wangUser), n => n.Kind == NotificationKind.SwapAwaitingApproval);
        var approved = await _duty.DecideSwapAsync(_wang, swapId, (await _duty.SwapsAsync(_wang)).Single().Version, approve: true);

        Assert.True(approved.Succeeded, approved.ToString());
        var dec2 = await OnAsync(new DateOnly(2026, 12, 2));
        var dec4 = await OnAsync(new DateOnly(2026, 12, 4));
        Assert.Equal((theirs.StaffId, AssignmentSource.Swap), (dec2.StaffId, dec2.Source));
        Assert.Equal((mine.StaffId, AssignmentSource.Swap), (dec4.StaffId, dec4.Source));
        Assert.Equal(SwapState.Approved, (await _duty.SwapsAsync(_wang)).Single().State);
        Assert.Contains(await NotificationsAsync(_users[mine.StaffId]), n => n.Kind == NotificationKind.DutyChanged && n.DueOn == new DateOnly(2026, 12, 2) && n.CreatedAtUtc == _domain.Clock.GetUtcNow().UtcDateTime);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityType == nameof(DutyAssignment) && e.Summary.Contains("換班")));

        // Regenerating later keeps the swapped days, and nobody gains or loses a turn.
        var pool = (await _duty.GetPoolsAsync()).Single();
        await _duty.GenerateAsync(_wang, _poolId, pool.Version, new DateOnly(2026, 12, 1), Dec31);
        Assert.Equal(theirs.StaffId, (await OnAsync(new DateOnly(2026, 12, 2))).StaffId);
        var rows = await AssignmentsAsync(Dec1, Dec31);
        var turns = _members.Select(m => rows.Count(a => a.StaffId == m.Id)).ToList();
        Assert.True(turns.Max() - turns.Min() <= 1, string.Join(",", turns));
    }

    [Fact]
    public async Task Swap_WithSomeoneOutsideThePool_OnAHoliday_OrOnADayTheyDoNotServe_IsRefused()
    {
        await GenerateAsync(Dec1, Dec31);
        var mine = await OnAsync(new DateOnly(2026, 12, 2));
        var requester = ActorFor(mine.StaffId);
        var other = _members.First(m => m.Id != mine.StaffId);
        var otherDays = (await AssignmentsAsync(Dec1, Dec31)).Where(a => a.StaffId == other.Id).Select(a => a.Date).ToHashSet();
        var freeDay = (await AssignmentsAsync(Dec1, Dec31)).First(a => !otherDays.Contains(a.Date)).Date;

        var outsider = await _duty.RequestSwapAsync(requester, mine.Id, _wang.StaffId!.Value, new DateOnly(2026, 12, 4), null);
        var holiday = await _duty.RequestSwapAsync(requester, mine.Id, other.Id, new DateOnly(2026, 12, 25), null);
        var noTurn = await _duty.RequestSwapAsync(requester, mine.Id, other.Id, freeDay, null);
        var notMine = await _duty.RequestSwapAsync(ActorFor(other.Id), mine.Id, other.Id, freeDay, null);

        Assert.Equal("swap_not_member", Assert.Single(outsider.Errors).Code);
        Assert.Contains("不在「服務台中午輪值」輪值名單內", outsider.Errors[0].Message);
        Assert.Equal("swap_holiday", Assert.Single(holiday.Errors).Code);
        Assert.Contains("行憲紀念日", holiday.Errors[0].Message);
        Assert.Equal("swap_no_turn", Assert.Single(noTurn.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(notMine.Errors).Code);
    }

    [Fact]
    public async Task Absence_OverlappingAnApprovedSwap_IsRefused_WithTheConflictExplained()
    {
        await GenerateAsync(Dec1, Dec31);
        var mine = await OnAsync(new DateOnly(2026, 12, 2));
        var theirs = await OnAsync(new DateOnly(2026, 12, 4));
        var swapId = (await _duty.RequestSwapAsync(ActorFor(mine.StaffId), mine.Id, theirs.StaffId, theirs.Date, null)).Value;
        await _duty.AcceptSwapAsync(ActorFor(theirs.StaffId), swapId, 1);
        Assert.True((await _duty.DecideSwapAsync(_wang, swapId, 2, approve: true)).Succeeded);

        var refused = await _duty.AddAbsenceAsync(ActorFor(mine.StaffId), new AbsenceInput(null, new DateOnly(2026, 12, 4), new DateOnly(2026, 12, 5), "病假"));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("absence_conflict_swap", error.Code);
        Assert.Contains("115/12/04", error.Message);
        Assert.Contains(_members.Single(m => m.Id == theirs.StaffId).Name, error.Message);
        Assert.Contains("王建國", error.Message);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Empty(await db.DutyAbsences.ToListAsync());
    }

    [Fact]
    public async Task Override_PutsSomebodyOnADay_KeptByRegeneration_AndOnlySupervisorsMayDoIt()
    {
        await GenerateAsync(Dec1, Dec31);
        var dec7 = await OnAsync(new DateOnly(2026, 12, 7));
        var other = _members.First(m => m.Id != dec7.StaffId && m.Id != (0));

        var byClerk = await _duty.OverrideAsync(ActorFor(other.Id), _poolId, dec7.Date, 0, dec7.Version, other.Id, "自願");
        var noReason = await _duty.OverrideAsync(_wang, _poolId, dec7.Date, 0, dec7.Version, other.Id, " ");
        var done = await _duty.OverrideAsync(_wang, _poolId, dec7.Date, 0, dec7.Version, other.Id, "原輪值人員臨時公出");
        await _duty.GenerateAsync(_wang, _poolId, (await _duty.GetPoolsAsync()).Single().Version, Dec1, Dec31);

        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        Assert.Equal("override_reason", Assert.Single(noReason.Errors).Code);
        Assert.True(done.Succeeded, done.ToString());
        var now = await OnAsync(dec7.Date);
        Assert.Equal((other.Id, AssignmentSource.Override), (now.StaffId, now.Source));
        Assert.Contains(await NotificationsAsync(_users[dec7.StaffId]), n => n.Kind == NotificationKind.DutyChanged && n.DueOn == dec7.Date);
    }

    [Fact]
    public async Task ClerksCannotGenerate_OrRegisterSomebodyElsesLeave()
    {
        var generate = await _duty.GenerateAsync(Member(0), _poolId, 1, Dec1, Dec31);
        var leave = await _duty.AddAbsenceAsync(Member(0), new AbsenceInput(_members[1].Id, Dec1, Dec1, "特休"));

        Assert.Equal("forbidden", Assert.Single(generate.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(leave.Errors).Code);
    }

    [Fact]
    public async Task FairnessReport_Quarter_EveryoneWithinOneTurnOfTheMean_ExceptByRecordedAbsence()
    {
        var q1 = new DateOnly(2027, 1, 1);
        await _duty.AddAbsenceAsync(Member(2), new AbsenceInput(null, new DateOnly(2027, 3, 15), new DateOnly(2027, 3, 31), "公假"));
        await GenerateAsync(q1, new DateOnly(2027, 3, 31));
        var mine = (await AssignmentsAsync(q1, new DateOnly(2027, 1, 31))).First(a => a.StaffId == _members[0].Id);
        var theirs = (await AssignmentsAsync(q1, new DateOnly(2027, 1, 31))).First(a => a.StaffId == _members[1].Id);
        var swapId = (await _duty.RequestSwapAsync(Member(0), mine.Id, _members[1].Id, theirs.Date, null)).Value;
        await _duty.AcceptSwapAsync(Member(1), swapId, 1);
        await _duty.DecideSwapAsync(_wang, swapId, 2, approve: true);

        var report = await _duty.FairnessAsync(_poolId, 2027, 1);

        Assert.NotNull(report);
        var calendar = await _domain.Get<CalendarService>().GetAsync();
        var workingDays = calendar.Range(q1, new DateOnly(2027, 3, 31)).Count(d => d.IsWorkingDay);
        Assert.Equal(workingDays, report.Rows.Sum(r => r.Turns));
        Assert.Equal(Math.Round((double)(workingDays + report.Rows.Sum(r => r.OwedOpen)) / _members.Count, 2), report.Mean);
        Assert.True(report.IsFair, string.Join("; ", report.Rows.Select(r => $"{r.Name}:{r.Turns}")));
        var absent = report.Rows.Single(r => r.StaffId == _members[2].Id);
        Assert.True(absent.AbsenceDays > 0);
        Assert.Equal(1, report.Rows.Single(r => r.StaffId == _members[0].Id).Swaps);
        Assert.Equal(1, report.Rows.Single(r => r.StaffId == _members[1].Id).Swaps);
        Assert.All(report.Rows.Where(r => r.StaffId != _members[2].Id), r => Assert.True(Math.Abs(r.Deviation) <= 1));
    }

    [Fact]
    public async Task HolidayDeclaredLater_MovesTheTurnToTheNextWorkingDay_NobodyLosesATurn()
    {
        await GenerateAsync(Dec1, Dec31);
        var dec8 = await OnAsync(new DateOnly(2026, 12, 8));
        var before = (await AssignmentsAsync(Dec1, Dec31)).GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.Count());

        var set = await _domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 12, 8), true, "颱風停止上班");

        Assert.True(set.Succeeded, set.ToString());
        Assert.Empty(await AssignmentsAsync(new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 8)));
        Assert.Equal(dec8.StaffId, (await OnAsync(new DateOnly(2026, 12, 9))).StaffId);
        var after = (await AssignmentsAsync(Dec1, Dec31)).GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(before.Values.Sum() - 1, after.Values.Sum());
        Assert.True(after.Values.Max() - after.Values.Min() <= 1);
    }

    [Fact]
    public async Task IcsFeed_OneEventPerTurn_AtTheLunchHourInUtc_FoldedWithCrLf()
    {
        await GenerateAsync(Dec1, Dec31);
        var person = Member(0);
        var token = (await _duty.FeedTokenAsync(person)).Value;

        var ics = await _duty.IcsAsync(token);

        Assert.NotNull(ics);
        var turns = (await AssignmentsAsync(Dec1, Dec31)).Where(a => a.StaffId == person.StaffId).ToList();
        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        Assert.Equal(turns.Count, ics.Split("BEGIN:VEVENT").Length - 1);
        var first = turns.First();
        Assert.Contains($"UID:duty-{first.Id}@casedesk\r\n", ics);
        Assert.Contains($"DTSTART:{first.Date:yyyyMMdd}T043000Z\r\n", ics);
        Assert.Contains($"DTEND:{first.Date:yyyyMMdd}T053000Z\r\n", ics);
        Assert.All(ics.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.Null(await _duty.IcsAsync("not-a-token"));
        var renewed = (await _duty.FeedTokenAsync(person, renew: true)).Value;
        Assert.NotEqual(token, renewed);
        Assert.Null(await _duty.IcsAsync(token));
    }

    [Fact]
    public async Task LunchLog_OnlyThePersonOnDuty_OnlyOnceTheLunchHourStarted_CountsFeedTheQuarter()
    {
        await GenerateAsync(new DateOnly(2026, 11, 25), Dec31);
        var today = await OnAsync(new DateOnly(2026, 11, 25));
        var onDuty = ActorFor(today.StaffId);
        var input = new LunchLogInput(new DateOnly(2026, 11, 25), 7, "一位民眾詢問分期，已轉介承辦股");

        var early = await _duty.LogLunchAsync(onDuty, input, null);
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 4, 45, 0, TimeSpan.Zero)); // 12:45
        var notOnDuty = await _duty.LogLunchAsync(ActorFor(_members.First(m => m.Id != today.StaffId).Id), input, null);
        var negative = await _duty.LogLunchAsync(onDuty, input with { PeopleServed = -1 }, null);
        var logged = await _duty.LogLunchAsync(onDuty, input, null);

        Assert.Equal("lunch_future", Assert.Single(early.Errors).Code);
        Assert.Equal("lunch_not_on_duty", Assert.Single(notOnDuty.Errors).Code);
        Assert.Equal("lunch_served", Assert.Single(negative.Errors).Code);
        Assert.True(logged.Succeeded, logged.ToString());
        var q4 = (await _domain.Get<CallService>().QuarterlyAsync(_wang, 115)).Value.Single(q => q.Quarter == 4);
        Assert.Equal(7, q4.LunchPeopleServed);
        Assert.Equal(1, q4.LunchDaysLogged);
    }

    [Fact]
    public async Task LunchLogs_SupervisorsReadTheirUnitsOrAll_AClerkOnlyTheirOwn_PagedWithThePeriodsTotals()
    {
        await GenerateAsync(new DateOnly(2026, 11, 25), Dec31);
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 5, 0, 0, TimeSpan.Zero)); // Friday 12/4 13:00
        var served = await AssignmentsAsync(new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 4));
        foreach (var (turn, n) in served.Select((t, n) => (t, n)))
        {
            var logged = await _duty.LogLunchAsync(ActorFor(turn.StaffId), new LunchLogInput(turn.Date, n + 1, n == 0 ? "民眾詢問分期繳納" : null), null);
            Assert.True(logged.Succeeded, logged.ToString());
        }

        var unit5 = _members[0].UnitId;
        var unit5People = _members.Where(m => m.UnitId == unit5).Select(m => m.Id).ToHashSet();
        var unitSupervisor = new Actor("user-unit-sup", "股主管", new HashSet<string> { Roles.Supervisor }, null, unit5);
        var clerk = ActorFor(served[0].StaffId);
        var all = new LunchLogQuery(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31));

        var office = await _duty.LunchLogsAsync(_wang, all, new PageRequest(0, 50));
        var unit = await _duty.LunchLogsAsync(unitSupervisor, all, new PageRequest(0, 50));
        var own = await _duty.LunchLogsAsync(clerk, all, new PageRequest(0, 50));
        var othersAsked = await _duty.LunchLogsAsync(clerk, all with { StaffId = served.First(t => t.StaffId != clerk.StaffId).StaffId }, new PageRequest(0, 50));
        var firstPage = await _duty.LunchLogsAsync(_wang, all, new PageRequest(0, 3));
        var secondPage = await _duty.LunchLogsAsync(_wang, all, new PageRequest(1, 3));
        var firstWeek = await _duty.LunchLogsAsync(_wang, all with { To = new DateOnly(2026, 11, 27) }, new PageRequest(0, 50));

        Assert.Equal(served.Count, office.TotalCount);
        Assert.Equal(served.Count * (served.Count + 1) / 2, office.PeopleServed);
        Assert.Equal(served.Select(t => t.Date).Distinct().Count(), office.DaysLogged);
        Assert.Equal(served.Select(t => t.Date).OrderDescending(), office.Items.Select(i => i.Date));
        Assert.Equal("民眾詢問分期繳納", office.Items.Last().Notes);
        Assert.Equal(served.Where(t => unit5People.Contains(t.StaffId)).Select(t => t.StaffId).Order(), unit.Items.Select(i => i.StaffId).Order());
        Assert.True(unit.TotalCount > 0 && unit.TotalCount < office.TotalCount);
        Assert.All(own.Items, i => Assert.Equal(clerk.StaffId, i.StaffId));
        Assert.Equal(served.Count(t => t.StaffId == clerk.StaffId), own.TotalCount);
        Assert.Empty(othersAsked.Items);
        Assert.Equal((3, served.Count), (firstPage.Items.Count, firstPage.TotalCount));
        Assert.Empty(firstPage.Items.Select(i => i.Id).Intersect(secondPage.Items.Select(i => i.Id)));
        Assert.Equal(served.Count(t => t.Date <= new DateOnly(2026, 11, 27)), firstWeek.TotalCount);
        Assert.Equal(unit5People.Intersect(served.Select(t => t.StaffId)).Order(), (await _duty.LunchLogPeopleAsync(unitSupervisor)).Select(p => p.Id).Order());
        Assert.Equal([clerk.StaffId!.Value], (await _duty.LunchLogPeopleAsync(clerk)).Select(p => p.Id));
    }

    [Fact]
    public async Task ReminderScan_TheWorkingDayBefore_RemindsWhoeverIsOnDuty()
    {
        await GenerateAsync(Dec1, Dec31);
        var dec1 = await OnAsync(Dec1);
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero)); // Monday 11/30 09:00

        await _domain.Get<ReminderService>().ScanAsync();
        await _domain.Get<ReminderService>().ScanAsync();

        var reminders = (await NotificationsAsync(_users[dec1.StaffId])).Where(n => n.Kind == NotificationKind.DutyReminder).ToList();
        var reminder = Assert.Single(reminders);
        Assert.Equal(Dec1, reminder.DueOn);
        Assert.False(reminder.IsUrgent);
        Assert.Equal("/duty?pool=" + _poolId + "&month=2026-12", new NotificationView(reminder.Id, reminder.Kind, reminder.IsUrgent, reminder.ItemType, reminder.ItemId, reminder.ItemNumber, reminder.DueOn, reminder.CreatedAtUtc, null).Link);
        var others = _members.Where(m => m.Id != dec1.StaffId).ToList();
        foreach (var m in others)
        {
            Assert.DoesNotContain(await NotificationsAsync(_users[m.Id]), n => n.Kind == NotificationKind.DutyReminder);
        }
    }

    [Fact]
    public async Task FairnessReport_FlagsSomebodyWithExtraTurnsThatNoLeaveExplains()
    {
        var q1 = new DateOnly(2027, 1, 1);
        await GenerateAsync(q1, new DateOnly(2027, 3, 31));
        await using (var db = await _domain.Db.OpenAsync(_wang))
        {
            // Somebody edits the roster behind the rotation's back: three of others' days go to member 0.
            foreach (var a in await db.DutyAssignments.Where(a => a.StaffId != _members[0].Id).OrderBy(a => a.Date).Take(3).ToListAsync())
            {
                a.Regenerate(_members[0].Id, repays: false, "手動");
            }

            await db.SaveChangesAsync();
        }

        var report = await _duty.FairnessAsync(_poolId, 2027, 1);

        Assert.False(report!.IsFair);
        Assert.True(report.Rows.Single(r => r.StaffId == _members[0].Id).Flagged);
    }

    [Fact]
    public async Task Override_TheDisplacedPersonTakesTheCoveringColleaguesNextTurn_NobodyGainsOrLoses()
    {
        await GenerateAsync(Dec1, Dec31);
        var dec7 = await OnAsync(new DateOnly(2026, 12, 7));
        var cover = _members.First(m => m.Id != dec7.StaffId);
        var coverNext = (await AssignmentsAsync(new DateOnly(2026, 12, 8), Dec31)).First(a => a.StaffId == cover.Id);
        var before = (await AssignmentsAsync(Dec1, Dec31)).GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.Count());

        var done = await _duty.OverrideAsync(_wang, _poolId, dec7.Date, 0, dec7.Version, cover.Id, "原輪值人員臨時出庭");
        await _duty.GenerateAsync(_wang, _poolId, (await _duty.GetPoolsAsync()).Single().Version, new DateOnly(2026, 12, 1), Dec31);

        Assert.True(done.Succeeded, done.ToString());
        var paidBack = await OnAsync(coverNext.Date);
        Assert.Equal((dec7.StaffId, true), (paidBack.StaffId, paidBack.RepaysOwedTurn));
        var after = (await AssignmentsAsync(Dec1, Dec31)).GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(before, after);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var owed = await db.DutyOwedTurns.SingleAsync(o => o.StaffId == dec7.StaffId);
        Assert.Equal((dec7.Date, coverNext.Date), (owed.SkippedOn, owed.RepaidOn!.Value));
        Assert.True((await _duty.FairnessAsync(_poolId, 2026, 4))!.IsFair);
    }

    [Fact]
    public async Task HolidayDeclaredOnASwappedDay_TheSwapDaysReturnToTheRotation_NobodyGainsOrLoses()
    {
        await GenerateAsync(Dec1, Dec31);
        var mine = await OnAsync(new DateOnly(2026, 12, 8));
        var theirs = await OnAsync(new DateOnly(2026, 12, 10));
        var swapId = (await _duty.RequestSwapAsync(ActorFor(mine.StaffId), mine.Id, theirs.StaffId, theirs.Date, null)).Value;
        await _duty.AcceptSwapAsync(ActorFor(theirs.StaffId), swapId, 1);
        Assert.True((await _duty.DecideSwapAsync(_wang, swapId, 2, approve: true)).Succeeded);
        var before = (await AssignmentsAsync(Dec1, Dec31)).GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.Count());

        Assert.True((await _domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 12, 8), true, "颱風停止上班")).Succeeded);

        Assert.Empty(await AssignmentsAsync(new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 8)));
        var rows = await AssignmentsAsync(Dec1, Dec31);
        Assert.DoesNotContain(rows, a => a.Source == AssignmentSource.Swap);
        var after = rows.GroupBy(a => a.StaffId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(before.Values.Sum() - 1, after.Values.Sum());
        Assert.True(after.Values.Max() - after.Values.Min() <= 1, string.Join(",", after.Values));
    }

    [Fact]
    public async Task SwappingARepaidTurn_ThenRegenerating_DoesNotRepayItTwice()
    {
        await GenerateAsync(Dec1, Dec31);
        var dec3 = await OnAsync(new DateOnly(2026, 12, 3));
        await _duty.AddAbsenceAsync(ActorFor(dec3.StaffId), new AbsenceInput(null, new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 3), "特休"));
        var repay = (await AssignmentsAsync(Dec1, Dec31)).Single(a => a.RepaysOwedTurn);
        var other = (await AssignmentsAsync(repay.Date.AddDays(1), Dec31)).First(a => a.StaffId != repay.StaffId);
        var swapId = (await _duty.RequestSwapAsync(ActorFor(repay.StaffId), repay.Id, other.StaffId, other.Date, null)).Value;
        await _duty.AcceptSwapAsync(ActorFor(other.StaffId), swapId, 1);
        Assert.True((await _duty.DecideSwapAsync(_wang, swapId, 2, approve: true)).Succeeded);
        var before = (await AssignmentsAsync(Dec1, Dec31)).Count(a => a.StaffId == repay.StaffId);

        await _duty.GenerateAsync(_wang, _poolId, (await _duty.GetPoolsAsync()).Single().Version, Dec1, Dec31);

        Assert.Equal(before, (await AssignmentsAsync(Dec1, Dec31)).Count(a => a.StaffId == repay.StaffId));
    }

    [Fact]
    public async Task APersonBelongsToOnePoolOnly_AndUnitSupervisorsManageOnlyTheirUnitsLeave()
    {
        var second = await _duty.CreatePoolAsync(_wang, new PoolInput("第二組", null, [0, 1, 1, 1, 1, 1, 0], [_members[0].Id]));
        var otherUnit = _members.First(m => m.UnitId != _members[0].UnitId);
        var unitSupervisor = new Actor("user-unit-sup", "股主管", new HashSet<string> { Roles.Supervisor }, null, _members[0].UnitId);

        var refused = await _duty.AddAbsenceAsync(unitSupervisor, new AbsenceInput(otherUnit.Id, Dec1, Dec1, "特休"));
        var allowed = await _duty.AddAbsenceAsync(unitSupervisor, new AbsenceInput(_members[0].Id, Dec1, Dec1, "特休"));

        Assert.Equal("pool_members", Assert.Single(second.Errors).Code);
        Assert.Contains("已在「服務台中午輪值」輪值名單內", second.Errors[0].Message);
        Assert.Equal("forbidden", Assert.Single(refused.Errors).Code);
        Assert.True(allowed.Succeeded, allowed.ToString());
    }

    [Fact]
    public async Task Absences_AUnitsSupervisorSeesTheUnitsLeave_TheOfficeWideOneAll_AClerkOnlyTheirOwn()
    {
        var unit5 = _members[0];
        var other = _members.First(m => m.UnitId != unit5.UnitId);
        var colleague = _members.Skip(1).First(m => m.UnitId == unit5.UnitId);
        await _duty.AddAbsenceAsync(Member(0), new AbsenceInput(null, Dec1, Dec1, "特休"));
        await _duty.AddAbsenceAsync(ActorFor(other.Id), new AbsenceInput(null, Dec1, Dec1, "病假"));
        var unitSupervisor = new Actor("user-unit-sup", "股主管", new HashSet<string> { Roles.Supervisor }, null, unit5.UnitId);

        var byUnitSupervisor = await _duty.AbsencesAsync(unitSupervisor);
        var byOfficeSupervisor = await _duty.AbsencesAsync(_wang);
        var byColleague = await _duty.AbsencesAsync(ActorFor(colleague.Id));
        var byOther = await _duty.AbsencesAsync(ActorFor(other.Id));

        Assert.Equal([unit5.Id], byUnitSupervisor.Select(a => a.StaffId));
        Assert.Equal(new[] { unit5.Id, other.Id }.Order(), byOfficeSupervisor.Select(a => a.StaffId).Order());
        Assert.Empty(byColleague);
        Assert.Equal([other.Id], byOther.Select(a => a.StaffId));
    }

    [Fact]
    public async Task RemovingLeaveThatHasStarted_KeepsItsPastDaysOnRecord()
    {
        var me = Member(0);
        var id = (await _duty.AddAbsenceAsync(me, new AbsenceInput(null, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 30), "病假"))).Value;

        var removed = await _duty.RemoveAbsenceAsync(me, id, 1);

        Assert.True(removed.Succeeded, removed.ToString());
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var kept = await db.DutyAbsences.SingleAsync();
        Assert.Equal((new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 24)), (kept.From, kept.To));
    }

    [Fact]
    public void Ics_EscapesTextAndFoldsLongLinesWithoutSplittingCharacters()
    {
        var ics = DutyService.BuildIcs("林雅婷", [(7, new DateOnly(2026, 12, 1), 2, new DateTime(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc), "服務台中午輪值,第一組;含逗號與分號的很長很長很長很長很長很長的名單名稱", AssignmentSource.Swap)], new TimeOnly(12, 30), new TimeOnly(13, 30), new DateTime(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc));

        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("SUMMARY:中午輪值（服務台中午輪值\\,第一組\\;含逗號與分號", unfolded);
        Assert.Contains("\r\n ", ics);
        Assert.All(ics.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.DoesNotContain('\uFFFD', System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(ics)));
        Assert.Contains("DTSTART:20261201T043000Z", unfolded);
        Assert.Contains("SEQUENCE:2", unfolded);
    }
}
