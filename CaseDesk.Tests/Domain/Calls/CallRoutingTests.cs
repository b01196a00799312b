using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Notifications;
using CaseDesk.Domain.Reference;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Calls;

/// <summary>Where an unanswered call goes when no clerk can take it: the triage of the right unit's supervisor, and no other unit's.</summary>
public sealed class CallRoutingTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private CallService _calls = default!;
    private Actor _duty = default!;
    private int _linId;
    private int _unit3;
    private int _unit5;
    private string _linUser = "";
    private string _unit3SupervisorUser = "";
    private string _unit5SupervisorUser = "";

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _calls = _domain.Get<CallService>();
        int sup3, sup5;
        await using (var db = await _domain.Db.OpenAsync(Actor.System))
        {
            var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
            var huang = await db.Staff.SingleAsync(s => s.Name == "黃志偉");
            (_linId, _unit5, _unit3) = (lin.Id, lin.UnitId!.Value, chang.UnitId!.Value);
            _duty = new Actor("user-duty", "黃志偉", new HashSet<string> { Roles.DutyOfficer }, huang.Id);
            var s3 = StaffMember.Create("第3股主管", StaffTitle.EnforcementOfficer, _unit3);
            var s5 = StaffMember.Create("第5股主管", StaffTitle.EnforcementOfficer, _unit5);
            db.Staff.AddRange(s3, s5);
            await db.SaveChangesAsync();
            (sup3, sup5) = (s3.Id, s5.Id);
        }

        _linUser = await _domain.AddUserAsync("lin", _linId, Roles.Clerk, null);
        _unit3SupervisorUser = await _domain.AddUserAsync("sup3", sup3, Roles.Supervisor, null);
        _unit5SupervisorUser = await _domain.AddUserAsync("sup5", sup5, Roles.Supervisor, null);
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private static CallInput Saturday(string? caseNumber, int? unitId = null) => new()
    {
        ReceivedOn = new DateOnly(2026, 11, 21),
        ReceivedAt = new TimeOnly(10, 5),
        CallerName = "陳先生",
        Phone = "0912345678",
        Relationship = CallerRelationship.Obligor,
        CaseNumber = caseNumber,
        UnitId = unitId,
        Question = "詢問可否分期繳納",
        AnsweredOnSpot = false,
    };

    private async Task<List<Notification>> NotificationsAsync(string userId)
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.Notifications.Where(n => n.UserId == userId).ToListAsync();
    }

    [Fact]
    public async Task AnUnknownCaseNumber_WithANamedUnit_GoesToThatUnitsSupervisor_NotAnotherUnits()
    {
        var logged = await _calls.LogAsync(_duty, Saturday("115年度交執字第99999999號", _unit3));

        Assert.True(logged.Succeeded, logged.ToString());
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var call = await db.AfterHoursCalls.SingleAsync(c => c.Id == logged.Value);
        Assert.Equal((CallState.Triage, (int?)_unit3, (int?)null, (int?)null), (call.State, call.UnitId, call.AssignedStaffId, call.CaseId));
        var triage = Assert.Single(await NotificationsAsync(_unit3SupervisorUser));
        Assert.Equal((NotificationKind.CallTriage, "AfterHoursCall", logged.Value), (triage.Kind, triage.ItemType, triage.ItemId));
        Assert.Equal(new DateOnly(2026, 11, 23), triage.DueOn); // the next working day, Monday
        Assert.Empty(await NotificationsAsync(_unit5SupervisorUser));
        Assert.Empty(await NotificationsAsync(_linUser));
    }

    [Fact]
    public async Task AKnownCaseWhoseClerkIsInactive_GoesToTriageForTheCasesOwnUnit()
    {
        await using (var db = await _domain.Db.OpenAsync(Actor.System))
        {
            Assert.Equal(1, await db.Staff.Where(s => s.Id == _linId).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));
        }

        // The duty officer names the wrong unit: the case's own unit wins.
        var logged = await _calls.LogAsync(_duty, Saturday(DemoData.StoryCaseNumber, _unit3));

        Assert.True(logged.Succeeded, logged.ToString());
        await using var read = await _domain.Db.OpenReadOnlyAsync();
        var call = await read.AfterHoursCalls.SingleAsync(c => c.Id == logged.Value);
        var caseId = await read.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
        Assert.Equal((CallState.Triage, (int?)_unit5, (int?)null, (int?)caseId), (call.State, call.UnitId, call.AssignedStaffId, call.CaseId));
        var triage = Assert.Single(await NotificationsAsync(_unit5SupervisorUser));
        Assert.Equal((NotificationKind.CallTriage, logged.Value), (triage.Kind, triage.ItemId));
        Assert.Empty(await NotificationsAsync(_unit3SupervisorUser));
        Assert.Empty(await NotificationsAsync(_linUser)); // the inactive clerk is not given the callback
    }
}
