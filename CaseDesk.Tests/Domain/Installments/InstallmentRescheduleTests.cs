using CaseDesk.Domain.Installments;

namespace CaseDesk.Tests.Domain.Installments;

/// <summary>
/// Rescheduling under RULES §3: the tier is judged on the original amount owed, and the installments already elapsed
/// count towards the limits, so "never beyond the maximum in total" holds across versions.
/// </summary>
public sealed class InstallmentRescheduleTests : InstallmentStory
{
    private static InstallmentApplicationInput Reschedule(int installments) => WithoutFirstPayment(Oral(installments));

    [Fact]
    public async Task Tier_IsJudgedOnTheOriginalAmount_NotTheRemainingBalance()
    {
        await SetCaseAmountAsync(240_000); // tier NT$200,000–1,000,000: at most 8
        var id = await ApprovedPlanAsync(Oral(8) with { FirstPaymentAmount = 30_000 });
        await PayAsync(id, 30_000, "B-0002"); // balance NT$180,000 — under NT$200,000, which alone would allow only 6

        var seven = (await Plans.CheckAsync(Lin, CaseId, Reschedule(7), reschedulingPlanId: id)).Value;
        var eight = (await Plans.CheckAsync(Lin, CaseId, Reschedule(8), reschedulingPlanId: id)).Value;

        Assert.Equal(8, seven.Evaluation!.TierMax);
        Assert.Equal(240_000, seven.Evaluation.JudgedAmount);
        Assert.Equal(1, seven.Evaluation.Prior); // installment 1, paid at the counter today, has elapsed
        Assert.Equal(8, seven.Evaluation.Total);
        Assert.DoesNotContain(seven.Errors, e => e.Code == "special_reason_required");
        Assert.Equal(180_000, seven.Schedule.Sum(l => l.Amount));
        Assert.True(eight.Evaluation!.NeedsSpecialReason);
        Assert.Contains(eight.Errors, e => e.Code == "special_reason_required" && e.Message.Contains("合計 9 期"));
    }

    [Fact]
    public async Task ElapsedInstallments_CountTowardsTheTotal_AcrossVersions()
    {
        var v1 = await ApprovedPlanAsync(); // 6 installments: 11/25, 12/15, 1/15, 2/15, …
        SetToday(new DateOnly(2027, 1, 20)); // three have elapsed (the last two unpaid: in default)

        var four = await Plans.SubmitAsync(Lin, CaseId, Reschedule(4), reschedulingPlanId: v1);
        var three = await Plans.SubmitAsync(Lin, CaseId, Reschedule(3), reschedulingPlanId: v1);

        Assert.Contains(four.Errors, e => e.Code == "special_reason_required" && e.Message.Contains("已屆期 3 期"));
        Assert.True(three.Succeeded, three.ToString());
        var v2 = await DetailAsync(three.Value);
        Assert.Equal(3, v2.PriorInstallments);
        Assert.Equal(72_000, v2.AmountOwed);
        Assert.True((await Plans.ApproveAsync(Wang, v2.Id, v2.Version)).Succeeded);

        // Version 3 from version 2 a month later: 3 (v1) + 1 (v2) have elapsed, so only 2 more fit the six.
        SetToday(new DateOnly(2027, 2, 16));
        var v3Check = (await Plans.CheckAsync(Lin, CaseId, Reschedule(3), reschedulingPlanId: v2.Id)).Value;
        Assert.Equal(4, v3Check.Evaluation!.Prior);
        Assert.True(v3Check.Evaluation.NeedsSpecialReason);
        Assert.False((await Plans.CheckAsync(Lin, CaseId, Reschedule(2), reschedulingPlanId: v2.Id)).Value.Evaluation!.NeedsSpecialReason);
    }

    [Fact]
    public void NeverBeyondSixtyInTotal_UnlessTheAmountReachesSixtyMillion()
    {
        var policy = InstallmentPolicy.Statutory(new DateOnly(2008, 1, 1));

        var within = policy.Evaluate(10_000_000, 57, prior: 3);
        var beyond = policy.Evaluate(10_000_000, 58, prior: 3);
        var large = policy.Evaluate(60_000_000, 58, prior: 3);

        Assert.False(within.NotAllowed);
        Assert.False(within.NeedsSpecialReason);
        Assert.True(beyond.NotAllowed);
        Assert.False(large.NotAllowed);
        Assert.True(large.BeyondAbsoluteByAmount);
        Assert.Equal(61, large.Total);
    }
}
