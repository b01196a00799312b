using CaseDesk.Domain.Installments;
using CaseDesk.Tests.Support;

namespace CaseDesk.Tests.Domain.Installments;

/// <summary>Four eyes with revisions, the re-check at approval, and the rules on the application's own numbers.</summary>
public sealed class InstallmentApprovalTests : InstallmentStory
{
    [Fact]
    public async Task SupervisorWhoRevised_CannotApproveOrReject_EvenAfterTheClerkRevisesAgain()
    {
        var id = await SubmitAsync();
        var (input, version) = (await Plans.GetForReviseAsync(Wang, id)).Value;
        Assert.True((await Plans.ReviseAsync(Wang, id, version, input with { RequestedInstallments = 5, AdjustedAmounts = null })).Succeeded);
        Assert.Equal("王建國", (await DetailAsync(id)).RevisedBy);

        var ownRevision = await Plans.ApproveAsync(Wang, id, await VersionAsync(id));
        Assert.Equal("four_eyes", Assert.Single(ownRevision.Errors).Code);
        Assert.Contains("修改過", ownRevision.Errors[0].Message);

        (input, version) = (await Plans.GetForReviseAsync(Lin, id)).Value;
        Assert.True((await Plans.ReviseAsync(Lin, id, version, input with { DayOfMonth = 20 })).Succeeded);
        var detail = await DetailAsync(id);
        Assert.Equal("林雅婷", detail.RevisedBy);
        Assert.False(detail.Actions.Approve); // 王建國 still revised it once
        Assert.False(detail.Actions.Reject);

        var stillRevised = await Plans.ApproveAsync(Wang, id, detail.Version);
        var rejectRevised = await Plans.RejectAsync(Wang, id, detail.Version, "不准");
        Assert.Equal("four_eyes", Assert.Single(stillRevised.Errors).Code);
        Assert.Equal("four_eyes", Assert.Single(rejectRevised.Errors).Code);

        Assert.True((await Plans.GetAsync(Lee, id))!.Actions.Approve);
        var byOther = await Plans.ApproveAsync(Lee, id, detail.Version);
        Assert.True(byOther.Succeeded, byOther.ToString());
        Assert.Equal("李主任", (await DetailAsync(id)).DecidedBy);
    }

    [Fact]
    public async Task Approve_RefusesWhenTheCasesAmountChangedSinceSubmission()
    {
        var id = await SubmitAsync();
        await SetCaseAmountAsync(90_000);

        var approved = await Plans.ApproveAsync(Wang, id, await VersionAsync(id));

        var error = Assert.Single(approved.Errors);
        Assert.Equal("amount_changed", error.Code);
        Assert.Contains("NT$86,400", error.Message);
        Assert.Contains("NT$90,000", error.Message);
        Assert.Equal(PlanState.Submitted, (await DetailAsync(id)).State);
    }

    [Fact]
    public async Task Approve_ReChecksAgainstThePolicyInForce_AndRecordsItsVersion()
    {
        var tightened = await SubmitAsync();
        var created = await Plans.CreatePolicyAsync(TestDomain.Admin(), [new(0, 4), new(200_000, 8), new(1_000_000, 16), new(5_000_000, 36), new(10_000_000, 60)], 2, 60, 60_000_000, Domain.Today, "試辦緊縮");
        Assert.True(created.Succeeded, created.ToString());

        var refused = await Plans.ApproveAsync(Wang, tightened, await VersionAsync(tightened));

        Assert.Equal("approval_recheck", refused.Errors[0].Code);
        Assert.Contains("第 2 版", refused.Errors[0].Message);
        Assert.Contains(refused.Errors, e => e.Code == "special_reason_required" && e.Field is null);
        Assert.Equal(PlanState.Submitted, (await DetailAsync(tightened)).State);

        var (input, version) = (await Plans.GetForReviseAsync(Lin, tightened)).Value;
        Assert.True((await Plans.ReviseAsync(Lin, tightened, version, input with { SpecialReason = "每月僅能負擔一萬五千元左右，需 6 期。" })).Succeeded);
        var approved = await Plans.ApproveAsync(Wang, tightened, await VersionAsync(tightened));

        Assert.True(approved.Succeeded, approved.ToString());
        var plan = await DetailAsync(tightened);
        Assert.Equal(2, plan.PolicyNumber);
        Assert.Equal(4, plan.TierMax);
    }

    [Fact]
    public async Task Approve_AfterTheDueDatesPassed_MovesThemOnFromTheApprovalDay_SoThePlanIsNotInDefaultAtOnce()
    {
        var id = await SubmitAsync(); // installment 2 due 12/15
        SetToday(new DateOnly(2026, 12, 21));
        var pending = await DetailAsync(id);
        Assert.True(pending.RedatedOnApproval);

        var approved = await Plans.ApproveAsync(Wang, id, pending.Version);

        Assert.True(approved.Succeeded, approved.ToString());
        var plan = await DetailAsync(id);
        Assert.False(plan.InDefault);
        Assert.False(plan.RedatedOnApproval);
        Assert.Equal(new DateOnly(2026, 11, 25), plan.Lines[0].DueOn); // paid at the counter on the day of application
        Assert.Equal(new DateOnly(2027, 1, 15), plan.Lines[1].DueOn);
        Assert.Equal(new DateOnly(2027, 2, 15), plan.Lines[2].DueOn);
        Assert.Equal(86_400, plan.Lines.Sum(l => l.Amount));
        Assert.Equal(14_400, plan.PaidTotal);
        Assert.Equal(new DateOnly(2027, 1, 18), plan.DefaultFrom);
    }

    [Fact]
    public async Task Approve_RequiresEverythingTheFormListsAsMissing_IncludingTheDocuments()
    {
        var input = Oral() with { Documents = SupportingDocuments.None, ConsentOn = null };
        var check = (await Plans.CheckAsync(Lin, CaseId, input)).Value;
        var id = await SubmitAsync(input);

        var approved = await Plans.ApproveAsync(Wang, id, await VersionAsync(id));

        Assert.Equal(["consent_missing", "documents_missing"], approved.Errors.Select(e => e.Code));
        Assert.Equal(check.MissingForApproval.Count, approved.Errors.Count);
        Assert.Equal(PlanState.Submitted, (await DetailAsync(id)).State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public async Task Approve_ConsentWithoutItsReference_IsRefused_NamingTheField(string? reference)
    {
        var input = Oral() with { ConsentReference = reference };
        var check = (await Plans.CheckAsync(Lin, CaseId, input)).Value;
        var id = await SubmitAsync(input);

        var refused = await Plans.ApproveAsync(Wang, id, await VersionAsync(id));

        Assert.Equal(["移送機關同意的文號"], check.MissingForApproval);
        var error = Assert.Single(refused.Errors);
        Assert.Equal(("consent_reference_missing", "ConsentReference"), (error.Code, error.Field));
        Assert.Contains("文號", error.Message);
        Assert.Contains("「同意文號／駐點人員」", error.Message);
        Assert.Equal(PlanState.Submitted, (await DetailAsync(id)).State);

        var (revised, version) = (await Plans.GetForReviseAsync(Lin, id)).Value;
        Assert.True((await Plans.ReviseAsync(Lin, id, version, revised with { ConsentReference = "健保北字第1150001號" })).Succeeded);
        var approved = await Plans.ApproveAsync(Wang, id, await VersionAsync(id));
        Assert.True(approved.Succeeded, approved.ToString());
    }

    [Fact]
    public async Task AdjustedAmounts_MustKeepTheFirstPaymentAsInstallmentOne()
    {
        var rewritten = await Plans.SubmitAsync(Lin, CaseId, Oral() with { AdjustedAmounts = [10_000, 18_800, 14_400, 14_400, 14_400, 14_400] });
        var check = (await Plans.CheckAsync(Lin, CaseId, Oral() with { AdjustedAmounts = [10_000, 18_800, 14_400, 14_400, 14_400, 14_400] })).Value;
        var kept = await Plans.SubmitAsync(Lin, CaseId, Oral() with { AdjustedAmounts = [14_400, 10_000, 10_000, 16_000, 18_000, 18_000] });

        var error = Assert.Single(rewritten.Errors);
        Assert.Equal("adjusted_first", error.Code);
        Assert.Contains("NT$14,400", error.Message);
        Assert.Contains(check.Errors, e => e.Code == "adjusted_first");
        Assert.True(kept.Succeeded, kept.ToString());
        Assert.Equal([14_400, 10_000, 10_000, 16_000, 18_000, 18_000], (await DetailAsync(kept.Value)).Lines.Select(l => l.Amount));
    }

    [Theory]
    [InlineData(601)]
    [InlineData(100_000)]
    [InlineData(int.MaxValue)]
    public async Task HugeInstallmentCounts_AreRefusedBeforeAnyScheduleIsBuilt(int requested)
    {
        var submitted = await Plans.SubmitAsync(Lin, CaseId, Oral(requested) with { SpecialReason = "特殊情形" });
        var check = (await Plans.CheckAsync(Lin, CaseId, Oral(requested))).Value;

        Assert.Contains(submitted.Errors, e => e.Code == "installments_cap");
        Assert.Empty(check.Schedule);
        Assert.Empty(await Plans.ListForCaseAsync(CaseId));

        // Even where more than 60 may be allowed (NT$60,000,000 and up), never more than the hard cap.
        var policy = InstallmentPolicy.Statutory(new DateOnly(2008, 1, 1));
        var errors = ApplicationRules.Validate(Oral(requested) with { SpecialReason = "特殊情形", FirstPaidOnApplication = false }, new PlanTarget(70_000_000, "健保署", 70_000_000, 0), Domain.Today, policy, out var valid, out _);
        Assert.Null(valid);
        Assert.Contains(errors.Items, e => e.Code == "installments_cap");
    }

    [Fact]
    public void HardCap_AllowsUpToSixHundredForTheLargestDebts()
    {
        var policy = InstallmentPolicy.Statutory(new DateOnly(2008, 1, 1));
        var input = Oral(600) with { SpecialReason = "六千萬元以上，六十期仍無法清償。", FirstPaidOnApplication = false };

        var errors = ApplicationRules.Validate(input, new PlanTarget(70_000_000, "健保署", 70_000_000, 0), new DateOnly(2026, 11, 25), policy, out var valid, out var evaluation);

        Assert.False(errors.Any, string.Join("; ", errors.Items.Select(e => e.Message)));
        Assert.NotNull(valid);
        Assert.True(evaluation!.BeyondAbsoluteByAmount);
    }
}
