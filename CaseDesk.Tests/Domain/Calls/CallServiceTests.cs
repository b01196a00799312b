using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Calls;

/// <summary>The after-hours call log on the shipped calendar; "now" starts at Wednesday 115/11/25 10:00.</summary>
public sealed class CallServiceTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private CallService _calls = default!;
    private Actor _duty = default!;
    private Actor _lin = default!;
    private Actor _chang = default!;
    private Actor _wang = default!;
    private string _linUser = "";
    private string _wangUser = "";

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _calls = _domain.Get<CallService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        var huang = await db.Staff.SingleAsync(s => s.Name == "黃志偉");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        _chang = TestDomain.Clerk(chang.Id, chang.UnitId!.Value, "張淑芬");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _duty = new Actor("user-duty", "黃志偉", new HashSet<string> { Roles.DutyOfficer }, huang.Id);
        _linUser = await _domain.AddUserAsync("lin", lin.Id, Roles.Clerk, "lin@casedesk.local");
        _wangUser = await _domain.AddUserAsync("wang", wang.Id, Roles.Supervisor, "wang@casedesk.local");
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private static CallInput Saturday(string? caseNumber = DemoData.StoryCaseNumber, string phone = "0912345678") => new()
    {
        ReceivedOn = new DateOnly(2026, 11, 21),
        ReceivedAt = new TimeOnly(10, 5),
        CallerName = "陳先生",
        Phone = phone,
        Relationship = CallerRelationship.Obligor,
        CaseNumber = caseNumber,
        Question = "詢問 NT$86,400 可否分期繳納",
        AnsweredOnSpot = false,
    };

    private async Task<List<Notification>> NotificationsAsync(string userId)
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.Notifications.Where(n => n.UserId == userId).ToListAsync();
    }

    [Fact]
    public async Task SaturdayCall_WithACaseNumber_GoesToTheCasesClerk_DueMondayNoon()
    {
        var id = await _calls.LogAsync(_duty, Saturday());

        Assert.True(id.Succeeded, id.ToString());
        var call = await _calls.GetAsync(_lin, id.Value);
        Assert.NotNull(call);
        Assert.Equal(CallState.CallbackOpen, call.State);
        Assert.Equal(_lin.StaffId, call.AssignedStaffId);
        Assert.Equal("0912-345-678", call.Phone);
        Assert.Equal(DemoData.StoryCaseNumber, call.CaseNumber);
        Assert.Equal("115來00001", call.Number);
        Assert.Equal(new DateOnly(2026, 11, 23), call.CallbackDueOn);
        Assert.Equal(new DateTime(2026, 11, 23, 4, 0, 0, DateTimeKind.Utc), call.CallbackDueAtUtc);
        Assert.Contains(await NotificationsAsync(_linUser), n => n.Kind == NotificationKind.CallbackAssigned && n.ItemId == id.Value);

        var desk = await _domain.Get<MyDeskService>().GetAsync(_lin);
        var item = Assert.Single(desk.Mine, i => i.Kind == "AfterHoursCall");
        Assert.Equal($"/calls/{id.Value}", item.Link);
        Assert.Equal(DeadlineStatus.Overdue, item.Status);   // Monday noon has passed by Wednesday
    }

    [Fact]
    public async Task CallWithoutAKnownCase_GoesToTriage_TheSupervisorAssignsIt()
    {
        var id = (await _calls.LogAsync(_duty, Saturday(caseNumber: "115年度交執字第99999999號"))).Value;

        var call = await _calls.GetAsync(_wang, id);
        Assert.Equal(CallState.Triage, call!.State);
        Assert.Null(call.AssignedStaffId);
        Assert.Equal("115年度交執字第99999999號", call.CaseNumberGiven);
        Assert.Contains(await NotificationsAsync(_wangUser), n => n.Kind == NotificationKind.CallTriage && n.ItemId == id);
        Assert.Equal(1, (await _calls.CountsAsync(null)).Triage);
        Assert.Null(await _calls.GetAsync(_chang, id));   // not hers, not her unit's

        var byClerk = await _calls.AssignAsync(_lin, id, call.Version, _chang.StaffId!.Value);
        var assigned = await _calls.AssignAsync(_wang, id, call.Version, _chang.StaffId!.Value);

        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        Assert.True(assigned.Succeeded, assigned.ToString());
        var after = await _calls.GetAsync(_chang, id);
        Assert.Equal((CallState.CallbackOpen, _chang.StaffId, _chang.UnitId), (after!.State, after.AssignedStaffId, after.UnitId));
    }

    [Theory]
    [InlineData("2026-11-24T17:29", false, "call_office_hours")]
    [InlineData("2026-11-24T17:31", false, null)]
    [InlineData("2026-11-24T08:29", false, null)]
    [InlineData("2026-11-24T10:00", true, null)]
    [InlineData("2027-01-01T10:00", false, null)]   // 開國紀念日 (a Friday) — a holiday
    [InlineData("2026-11-25T10:30", false, "call_future")]
    [InlineData("2026-09-30T21:00", false, "call_too_old")]
    public async Task AfterHours_IsDecidedByTheOfficeHoursAndTheCalendar(string taipei, bool exception, string? error)
    {
        if (taipei.StartsWith("2027", StringComparison.Ordinal))
        {
            _domain.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 3, 0, 0, TimeSpan.Zero));
        }

        var t = DateTime.Parse(taipei, System.Globalization.CultureInfo.InvariantCulture);
        var result = await _calls.LogAsync(_duty, Saturday() with
        {
            ReceivedOn = DateOnly.FromDateTime(t),
            ReceivedAt = TimeOnly.FromDateTime(t),
            OfficeHoursException = exception,
            ExceptionReason = exception ? "總機故障，由值日人員代接" : null,
        });

        if (error is null)
        {
            Assert.True(result.Succeeded, result.ToString());
        }
        else
        {
            Assert.Equal(error, Assert.Single(result.Errors).Code);
        }
    }

    [Fact]
    public async Task CallOnAMakeUpSaturday_IsDuringOfficeHours()
    {
        Assert.True((await _domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 11, 21), false, "補行上班")).Succeeded);

        var refused = await _calls.LogAsync(_duty, Saturday());

        var error = Assert.Single(refused.Errors);
        Assert.Equal("call_office_hours", error.Code);
        Assert.Contains("補行上班日", error.Message);
    }

    [Fact]
    public async Task CallbackAfterALongWeekend_IsDueTheFirstWorkingDayAfterIt()
    {
        // Thursday 115/12/31 evening; 1/1 is New Year's Day, then the weekend: due Monday 116/1/4 noon.
        _domain.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 2, 0, 0, TimeSpan.Zero));

        var id = (await _calls.LogAsync(_duty, Saturday() with { ReceivedOn = new DateOnly(2026, 12, 31), ReceivedAt = new TimeOnly(20, 0) })).Value;

        var call = await _calls.GetAsync(_wang, id);
        Assert.Equal(new DateOnly(2027, 1, 4), call!.CallbackDueOn);
        Assert.Equal("115來00001", call.Number);
    }

    [Fact]
    public async Task BadInput_GetsClearMessages_AndNothingIsSaved()
    {
        var result = await _calls.LogAsync(_duty, new CallInput
        {
            ReceivedOn = new DateOnly(2026, 11, 21),
            ReceivedAt = new TimeOnly(10, 5),
            Phone = "2345678",
            Question = " ",
        });
        var answered = await _calls.LogAsync(_duty, Saturday() with { AnsweredOnSpot = true, SpotAnswer = "" });
        var byClerk = await _calls.LogAsync(_lin, Saturday());

        var codes = result.Errors.Select(e => e.Code).ToList();
        Assert.Contains("call_phone", codes);
        Assert.Contains("call_relationship", codes);
        Assert.Contains("call_question", codes);
        Assert.Contains("call_answered", codes);
        Assert.Contains("市話請加上區碼", result.Errors.Single(e => e.Code == "call_phone").Message);
        Assert.Equal("call_spot_answer", Assert.Single(answered.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Empty(await db.AfterHoursCalls.ToListAsync());
    }

    [Fact]
    public async Task Closing_NeedsAReachedOutcome_OrASupervisorsDecisionAfterThreeFailedAttempts()
    {
        var id = (await _calls.LogAsync(_duty, Saturday())).Value;
        int Version() => _calls.GetAsync(_wang, id).Result!.Version;
        var today = new DateOnly(2026, 11, 25);

        var noOutcome = await _calls.CloseAsync(_lin, id, Version(), "已答復");
        var missing = await _calls.AddAttemptAsync(_lin, id, Version(), new AttemptInput(today, new TimeOnly(9, 10), null, null, false));
        var future = await _calls.AddAttemptAsync(_lin, id, Version(), new AttemptInput(today, new TimeOnly(11, 0), AttemptOutcome.NoAnswer, null, false));
        var closeUnreached = await _calls.AddAttemptAsync(_lin, id, Version(), new AttemptInput(today, new TimeOnly(9, 0), AttemptOutcome.NoAnswer, null, true));
        Assert.True((await _calls.AddAttemptAsync(_lin, id, Version(), new AttemptInput(today, new TimeOnly(9, 0), AttemptOutcome.NoAnswer, null, false))).Succeeded);
        Assert.True((await _calls.AddAttemptAsync(_lin, id, Version(), new AttemptInput(today, new TimeOnly(9, 20), AttemptOutcome.LeftMessage, "請於今日回電", false))).Succeeded);
        var tooEarly = await _calls.SupervisorCloseAsync(_wang, id, Version(), "聯絡未果");
        Assert.True((await _calls.AddAttemptAsync(_lin, id, Version(), new AttemptInput(today, new TimeOnly(9, 40), AttemptOutcome.NoAnswer, null, false))).Succeeded);
        var byClerk = await _calls.SupervisorCloseAsync(_lin, id, Version(), "聯絡未果");
        var decided = await _calls.SupervisorCloseAsync(_wang, id, Version(), "三次聯絡未果，改以書面通知義務人");

        Assert.Equal("call_not_reached", Assert.Single(noOutcome.Errors).Code);
        Assert.Contains(missing.Errors, e => e.Code == "attempt_outcome");
        Assert.Equal("attempt_future", Assert.Single(future.Errors).Code);
        Assert.Equal("attempt_close", Assert.Single(closeUnreached.Errors).Code);
        Assert.Equal("call_attempts", Assert.Single(tooEarly.Errors).Code);
        Assert.Contains("須先回電 3 次未果（目前 2 次）", tooEarly.Errors[0].Message);
        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        Assert.True(decided.Succeeded, decided.ToString());
        var call = await _calls.GetAsync(_wang, id);
        Assert.Equal((CallState.Closed, CallClosure.SupervisorDecision, 3), (call!.State, call.Closure, call.FailedAttempts));
    }

    [Fact]
    public async Task ReachedAndAnswered_ClosesInOneStep_WithTheAnswerKept_AndAConcurrentEditIsDetected()
    {
        var id = (await _calls.LogAsync(_duty, Saturday())).Value;
        var version = (await _calls.GetAsync(_lin, id))!.Version;
        var today = new DateOnly(2026, 11, 25);

        var noAnswerText = await _calls.AddAttemptAsync(_lin, id, version, new AttemptInput(today, new TimeOnly(9, 10), AttemptOutcome.Reached, "", true));
        var closed = await _calls.AddAttemptAsync(_lin, id, version, new AttemptInput(today, new TimeOnly(9, 10), AttemptOutcome.Reached, "已答復可分期，請其至服務台辦理", true));
        var stale = await _calls.AddAttemptAsync(_lin, id, version, new AttemptInput(today, new TimeOnly(9, 30), AttemptOutcome.NoAnswer, null, false));

        Assert.Equal("attempt_answer", Assert.Single(noAnswerText.Errors).Code);
        Assert.True(closed.Succeeded, closed.ToString());
        Assert.True(stale.IsConflict);
        var call = await _calls.GetAsync(_lin, id);
        Assert.Equal((CallState.Closed, CallClosure.Reached), (call!.State, call.Closure));
        Assert.Equal("已答復可分期，請其至服務台辦理", call.ClosingNote);
        Assert.Single(call.Attempts);
        Assert.DoesNotContain((await _domain.Get<MyDeskService>().GetAsync(_lin)).Mine, i => i.Kind == "AfterHoursCall");
    }

    [Fact]
    public async Task OverdueCallback_NotifiesTheClerk_EscalatesToTheSupervisor_AndQueuesMail()
    {
        var id = (await _calls.LogAsync(_duty, Saturday())).Value;   // due Monday 11/23 noon: overdue now

        await _domain.Get<ReminderService>().ScanAsync();
        await _domain.Get<ReminderService>().ScanAsync();

        var clerk = await NotificationsAsync(_linUser);
        Assert.Single(clerk, n => n.Kind == NotificationKind.Overdue && n.ItemType == CallService.ItemType && n.ItemId == id && n.IsUrgent);
        Assert.Single(await NotificationsAsync(_wangUser), n => n.Kind == NotificationKind.Escalation && n.ItemId == id);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var mails = await db.OutboxMails.Where(m => m.NotificationId != null).ToListAsync();
        Assert.Contains(mails, m => m.ToAddress == "lin@casedesk.local");
        Assert.Contains(mails, m => m.ToAddress == "wang@casedesk.local");
        var counts = await _calls.CountsAsync(null);
        Assert.Equal((1, 0, 1, 0), (counts.Open, counts.DueToday, counts.Overdue, counts.Triage));
    }

    [Fact]
    public async Task SamePhoneOrCaseWithinSevenDays_IsShownAsAPossibleRepeat()
    {
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        var first = (await _calls.LogAsync(_duty, Saturday())).Value;                                                        // 11/21
        var samePhone = (await _calls.LogAsync(_duty, Saturday(caseNumber: null) with { ReceivedOn = new DateOnly(2026, 11, 28) })).Value;
        var sameCase = (await _calls.LogAsync(_duty, Saturday(phone: "02-2345-6789") with { ReceivedOn = new DateOnly(2026, 11, 27), ReceivedAt = new TimeOnly(20, 0) })).Value;
        var tooLate = (await _calls.LogAsync(_duty, Saturday(caseNumber: null) with { ReceivedOn = new DateOnly(2026, 11, 29) })).Value;  // 8 days after

        var detail = await _calls.GetAsync(_wang, first);
        var repeats = detail!.PossibleRepeats.ToDictionary(r => r.Id);

        Assert.True(repeats[samePhone].SamePhone);
        Assert.True(repeats[sameCase].SameCase);
        Assert.False(repeats.ContainsKey(tooLate));
        Assert.NotEmpty(await _calls.RepeatsOfAsync(_wang, "0912-345-678", null));
    }

    [Fact]
    public async Task RepeatHint_ShowsOnlyCallsTheActorMaySeeInTheList()
    {
        var storyCall = (await _calls.LogAsync(_duty, Saturday())).Value;                  // 林雅婷's case, unit 5
        var otherDuty = new Actor("user-duty-2", "值日二", new HashSet<string> { Roles.DutyOfficer }, 99_999);
        var changUnitSupervisor = new Actor("user-unit-sup", "股主管", new HashSet<string> { Roles.Supervisor }, null, _chang.UnitId);
        var linUnitSupervisor = new Actor("user-unit-sup5", "第5股主管", new HashSet<string> { Roles.Supervisor }, null, _lin.UnitId);

        async Task<IReadOnlyList<int>> Repeats(Actor actor) => (await _calls.RepeatsOfAsync(actor, "0912-345-678", DemoData.StoryCaseNumber)).Select(r => r.Id).ToList();

        Assert.Equal([storyCall], await Repeats(_wang));
        Assert.Equal([storyCall], await Repeats(linUnitSupervisor));
        Assert.Equal([storyCall], await Repeats(_lin));
        Assert.Equal([storyCall], await Repeats(_duty));          // who logged it
        Assert.Empty(await Repeats(_chang));                     // a clerk of another unit
        Assert.Empty(await Repeats(changUnitSupervisor));        // another unit's supervisor
        Assert.Empty(await Repeats(otherDuty));                  // a duty officer who did not log it
        Assert.Equal((await _calls.ListAsync(_chang, new CallQuery(CallFilter.All, null, null), new PageRequest(0, 50))).Items.Select(i => i.Id), await Repeats(_chang));
    }

    [Fact]
    public async Task QuarterlyCounts_ByOutcome_ForSupervisorsOnly()
    {
        var reached = (await _calls.LogAsync(_duty, Saturday())).Value;
        await _calls.LogAsync(_duty, Saturday() with { AnsweredOnSpot = true, SpotAnswer = "告知上班時間" });
        await _calls.LogAsync(_duty, Saturday(caseNumber: null));
        await _calls.AddAttemptAsync(_lin, reached, (await _calls.GetAsync(_lin, reached))!.Version, new AttemptInput(new DateOnly(2026, 11, 25), new TimeOnly(9, 0), AttemptOutcome.NoAnswer, null, false));
        await _calls.AddAttemptAsync(_lin, reached, (await _calls.GetAsync(_lin, reached))!.Version, new AttemptInput(new DateOnly(2026, 11, 25), new TimeOnly(9, 10), AttemptOutcome.Reached, "已答復", true));

        var q4 = (await _calls.QuarterlyAsync(_wang, 115)).Value.Single(q => q.Quarter == 4);

        Assert.Equal(3, q4.Calls);
        Assert.Equal(1, q4.AnsweredOnSpot);
        Assert.Equal(2, q4.Callbacks);
        Assert.Equal(1, q4.ClosedReached);
        Assert.Equal(1, q4.ClosedLate);
        Assert.Equal(1, q4.StillOpen);
        Assert.Equal(1, q4.AttemptsByOutcome[AttemptOutcome.NoAnswer]);
        Assert.Equal(1, q4.AttemptsByOutcome[AttemptOutcome.Reached]);
        Assert.Equal(0, (await _calls.QuarterlyAsync(_wang, 115)).Value.Single(q => q.Quarter == 3).Calls);
        Assert.Equal("forbidden", Assert.Single((await _calls.QuarterlyAsync(_lin, 115)).Errors).Code);
        Assert.Equal("forbidden", Assert.Single((await _calls.QuarterlyAsync(_duty, 115)).Errors).Code);
    }

    [Fact]
    public async Task UnitSupervisors_SeeTheirUnitsCalls_AndAssignOnlyWithinTheirUnit()
    {
        var mine = (await _calls.LogAsync(_duty, Saturday())).Value;                              // 林雅婷's case: 第5股
        var unknown = (await _calls.LogAsync(_duty, Saturday(caseNumber: null))).Value;            // no unit: triage
        var unit3Supervisor = new Actor("user-sup3", "第3股主管", new HashSet<string> { Roles.Supervisor }, null, _chang.UnitId);

        var list = await _calls.ListAsync(unit3Supervisor, new CallQuery(CallFilter.All), new PageRequest(0, 50));
        var other = await _calls.AssignAsync(unit3Supervisor, unknown, (await _calls.GetAsync(_wang, unknown))!.Version, _lin.StaffId!.Value);
        var own = await _calls.AssignAsync(unit3Supervisor, unknown, (await _calls.GetAsync(_wang, unknown))!.Version, _chang.StaffId!.Value);

        Assert.Null(await _calls.GetAsync(unit3Supervisor, mine));
        Assert.DoesNotContain(list.Items, c => c.Id == mine);
        Assert.Contains(list.Items, c => c.Id == unknown);
        Assert.Equal("call_assignee_unit", Assert.Single(other.Errors).Code);
        Assert.True(own.Succeeded, own.ToString());
        Assert.NotNull(await _calls.GetAsync(_wang, mine));
    }

    [Fact]
    public async Task ATyphoonDayDeclaredOnTheDueDay_MovesTheCallbackToTheNextWorkingDay()
    {
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));   // Saturday 11/28
        var id = (await _calls.LogAsync(_duty, Saturday() with { ReceivedOn = new DateOnly(2026, 11, 28), ReceivedAt = new TimeOnly(9, 0) })).Value;
        Assert.Equal(new DateOnly(2026, 11, 30), (await _calls.GetAsync(_wang, id))!.CallbackDueOn);

        Assert.True((await _domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 11, 30), true, "颱風停止上班")).Succeeded);

        var call = await _calls.GetAsync(_wang, id);
        Assert.Equal(new DateOnly(2026, 12, 1), call!.CallbackDueOn);
        Assert.Equal(new DateTime(2026, 12, 1, 4, 0, 0, DateTimeKind.Utc), call.CallbackDueAtUtc);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        Assert.Contains(await db.AuditEntries.Where(e => e.EntityType == nameof(AfterHoursCall)).ToListAsync(), e => e.Summary.Contains("回電期限因行事曆異動調整"));
    }

    [Fact]
    public async Task RevealingThePhone_IsAudited_AndRefusedToOtherUnits()
    {
        var id = (await _calls.LogAsync(_duty, Saturday())).Value;

        var revealed = await _calls.RevealPhoneAsync(_lin, id);
        var refused = await _calls.RevealPhoneAsync(_chang, id);

        Assert.Equal("0912-345-678", revealed.Value);
        Assert.False(refused.Succeeded);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var rows = await db.AuditEntries.Where(e => e.Summary.Contains("完整電話")).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([global::CaseDesk.Domain.Auditing.AuditActions.ViewedPersonalData, global::CaseDesk.Domain.Auditing.AuditActions.RefusedPersonalData], rows.Select(r => r.Action));
        Assert.Equal(["林雅婷", "張淑芬"], rows.Select(r => r.UserName));
    }
}
