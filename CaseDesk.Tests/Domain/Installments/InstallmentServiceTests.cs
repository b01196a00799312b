using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Installments;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Installments;

/// <summary>The Monday-afternoon story: 陳先生 applies orally for six installments of NT$86,400.</summary>
public sealed class InstallmentServiceTests : IAsyncLifetime
{
    private TestDomain _domain = default!;
    private InstallmentService _plans = default!;
    private Actor _lin = default!;
    private Actor _wang = default!;
    private int _caseId;

    public async Task InitializeAsync()
    {
        _domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        _plans = _domain.Get<InstallmentService>();
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        _lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        _wang = TestDomain.Supervisor(wang.Id, "王建國");
        _caseId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _domain.DisposeAsync();

    private static InstallmentApplicationInput Oral(int installments = 6) => new()
    {
        ApplicantKind = ApplicantKind.Obligor,
        ApplicantName = "陳志明",
        Form = ApplicationForm.Oral,
        StatementRecord = "本人因失業，無法一次繳清健保欠費 86,400 元，請准分 6 期繳納，今日先繳第 1 期。",
        RecordReadBack = true,
        RecordSignedBy = "陳志明",
        Reason = HardshipReason.EconomicSituation,
        StatementOfFacts = "115 年 10 月遭資遣，目前求職中。",
        Documents = SupportingDocuments.UnemploymentProof,
        RequestedInstallments = installments,
        DayOfMonth = 15,
        FirstPaidOnApplication = true,
        FirstPaymentAmount = 14_400,
        FirstPaymentReceipt = "R115-000001",
        ConsentOn = new DateOnly(2026, 11, 25),
        ConsentReference = "健保北字第1150001號",
        Guarantee = GuaranteeKind.WrittenByObligor,
    };

    private async Task<(int Id, int Version)> ApprovedPlanAsync(InstallmentApplicationInput? input = null)
    {
        var id = (await _plans.SubmitAsync(_lin, _caseId, input ?? Oral())).Value;
        var approved = await _plans.ApproveAsync(_wang, id, (await _plans.GetAsync(_wang, id))!.Version);
        Assert.True(approved.Succeeded, approved.ToString());
        return (id, (await _plans.GetAsync(_wang, id))!.Version);
    }

    private async Task<int> VersionAsync(int id) => (await _plans.GetAsync(_wang, id))!.Version;

    private async Task<CaseStatus> CaseStatusAsync()
    {
        await using var db = await _domain.Db.OpenReadOnlyAsync();
        return await db.Cases.Where(c => c.Id == _caseId).Select(c => c.Status).SingleAsync();
    }

    [Fact]
    public async Task Check_ShowsTheTierAndWhatIsMissing_AsTheClerkTypes()
    {
        var check = (await _plans.CheckAsync(_lin, _caseId, Oral(8) with { ConsentOn = null, Guarantee = GuaranteeKind.None, Documents = SupportingDocuments.None })).Value;

        Assert.Equal(6, check.Evaluation!.TierMax);
        Assert.True(check.Evaluation.NeedsSpecialReason);
        Assert.Contains(check.Errors, e => e.Code == "special_reason_required");
        Assert.Equal(3, check.MissingForApproval.Count);
        Assert.Equal(8, check.Schedule.Count);
        Assert.Equal(86_400, check.Schedule.Sum(l => l.Amount));
    }

    [Fact]
    public async Task Approve_FourEyes_ConsentAndGuaranteeRequired_ThenTheCaseIsOnAPlan()
    {
        var noConsent = (await _plans.SubmitAsync(_lin, _caseId, Oral() with { ConsentOn = null })).Value;

        var own = await _plans.ApproveAsync(TestDomain.Supervisor(_lin.StaffId!.Value, "林雅婷"), noConsent, await VersionAsync(noConsent));
        var withoutConsent = await _plans.ApproveAsync(_wang, noConsent, await VersionAsync(noConsent));
        var byClerk = await _plans.ApproveAsync(_lin, noConsent, await VersionAsync(noConsent));
        var (input, version) = (await _plans.GetForReviseAsync(_lin, noConsent)).Value;
        Assert.True((await _plans.ReviseAsync(_lin, noConsent, version, input with { ConsentOn = new DateOnly(2026, 11, 25) })).Succeeded);
        var approved = await _plans.ApproveAsync(_wang, noConsent, await VersionAsync(noConsent));

        Assert.Equal("four_eyes", Assert.Single(own.Errors).Code);
        Assert.Equal("consent_missing", Assert.Single(withoutConsent.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        Assert.True(approved.Succeeded, approved.ToString());
        var plan = (await _plans.GetAsync(_lin, noConsent))!;
        Assert.Equal(PlanState.Active, plan.State);
        Assert.Equal(14_400, plan.PaidTotal); // the first installment paid at the counter
        Assert.Equal(CaseStatus.InstallmentPlan, await CaseStatusAsync());
        Assert.Equal(1, plan.PolicyNumber);
    }

    [Fact]
    public async Task Submit_BadInput_IsRefusedWithReasons()
    {
        var tooMany = await _plans.SubmitAsync(_lin, _caseId, Oral(8));
        var badGuarantor = await _plans.SubmitAsync(_lin, _caseId, Oral() with { Guarantee = GuaranteeKind.ThirdPartyGuarantor, GuarantorName = "陳大明", GuarantorIdNumber = "A123456788", GuarantorRelationship = "兄", GuarantorPhone = "0911-222-333" });
        var notAddingUp = await _plans.SubmitAsync(_lin, _caseId, Oral() with { AdjustedAmounts = [14_400, 10_000, 10_000, 10_000, 10_000, 10_000] });
        var oralWithoutRecord = await _plans.SubmitAsync(_lin, _caseId, Oral() with { StatementRecord = "", RecordReadBack = false });
        var otherUnit = await _plans.SubmitAsync(TestDomain.Clerk(9999, _lin.UnitId!.Value + 1, "他股書記官"), _caseId, Oral());

        Assert.Contains(tooMany.Errors, e => e.Code == "special_reason_required");
        Assert.Contains(badGuarantor.Errors, e => e.Field == "GuarantorIdNumber" && e.Message.StartsWith("保證人"));
        Assert.Contains(notAddingUp.Errors, e => e.Code == "adjusted_sum" && e.Message.Contains("相差 NT$22,000"));
        Assert.Contains(oralWithoutRecord.Errors, e => e.Code == "record_required");
        Assert.Contains(oralWithoutRecord.Errors, e => e.Code == "record_read_back");
        Assert.Equal("forbidden", Assert.Single(otherUnit.Errors).Code);
        Assert.True((await _plans.SubmitAsync(_lin, _caseId, Oral(8) with { SpecialReason = "家中尚有重病家屬需照顧，每月僅能負擔約一萬元。" })).Succeeded);
    }

    [Fact]
    public async Task Schedule_AdjustedBeforeApproval_AsLongAsItAddsUp()
    {
        var id = (await _plans.SubmitAsync(_lin, _caseId, Oral() with { AdjustedAmounts = [14_400, 8_000, 8_000, 16_000, 20_000, 20_000] })).Value;

        var plan = (await _plans.GetAsync(_lin, id))!;

        Assert.Equal([14_400, 8_000, 8_000, 16_000, 20_000, 20_000], plan.Lines.Select(l => l.Amount));
    }

    [Fact]
    public async Task Payments_AllocateOldestFirst_PartialPaymentsAndADishonouredCheque()
    {
        var (id, v) = await ApprovedPlanAsync();

        var partial = await _plans.RecordPaymentAsync(_lin, id, v, new PaymentInput { PaidOn = _domain.Today, Amount = 10_000, Channel = PaymentChannel.ConvenienceStore, ReceiptNumber = "CS-0001" });
        var cheque = await _plans.RecordPaymentAsync(_lin, id, await VersionAsync(id), new PaymentInput { PaidOn = _domain.Today, Amount = 8_000, Channel = PaymentChannel.Cheque, ReceiptNumber = "CHQ-0001" });
        var duplicate = await _plans.RecordPaymentAsync(_lin, id, await VersionAsync(id), new PaymentInput { PaidOn = _domain.Today, Amount = 100, Channel = PaymentChannel.Bank, ReceiptNumber = "CS-0001" });
        var zero = await _plans.RecordPaymentAsync(_lin, id, await VersionAsync(id), new PaymentInput { PaidOn = _domain.Today, Amount = 0, Channel = PaymentChannel.Bank, ReceiptNumber = "B-1" });
        var tooMuch = await _plans.RecordPaymentAsync(_lin, id, await VersionAsync(id), new PaymentInput { PaidOn = _domain.Today, Amount = 100_000, Channel = PaymentChannel.Bank, ReceiptNumber = "B-2" });

        Assert.True(partial.Succeeded && cheque.Succeeded);
        Assert.Equal("receipt_duplicate", Assert.Single(duplicate.Errors).Code);
        Assert.Contains(zero.Errors, e => e.Code == "payment_positive");
        Assert.Equal("payment_exceeds_balance", Assert.Single(tooMuch.Errors).Code);
        var plan = (await _plans.GetAsync(_lin, id))!;
        Assert.Equal([14_400, 14_400, 3_600, 0, 0, 0], plan.Lines.Select(l => l.PaidAmount));

        var chequeId = plan.Payments.Single(p => p.ReceiptNumber == "CHQ-0001").Id;
        var bounced = await _plans.MarkChequeDishonouredAsync(_lin, id, plan.Version, chequeId, _domain.Today);

        Assert.True(bounced.Succeeded, bounced.ToString());
        Assert.Equal([14_400, 10_000, 0, 0, 0, 0], (await _plans.GetAsync(_lin, id))!.Lines.Select(l => l.PaidAmount));
    }

    [Fact]
    public async Task Default_AfterAMissedDueDate_ThenCuredByPayingUp()
    {
        var (id, _) = await ApprovedPlanAsync(); // installment 2 due 12/15
        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 2, 0, 0, TimeSpan.Zero));
        Assert.False((await _plans.GetAsync(_lin, id))!.InDefault); // on the due day itself: not yet

        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 16, 2, 0, 0, TimeSpan.Zero));
        var late = (await _plans.GetAsync(_wang, id))!;
        Assert.True(late.InDefault);
        Assert.Equal(1, (await _plans.CountsAsync()).InDefault);
        Assert.True(late.Lines[1].Overdue);

        await _plans.RecordPaymentAsync(_lin, id, late.Version, new PaymentInput { PaidOn = _domain.Today, Amount = 14_400, Channel = PaymentChannel.PostOffice, ReceiptNumber = "PO-1216" });

        var cured = (await _plans.GetAsync(_wang, id))!;
        Assert.False(cured.InDefault);
        Assert.Equal(PlanState.Active, cured.State);
        Assert.Equal(0, (await _plans.CountsAsync()).InDefault);
    }

    [Fact]
    public async Task Revoke_IsASupervisorsDecision_TheCaseReturnsToEnforcement_TheGuarantorIsFlagged()
    {
        var (id, v) = await ApprovedPlanAsync(Oral() with { Guarantee = GuaranteeKind.ThirdPartyGuarantor, GuarantorName = "陳大明", GuarantorIdNumber = "A123456789", GuarantorRelationship = "兄", GuarantorPhone = "0911-222-333" });

        _domain.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 16, 2, 0, 0, TimeSpan.Zero)); // installment 2 (12/15) unpaid: in default
        var byClerk = await _plans.RevokeAsync(_lin, id, v, "遲延");
        var noReason = await _plans.RevokeAsync(_wang, id, v, " ");
        var revoked = await _plans.RevokeAsync(_wang, id, v, "第 2 期起未繳，電話催告未果");
        var payment = await _plans.RecordPaymentAsync(_lin, id, await VersionAsync(id), new PaymentInput { PaidOn = _domain.Today, Amount = 1_000, Channel = PaymentChannel.Counter, ReceiptNumber = "C-9" });

        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        Assert.Equal("revoke_reason_required", Assert.Single(noReason.Errors).Code);
        Assert.True(revoked.Succeeded);
        Assert.Equal("plan_not_active", Assert.Single(payment.Errors).Code);
        var plan = (await _plans.GetAsync(_wang, id))!;
        Assert.True(plan.GuarantorFlagged);
        Assert.Equal("A12****789", plan.GuarantorIdMasked);
        Assert.Equal(CaseStatus.InEnforcement, await CaseStatusAsync());
    }

    [Fact]
    public async Task Reschedule_FromTheRemainingBalance_SupersedesTheOldPlanOnApproval()
    {
        var (id, v) = await ApprovedPlanAsync();
        await _plans.RecordPaymentAsync(_lin, id, v, new PaymentInput { PaidOn = _domain.Today, Amount = 14_400, Channel = PaymentChannel.Bank, ReceiptNumber = "B-100" });

        var newId = (await _plans.SubmitAsync(_lin, _caseId, Oral(4) with { FirstPaidOnApplication = false, FirstPaymentAmount = null, FirstPaymentReceipt = null }, reschedulingPlanId: id)).Value;
        var check = (await _plans.GetAsync(_lin, newId))!;
        var approved = await _plans.ApproveAsync(_wang, newId, check.Version);

        Assert.Equal(57_600, check.AmountOwed);
        Assert.Equal(2, check.PlanVersion);
        Assert.True(approved.Succeeded, approved.ToString());
        Assert.Equal(PlanState.Superseded, (await _plans.GetAsync(_lin, id))!.State);
        var history = await _plans.ListForCaseAsync(_caseId);
        Assert.Equal([2, 1], history.Select(h => h.PlanVersion));
    }

    [Fact]
    public async Task PayingEverything_CompletesThePlan_AndClosesTheCase()
    {
        var (id, v) = await ApprovedPlanAsync();

        await _plans.RecordPaymentAsync(_lin, id, v, new PaymentInput { PaidOn = _domain.Today, Amount = 72_000, Channel = PaymentChannel.Bank, ReceiptNumber = "B-ALL" });

        Assert.Equal(PlanState.Completed, (await _plans.GetAsync(_lin, id))!.State);
        Assert.Equal(CaseStatus.Closed, await CaseStatusAsync());
    }

    [Fact]
    public async Task RecordPayment_OnACompletedPlan_IsRefusedWithAMessage_AndNothingIsRecorded()
    {
        var (id, v) = await ApprovedPlanAsync();
        Assert.True((await _plans.RecordPaymentAsync(_lin, id, v, new PaymentInput { PaidOn = _domain.Today, Amount = 72_000, Channel = PaymentChannel.Bank, ReceiptNumber = "B-ALL" })).Succeeded);
        var completed = (await _plans.GetAsync(_lin, id))!;
        Assert.Equal(PlanState.Completed, completed.State);

        var again = await _plans.RecordPaymentAsync(_lin, id, completed.Version, new PaymentInput { PaidOn = _domain.Today, Amount = 1_000, Channel = PaymentChannel.Counter, ReceiptNumber = "C-AFTER" });

        var error = Assert.Single(again.Errors);
        Assert.Equal("plan_not_active", error.Code);
        Assert.Equal("分期已全部繳清，不需再登錄繳款。", error.Message);
        Assert.False(completed.Actions.RecordPayment); // the page offers no payment button either
        var after = (await _plans.GetAsync(_lin, id))!;
        Assert.Equal((PlanState.Completed, 86_400L, completed.Version), (after.State, after.PaidTotal, after.Version));
        Assert.DoesNotContain(after.Payments, p => p.ReceiptNumber == "C-AFTER");
    }

    [Fact]
    public async Task Upload_OnlyPdfJpegPng_ByContent_WithinTheLimit()
    {
        var id = (await _plans.SubmitAsync(_lin, _caseId, Oral())).Value;
        var root = Path.Combine(_domain.Folder, "documents");

        var pdf = await _plans.UploadDocumentAsync(_lin, id, "資遣證明.pdf", new MemoryStream("%PDF-1.7\n..."u8.ToArray()), 12, root);
        var exe = await _plans.UploadDocumentAsync(_lin, id, "photo.jpg", new MemoryStream("MZ\u0090\0"u8.ToArray()), 4, root);
        var big = await _plans.UploadDocumentAsync(_lin, id, "big.pdf", new MemoryStream([]), 50L * 1024 * 1024, root);

        Assert.True(pdf.Succeeded, pdf.ToString());
        Assert.Equal("upload_type", Assert.Single(exe.Errors).Code);
        Assert.Equal("upload_too_big", Assert.Single(big.Errors).Code);
        var plan = (await _plans.GetAsync(_lin, id))!;
        var file = Assert.Single(plan.Files);
        Assert.Equal("application/pdf", file.ContentType);
        var opened = (await _plans.OpenDocumentAsync(_lin, id, file.Id, root)).Value;
        Assert.True(File.Exists(opened.Path));
    }

    [Fact]
    public async Task Policy_NewVersion_IsUsedForNewApplications_OldPlansKeepTheirs()
    {
        var old = (await _plans.SubmitAsync(_lin, _caseId, Oral())).Value;
        var refused = await _plans.CreatePolicyAsync(_wang, InstallmentPolicy.StatutoryTiers, 2, 60, 60_000_000, _domain.Today, "主管不能改");
        var created = await _plans.CreatePolicyAsync(TestDomain.Admin(), [new(0, 12), new(200_000, 12), new(1_000_000, 16), new(5_000_000, 36), new(10_000_000, 60)], 2, 60, 60_000_000, _domain.Today, "試辦");

        var check = (await _plans.CheckAsync(_lin, _caseId, Oral(10))).Value;

        Assert.Equal("forbidden", Assert.Single(refused.Errors).Code);
        Assert.Equal(2, created.Value);
        Assert.Equal(2, check.Evaluation!.PolicyNumber);
        Assert.False(check.Evaluation.NeedsSpecialReason);
        Assert.Equal(1, (await _plans.GetAsync(_lin, old))!.PolicyNumber);
    }
}
