using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Installments;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Auditing;

/// <summary>
/// Refused changes and approvals leave a trace in the audit trail however they were asked for — a menu, a typed URL
/// or a crafted call — and the Admins' report lists them per user and period.
/// </summary>
public sealed class RefusalAuditTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private CaseService _cases = default!;
    private InstallmentService _plans = default!;
    private PersonalDataAccessService _report = default!;
    private Actor _lin = default!;
    private Actor _chang = default!;
    private Actor _wang = default!;
    private int _storyCase;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 10);
        _cases = _domain.Get<CaseService>();
        _plans = _domain.Get<InstallmentService>();
        _report = _domain.Get<PersonalDataAccessService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        _chang = TestDomain.Clerk(chang.Id, chang.UnitId!.Value, "張淑芬");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _storyCase = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private async Task<List<AuditEntry>> RefusalsAsync()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.AuditEntries.Where(a => a.Action == AuditActions.Refused).OrderBy(a => a.Id).ToListAsync();
    }

    private static InstallmentApplicationInput Oral() => new()
    {
        ApplicantKind = ApplicantKind.Obligor,
        ApplicantName = "陳志明",
        Form = ApplicationForm.Oral,
        StatementRecord = "本人因失業，無法一次繳清健保欠費，請准分 6 期繳納。",
        RecordReadBack = true,
        RecordSignedBy = "陳志明",
        Reason = HardshipReason.EconomicSituation,
        StatementOfFacts = "115 年 10 月遭資遣，目前求職中。",
        Documents = SupportingDocuments.UnemploymentProof,
        RequestedInstallments = 6,
        DayOfMonth = 15,
        FirstPaidOnApplication = false,
        ConsentOn = new DateOnly(2026, 11, 25),
        ConsentReference = "健保北字第1150001號",
        Guarantee = GuaranteeKind.WrittenByObligor,
    };

    [Fact]
    public async Task AnotherUnitsCase_ChangedByACraftedCall_IsRefused_Audited_AndNothingSaved()
    {
        var (input, version) = (await _cases.GetForEditAsync(_lin, _storyCase)).Value;

        var edit = await _cases.UpdateAsync(_chang, _storyCase, version, input with { Notes = "不該存" });
        var open = await _cases.GetForEditAsync(_chang, _storyCase);

        Assert.Equal("forbidden", Assert.Single(edit.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(open.Errors).Code);
        var refusals = await RefusalsAsync();
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Equal((nameof(EnforcementCase), _storyCase.ToString(System.Globalization.CultureInfo.InvariantCulture), _chang.UserId, "張淑芬"), (r.EntityType, r.EntityId, r.UserId, r.UserName)));
        Assert.Contains("只有本股書記官或主管可以修改這件案件", refusals[0].Summary);
        Assert.Contains("（Update）", refusals[0].Summary);
        Assert.Contains("（GetForEdit）", refusals[1].Summary);
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var stored = await db.Cases.SingleAsync(c => c.Id == _storyCase);
        Assert.NotEqual("不該存", stored.Notes);
        Assert.Equal(version, stored.Version);
    }

    [Fact]
    public async Task ApprovalByAClerk_AndByThePreparer_AreRefused_AndAudited()
    {
        var planId = (await _plans.SubmitAsync(_wang, _storyCase, Oral())).Value; // the supervisor took the application himself
        var version = (await _plans.GetAsync(_wang, planId))!.Version;

        var byClerk = await _plans.ApproveAsync(_lin, planId, version);
        var byPreparer = await _plans.ApproveAsync(_wang, planId, version);
        var rejectByPreparer = await _plans.RejectAsync(_wang, planId, version, "自行駁回");

        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        Assert.Equal("four_eyes", Assert.Single(byPreparer.Errors).Code);
        Assert.Equal("four_eyes", Assert.Single(rejectByPreparer.Errors).Code);
        var refusals = await RefusalsAsync();
        Assert.Equal([(_lin.UserId, "Approve"), (_wang.UserId, "Approve"), (_wang.UserId, "Reject")], refusals.Select(r => (r.UserId, r.Summary[(r.Summary.LastIndexOf('（') + 1)..^1])));
        Assert.All(refusals, r => Assert.Equal((nameof(InstallmentPlan), planId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (r.EntityType, r.EntityId)));
        Assert.Equal(PlanState.Submitted, (await _plans.GetAsync(_wang, planId))!.State);
    }

    [Fact]
    public async Task AStateRefusal_IsNotAnAuthorizationRefusal_AndIsNotAudited()
    {
        var planId = (await _plans.SubmitAsync(_lin, _storyCase, Oral())).Value;
        var version = (await _plans.GetAsync(_wang, planId))!.Version;
        Assert.True((await _plans.ApproveAsync(_wang, planId, version)).Succeeded);

        var again = await _plans.RejectAsync(_wang, planId, (await _plans.GetAsync(_wang, planId))!.Version, "已核定後再駁回");

        Assert.Equal("plan_state", Assert.Single(again.Errors).Code);
        Assert.Empty(await RefusalsAsync());
    }

    [Fact]
    public async Task TheAdminsReport_ListsRefusals_PerUser_WithoutThePersonalDataViews()
    {
        Assert.True((await _cases.RevealPersonalDataAsync(_lin, _storyCase)).Succeeded); // a permitted look: not a refusal
        Assert.False((await _cases.RevealPersonalDataAsync(_chang, _storyCase)).Succeeded); // a refused look
        _domain.Clock.Advance(TimeSpan.FromMinutes(1));
        var (input, version) = (await _cases.GetForEditAsync(_lin, _storyCase)).Value;
        Assert.False((await _cases.UpdateAsync(_chang, _storyCase, version, input)).Succeeded);
        _domain.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False((await _domain.Get<PersonalDataAccessService>().ExportAsync(_chang, new PersonalDataAccessQuery(_domain.Today, _domain.Today))).Succeeded);

        var refusals = await _report.GetAsync(TestDomain.Admin(), new PersonalDataAccessQuery(_domain.Today, _domain.Today, Refusals: true), new PageRequest(0, 50));
        var views = await _report.GetAsync(TestDomain.Admin(), new PersonalDataAccessQuery(_domain.Today, _domain.Today), new PageRequest(0, 50));
        var byClerk = await _report.GetAsync(_lin, new PersonalDataAccessQuery(_domain.Today, _domain.Today, Refusals: true), new PageRequest(0, 50));

        Assert.True(refusals.Succeeded, refusals.ToString());
        Assert.Equal(3, refusals.Value.TotalCount); // the refused export, the refused edit, the refused look — newest first
        Assert.Equal(["Export", nameof(EnforcementCase), nameof(EnforcementCase)], refusals.Value.Items.Select(r => r.EntityType));
        Assert.All(refusals.Value.Items, r => Assert.True(r.Refused));
        var chang = Assert.Single(refusals.Value.PerUser);
        Assert.Equal(("張淑芬", 3), (chang.UserName, chang.Refused));
        Assert.Equal(3, views.Value.TotalCount); // the look, the refused look and the edit form opened; not the refused edit or export
        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
    }

    [Fact]
    public async Task ARefusal_IsWrittenInItsOwnContext_SoTheCallersPendingChangesAreNotSaved()
    {
        await using var db = await _domain.Db.OpenAsync(_chang);
        var story = await db.Cases.SingleAsync(c => c.Id == _storyCase);
        db.Entry(story).Property(c => c.Notes).CurrentValue = "未儲存的修改";

        var refusal = await _domain.Db.RefuseAsync(_chang, nameof(EnforcementCase), _storyCase, DomainError.Forbidden("測試"));

        Assert.Equal("forbidden", refusal.Code);
        await using var check = await _domain.Db.OpenReadOnlyAsync();
        Assert.NotEqual("未儲存的修改", (await check.Cases.SingleAsync(c => c.Id == _storyCase)).Notes);
        Assert.Single(await RefusalsAsync());
    }
}
