using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Installments;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Domain.Installments;

/// <summary>
/// The story case (陳志明, NT$86,400, 第5股 林雅婷) on a fresh domain, Wednesday 2026-11-25: the helpers the installment
/// tests share. 王建國 approves; 李主任 is a second supervisor for four-eyes cases.
/// </summary>
public abstract class InstallmentStory : IAsyncLifetime
{
    protected TestDomain Domain { get; private set; } = default!;

    protected InstallmentService Plans { get; private set; } = default!;

    protected Actor Lin { get; private set; } = default!;

    protected Actor Wang { get; private set; } = default!;

    protected Actor Lee { get; } = TestDomain.Supervisor(4711, "李主任");

    /// <summary>張淑芬, a clerk of 第3股: not the story case's unit.</summary>
    protected Actor Chang { get; private set; } = default!;

    protected int CaseId { get; private set; }

    public async Task InitializeAsync()
    {
        Domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5, configure: Configure);
        Plans = Domain.Get<InstallmentService>();
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        var wang = await db.Staff.SingleAsync(s => s.Name == "王建國");
        var chang = await db.Staff.SingleAsync(s => s.Name == "張淑芬");
        Lin = TestDomain.Clerk(lin.Id, lin.UnitId!.Value, "林雅婷");
        Wang = TestDomain.Supervisor(wang.Id, "王建國");
        Chang = TestDomain.Clerk(chang.Id, chang.UnitId!.Value, "張淑芬");
        CaseId = await db.Cases.Where(c => c.CaseNumber == DemoData.StoryCaseNumber).Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await Domain.DisposeAsync();

    /// <summary>Extra services for a test class (an interceptor, options).</summary>
    protected virtual void Configure(IServiceCollection services)
    {
    }

    /// <summary>陳先生's oral application: six installments, the first NT$14,400 paid at the counter, then the 15th of each month.</summary>
    protected static InstallmentApplicationInput Oral(int installments = 6) => new()
    {
        ApplicantKind = ApplicantKind.Obligor,
        ApplicantName = "陳志明",
        Form = ApplicationForm.Oral,
        StatementRecord = "本人因失業，無法一次繳清健保欠費，請准分期繳納，今日先繳第 1 期。",
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

    protected static InstallmentApplicationInput WithoutFirstPayment(InstallmentApplicationInput input) =>
        input with { FirstPaidOnApplication = false, FirstPaymentAmount = null, FirstPaymentReceipt = null };

    protected async Task<int> SubmitAsync(InstallmentApplicationInput? input = null)
    {
        var submitted = await Plans.SubmitAsync(Lin, CaseId, input ?? Oral());
        Assert.True(submitted.Succeeded, submitted.ToString());
        return submitted.Value;
    }

    protected async Task<int> ApprovedPlanAsync(InstallmentApplicationInput? input = null)
    {
        var id = await SubmitAsync(input);
        var approved = await Plans.ApproveAsync(Wang, id, await VersionAsync(id));
        Assert.True(approved.Succeeded, approved.ToString());
        return id;
    }

    protected async Task<PlanDetail> DetailAsync(int id) => (await Plans.GetAsync(Wang, id))!;

    protected async Task<int> VersionAsync(int id) => (await DetailAsync(id)).Version;

    protected async Task PayAsync(int id, long amount, string receipt, PaymentChannel channel = PaymentChannel.Bank)
    {
        var paid = await Plans.RecordPaymentAsync(Lin, id, await VersionAsync(id), new PaymentInput { PaidOn = Domain.Today, Amount = amount, Channel = channel, ReceiptNumber = receipt });
        Assert.True(paid.Succeeded, paid.ToString());
    }

    /// <summary>Taipei 10:00 on <paramref name="day"/>.</summary>
    protected void SetToday(DateOnly day) => Domain.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));

    protected async Task SetCaseAmountAsync(long amount)
    {
        var cases = Domain.Get<CaseService>();
        var (input, version) = (await cases.GetForEditAsync(Wang, CaseId)).Value;
        var updated = await cases.UpdateAsync(Wang, CaseId, version, input with { AmountOwed = amount });
        Assert.True(updated.Succeeded, updated.ToString());
    }

    protected async Task<CaseStatus> CaseStatusAsync()
    {
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        return await db.Cases.Where(c => c.Id == CaseId).Select(c => c.Status).SingleAsync();
    }
}
