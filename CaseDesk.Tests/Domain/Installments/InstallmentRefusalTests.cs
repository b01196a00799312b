using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Installments;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Installments;

/// <summary>What the service refuses, and what it keeps when it refuses: rejection reasons, the 60-installment ceiling, payments, the oral record, first-payment receipts.</summary>
public sealed class InstallmentRefusalTests : InstallmentStory
{
    [Fact]
    public async Task Reject_WithABlankReason_IsRefusedAndThePlanStaysSubmitted_AValidRejectStoresTheReason()
    {
        var id = await SubmitAsync();

        var blank = await Plans.RejectAsync(Lee, id, await VersionAsync(id), "   ");

        var refused = Assert.Single(blank.Errors);
        Assert.Equal("reject_reason_required", refused.Code);
        Assert.Equal("Reason", refused.Field);
        var still = await DetailAsync(id);
        Assert.Equal(PlanState.Submitted, still.State);
        Assert.Null(still.RejectionReason);
        Assert.Null(still.DecidedBy);

        var rejected = await Plans.RejectAsync(Lee, id, still.Version, "  未附失業證明文件，請補正後再申請。 ");

        Assert.True(rejected.Succeeded, rejected.ToString());
        var after = await DetailAsync(id);
        Assert.Equal(PlanState.Rejected, after.State);
        Assert.Equal("未附失業證明文件，請補正後再申請。", after.RejectionReason);
        Assert.Equal("李主任", after.DecidedBy);
    }

    [Fact]
    public async Task SixtyOneInstallments_UnderSixtyMillion_AreRefusedEvenWithASpecialReason()
    {
        await SetCaseAmountAsync(59_999_999);

        var refused = await Plans.SubmitAsync(Lin, CaseId, Oral(61) with { SpecialReason = "名下無財產，每月僅能負擔約一百萬元，六十期仍無法繳清。" });
        var sixty = await Plans.SubmitAsync(Lin, CaseId, Oral(60) with { SpecialReason = "名下無財產，每月僅能負擔約一百萬元。" });

        var error = Assert.Single(refused.Errors);
        Assert.Equal("installments_beyond_max", error.Code);
        Assert.Equal(nameof(InstallmentApplicationInput.RequestedInstallments), error.Field);
        Assert.Contains("最多 60 期", error.Message);
        Assert.True(sixty.Succeeded, sixty.ToString());
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        Assert.Equal(60, await db.InstallmentPlans.Where(p => p.CaseId == CaseId).Select(p => p.RequestedInstallments).SingleAsync());
    }

    [Fact]
    public async Task ANegativePayment_IsRefused_AndNothingIsRecorded()
    {
        var id = await ApprovedPlanAsync();
        var before = await DetailAsync(id);

        var negative = await Plans.RecordPaymentAsync(Lin, id, before.Version, new PaymentInput { PaidOn = Domain.Today, Amount = -14_400, Channel = PaymentChannel.Bank, ReceiptNumber = "B-NEG-1" });

        var error = Assert.Single(negative.Errors);
        Assert.Equal("payment_positive", error.Code);
        Assert.Equal(nameof(PaymentInput.Amount), error.Field);
        var after = await DetailAsync(id);
        Assert.Equal(14_400, after.PaidTotal);
        Assert.DoesNotContain(after.Payments, p => p.ReceiptNumber == "B-NEG-1");
    }

    [Fact]
    public async Task AnOralRecordWithoutWhoSignedIt_IsRefused()
    {
        var unsigned = await Plans.SubmitAsync(Lin, CaseId, Oral() with { RecordSignedBy = "  " });

        var error = Assert.Single(unsigned.Errors);
        Assert.Equal("record_signed_by", error.Code);
        Assert.Equal(nameof(InstallmentApplicationInput.RecordSignedBy), error.Field);
        Assert.Equal("請填寫在筆錄上簽名的人。", error.Message);
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        Assert.False(await db.InstallmentPlans.AnyAsync());
    }

    [Fact]
    public async Task Submit_AFirstPaymentReceiptAlreadyOnAnotherPendingApplication_IsRefused()
    {
        var pending = await SubmitAsync(); // the story case: first payment receipt R115-000001, awaiting approval
        int otherCase;
        await using (var db = await Domain.Db.OpenReadOnlyAsync())
        {
            otherCase = await db.Cases.Where(c => c.CaseNumber != DemoData.StoryCaseNumber && c.Status == CaseStatus.InEnforcement && c.AmountOwed > 10_000)
                .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }

        var application = Oral(2) with { ApplicantName = "另一義務人", FirstPaymentAmount = 5_000, FirstPaymentReceipt = " R115-000001 " };

        var sameReceipt = await Plans.SubmitAsync(Wang, otherCase, application);

        var error = Assert.Single(sameReceipt.Errors);
        Assert.Equal("receipt_duplicate", error.Code);
        Assert.Equal(nameof(InstallmentApplicationInput.FirstPaymentReceipt), error.Field);
        Assert.Contains("R115-000001", error.Message);
        Assert.Contains("待核定", error.Message);
        await using (var db = await Domain.Db.OpenReadOnlyAsync())
        {
            Assert.False(await db.InstallmentPlans.AnyAsync(p => p.CaseId == otherCase));
        }

        // Once that application is rejected its receipt was never booked: the number is free again.
        Assert.True((await Plans.RejectAsync(Wang, pending, await VersionAsync(pending), "資料不全")).Succeeded);
        var afterReject = await Plans.SubmitAsync(Wang, otherCase, application);
        Assert.True(afterReject.Succeeded, afterReject.ToString());
    }
}
