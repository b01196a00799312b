using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Notifications;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Cases;

/// <summary>Deferring enforcement (暫緩執行) from the case itself: defer, extend, lift, and the end date running out. "Now" is Wednesday 115/11/25 10:00.</summary>
public sealed class CaseDeferralTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private TestDomain _domain = default!;
    private CaseService _cases = default!;
    private Actor _lin = default!;
    private int _id;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _cases = _domain.Get<CaseService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value);
        _id = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private async Task<CaseDetail> CaseAsync() => (await _cases.GetAsync(_lin, _id))!;

    private async Task<Result> DeferAsync(DateOnly? until, string? reason = "轉介社會局評估期間", Actor? actor = null) =>
        await _cases.DeferAsync(actor ?? _lin, _id, (await CaseAsync()).Version, new DeferralInput(until, reason));

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.AuditEntries.Where(a => a.EntityType == nameof(EnforcementCase) && a.EntityId == _id.ToString()).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task Defer_SetsTheEndAndTheReason_OnTheCase_AndIsAudited()
    {
        var result = await DeferAsync(new DateOnly(2027, 2, 25), "  颱風受災，暫緩三個月  ");

        Assert.True(result.Succeeded, result.ToString());
        var c = await CaseAsync();
        Assert.Equal((CaseStatus.Deferred, new DateOnly(2027, 2, 25), "颱風受災，暫緩三個月"), (c.Status, c.DeferredUntil, c.DeferralReason));
        Assert.False(c.IsDeferralOver(Today));
        var row = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.StateChanged, "暫緩執行至 116/02/25：颱風受災，暫緩三個月", "林雅婷"), (row.Action, row.Summary, row.UserName));
    }

    [Fact]
    public async Task Defer_RefusesTodayOrThePast_MoreThanSixMonths_NoReason_AClosedOrDeferredCase_AndSavesNothing()
    {
        var past = await DeferAsync(Today.AddDays(-1));
        var today = await DeferAsync(Today);
        var tooLong = await DeferAsync(Today.AddMonths(6).AddDays(1));
        var noDate = await DeferAsync(null);
        var noReason = await DeferAsync(Today.AddMonths(1), "   ");
        var sixMonths = await DeferAsync(Today.AddMonths(6));
        var twice = await DeferAsync(Today.AddMonths(2));

        foreach (var refused in new[] { past, today, tooLong, noDate })
        {
            Assert.Equal(("defer_until", "Until"), (Assert.Single(refused.Errors).Code, refused.Errors[0].Field));
        }

        Assert.Equal(("defer_reason", "Reason"), (Assert.Single(noReason.Errors).Code, noReason.Errors[0].Field));
        Assert.True(sixMonths.Succeeded, sixMonths.ToString());
        Assert.Equal("defer_already", Assert.Single(twice.Errors).Code);
        Assert.Equal(Today.AddMonths(6), (await CaseAsync()).DeferredUntil);

        var lifted = await _cases.LiftDeferralAsync(_lin, _id, (await CaseAsync()).Version, "測試");
        Assert.True(lifted.Succeeded, lifted.ToString());
        var (input, version) = (await _cases.GetForEditAsync(_lin, _id)).Value;
        Assert.True((await _cases.UpdateAsync(_lin, _id, version, input with { Status = CaseStatus.Closed })).Succeeded);
        Assert.Equal("defer_closed", Assert.Single((await DeferAsync(Today.AddMonths(1))).Errors).Code);
        Assert.Equal(CaseStatus.Closed, (await CaseAsync()).Status);
    }

    [Fact]
    public async Task Extend_MovesTheEndLater_WithItsReason_NeverEarlier_AndOnlyWhenDeferred()
    {
        var notDeferred = await _cases.ExtendDeferralAsync(_lin, _id, (await CaseAsync()).Version, new DeferralInput(Today.AddMonths(2), "延長"));
        await DeferAsync(new DateOnly(2026, 12, 31));
        var earlier = await _cases.ExtendDeferralAsync(_lin, _id, (await CaseAsync()).Version, new DeferralInput(new DateOnly(2026, 12, 15), "延長"));
        var beyondSixMonths = await _cases.ExtendDeferralAsync(_lin, _id, (await CaseAsync()).Version, new DeferralInput(Today.AddMonths(7), "延長"));
        var extended = await _cases.ExtendDeferralAsync(_lin, _id, (await CaseAsync()).Version, new DeferralInput(new DateOnly(2027, 3, 31), "社會局仍在評估，延長三個月"));

        Assert.Equal("defer_not_deferred", Assert.Single(notDeferred.Errors).Code);
        Assert.Equal(("defer_extend_earlier", "Until"), (Assert.Single(earlier.Errors).Code, earlier.Errors[0].Field));
        Assert.Contains("115/12/31", earlier.Errors[0].Message);
        Assert.Equal("defer_until", Assert.Single(beyondSixMonths.Errors).Code);
        Assert.True(extended.Succeeded, extended.ToString());
        var c = await CaseAsync();
        Assert.Equal((CaseStatus.Deferred, new DateOnly(2027, 3, 31), "社會局仍在評估，延長三個月"), (c.Status, c.DeferredUntil, c.DeferralReason));
        Assert.Equal("延長暫緩執行至 116/03/31（原至 115/12/31）：社會局仍在評估，延長三個月", (await AuditAsync()).Last().Summary);
    }

    [Fact]
    public async Task Lift_NeedsAReason_AndPutsTheCaseBackIntoEnforcement_Audited()
    {
        var notDeferred = await _cases.LiftDeferralAsync(_lin, _id, (await CaseAsync()).Version, "義務人已繳清");
        await DeferAsync(Today.AddMonths(3));
        var noReason = await _cases.LiftDeferralAsync(_lin, _id, (await CaseAsync()).Version, " ");
        var lifted = await _cases.LiftDeferralAsync(_lin, _id, (await CaseAsync()).Version, "義務人已找到工作，願意分期");

        Assert.Equal("defer_not_deferred", Assert.Single(notDeferred.Errors).Code);
        Assert.Equal(("defer_lift_reason", "Reason"), (Assert.Single(noReason.Errors).Code, noReason.Errors[0].Field));
        Assert.True(lifted.Succeeded, lifted.ToString());
        var c = await CaseAsync();
        Assert.Equal((CaseStatus.InEnforcement, (DateOnly?)null, (string?)null), (c.Status, c.DeferredUntil, c.DeferralReason));
        var row = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.StateChanged, "解除暫緩執行，恢復執行（義務人已找到工作，願意分期）"), (row.Action, row.Summary));
    }

    [Fact]
    public async Task Deferral_IsForTheCasesUnitAndSupervisors_AndAStaleVersionIsAConflict()
    {
        var otherUnit = TestDomain.Clerk(5000, _lin.UnitId!.Value + 1, "某書記官");
        var version = (await CaseAsync()).Version;

        var stranger = await _cases.DeferAsync(otherUnit, _id, version, new DeferralInput(Today.AddMonths(1), "不該存"));
        var dutyOfficer = await _cases.DeferAsync(TestDomain.DutyOfficer(), _id, version, new DeferralInput(Today.AddMonths(1), "不該存"));
        var bySupervisor = await _cases.DeferAsync(TestDomain.Supervisor(), _id, version, new DeferralInput(Today.AddMonths(1), "主管核定暫緩"));
        var stale = await _cases.ExtendDeferralAsync(_lin, _id, version, new DeferralInput(Today.AddMonths(2), "延長"));

        Assert.Equal("forbidden", Assert.Single(stranger.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(dutyOfficer.Errors).Code);
        Assert.True(bySupervisor.Succeeded, bySupervisor.ToString());
        Assert.True(stale.IsConflict);
        Assert.Equal(Today.AddMonths(1), (await CaseAsync()).DeferredUntil);
    }

    [Fact]
    public async Task EndedDeferral_ShowsAsEnded_UntilTheScanPutsTheCaseBackIntoEnforcement_Audited()
    {
        await DeferAsync(new DateOnly(2026, 11, 30));
        var endsToday = await OtherCaseDeferredUntilAsync(new DateOnly(2026, 12, 1));
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero)); // Tuesday 12/1 10:00
        var december1 = new DateOnly(2026, 12, 1);
        var before = await CaseAsync();

        var scan = await _domain.Get<ReminderService>().ScanAsync();
        var again = await _domain.Get<ReminderService>().ScanAsync();

        Assert.True(before.IsDeferralOver(december1));
        Assert.Equal(CaseStatus.Deferred, before.Status);
        Assert.Equal((1, 0), (scan.DeferralsEnded, again.DeferralsEnded));
        var after = await CaseAsync();
        Assert.Equal((CaseStatus.InEnforcement, (DateOnly?)null, before.Version + 1), (after.Status, after.DeferredUntil, after.Version));
        var row = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.StateChanged, "暫緩執行於 115/11/30 期滿，恢復執行", "系統"), (row.Action, row.Summary, row.UserName));
        var stillDeferred = (await _cases.GetAsync(_lin, endsToday))!;
        Assert.Equal((CaseStatus.Deferred, december1), (stillDeferred.Status, stillDeferred.DeferredUntil)); // deferred through its last day
        Assert.False(stillDeferred.IsDeferralOver(december1));
    }

    private async Task<int> OtherCaseDeferredUntilAsync(DateOnly until)
    {
        var supervisor = TestDomain.Supervisor();
        int id;
        await using (var db = await _domain.Db.OpenReadOnlyAsync())
        {
            id = await db.Cases.Where(c => c.Id != _id && c.Status != CaseStatus.Closed && c.Status != CaseStatus.Deferred).Select(c => c.Id).FirstAsync();
        }

        var result = await _cases.DeferAsync(supervisor, id, (await _cases.GetAsync(supervisor, id))!.Version, new DeferralInput(until, "另案暫緩"));
        Assert.True(result.Succeeded, result.ToString());
        return id;
    }
}
