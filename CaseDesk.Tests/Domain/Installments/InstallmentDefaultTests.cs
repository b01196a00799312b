using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Installments;
using CaseDesk.Tests.Support;

namespace CaseDesk.Tests.Domain.Installments;

/// <summary>Dishonoured cheques (paid or held as guarantee), the default day, and revocation following a default.</summary>
public sealed class InstallmentDefaultTests : InstallmentStory
{
    [Fact]
    public async Task DishonouredCheque_ItsOwnInstallmentIsUnpaid_TheLaterOneStaysPaid_AndThePlanIsInDefaultFromThatDay()
    {
        var id = await ApprovedPlanAsync();            // installment 1 paid at the counter; 2 due 12/15, 3 due 1/15
        await PayAsync(id, 14_400, "CHQ-0001", PaymentChannel.Cheque); // pays installment 2
        await PayAsync(id, 14_400, "CS-0001");                         // pays installment 3
        SetToday(new DateOnly(2026, 12, 1));
        var before = await DetailAsync(id);
        Assert.False(before.InDefault);

        var chequeId = before.Payments.Single(p => p.ReceiptNumber == "CHQ-0001").Id;
        var bounced = await Plans.MarkChequeDishonouredAsync(Lin, id, before.Version, chequeId, Domain.Today);

        Assert.True(bounced.Succeeded, bounced.ToString());
        var after = await DetailAsync(id);
        Assert.Equal([14_400, 0, 14_400, 0, 0, 0], after.Lines.Select(l => l.PaidAmount)); // installment 2 unpaid, not 3
        Assert.Equal(28_800, after.PaidTotal);
        Assert.True(after.InDefault); // before installment 2 is even due: the dishonour itself is the default ground
        Assert.Equal(new DateOnly(2026, 12, 1), after.DefaultFrom);
        Assert.Equal(new DateOnly(2026, 12, 1), after.DishonouredSince);
        Assert.Equal(1, (await Plans.CountsAsync()).InDefault);
        Assert.True(after.Actions.Revoke);

        // Making good the amount cures the default; the payment fills the hole the cheque left.
        await PayAsync(id, 14_400, "CS-0002");
        var cured = await DetailAsync(id);
        Assert.Equal([14_400, 14_400, 14_400, 0, 0, 0], cured.Lines.Select(l => l.PaidAmount));
        Assert.False(cured.InDefault);
        Assert.Null(cured.DishonouredSince);
        Assert.Equal(0, (await Plans.CountsAsync()).InDefault);
    }

    [Fact]
    public async Task DishonouredCheque_PartlyMadeGood_StaysInDefault()
    {
        var id = await ApprovedPlanAsync();
        await PayAsync(id, 14_400, "CHQ-0002", PaymentChannel.Cheque);
        var plan = await DetailAsync(id);
        await Plans.MarkChequeDishonouredAsync(Lin, id, plan.Version, plan.Payments.Single(p => p.Channel == PaymentChannel.Cheque).Id, Domain.Today);

        await PayAsync(id, 10_000, "CS-0003");

        var partly = await DetailAsync(id);
        Assert.True(partly.InDefault);
        Assert.Equal(Domain.Today, partly.DefaultFrom);
        Assert.Equal([14_400, 10_000, 0, 0, 0, 0], partly.Lines.Select(l => l.PaidAmount));
    }

    [Fact]
    public async Task Dishonour_IsRefusedUnlessThePlanIsRunning()
    {
        var submitted = await SubmitAsync();
        var notApproved = await Plans.MarkChequeDishonouredAsync(Lin, submitted, await VersionAsync(submitted), 1, Domain.Today);
        Assert.Equal("plan_not_active", Assert.Single(notApproved.Errors).Code);
        Assert.Contains("尚未核定", notApproved.Errors[0].Message);

        var (input, version) = (await Plans.GetForReviseAsync(Lin, submitted)).Value;
        await Plans.RejectAsync(Wang, submitted, version, "資料不全");
        var id = await ApprovedPlanAsync(input with { FirstPaymentReceipt = "R115-000002" });
        await PayAsync(id, 14_400, "CHQ-0003", PaymentChannel.Cheque);
        SetToday(new DateOnly(2027, 1, 18)); // installment 3 (due Friday 1/15) unpaid: in default from Monday
        var late = await DetailAsync(id);
        Assert.True(late.InDefault);
        Assert.True((await Plans.RevokeAsync(Wang, id, late.Version, "第 3 期未繳")).Succeeded);
        var revoked = await DetailAsync(id);

        var onRevoked = await Plans.MarkChequeDishonouredAsync(Lin, id, revoked.Version, revoked.Payments.Single(p => p.Channel == PaymentChannel.Cheque).Id, Domain.Today);

        Assert.Equal("plan_not_active", Assert.Single(onRevoked.Errors).Code);
        Assert.Contains("已廢止", onRevoked.Errors[0].Message);
        Assert.Equal(28_800, (await DetailAsync(id)).PaidTotal); // the cheque still counts: nothing changed
    }

    [Fact]
    public async Task DishonouredCheque_OnACompletedPlan_ReopensItInDefault_AndTheCaseReturnsToThePlan()
    {
        var id = await ApprovedPlanAsync();
        await PayAsync(id, 72_000, "CHQ-ALL", PaymentChannel.Cheque);
        Assert.Equal(PlanState.Completed, (await DetailAsync(id)).State);
        Assert.Equal(CaseStatus.Closed, await CaseStatusAsync());

        var plan = await DetailAsync(id);
        Assert.True(plan.Actions.Dishonour);
        var bounced = await Plans.MarkChequeDishonouredAsync(Lin, id, plan.Version, plan.Payments.Single(p => p.ReceiptNumber == "CHQ-ALL").Id, Domain.Today);

        Assert.True(bounced.Succeeded, bounced.ToString());
        var reopened = await DetailAsync(id);
        Assert.Equal(PlanState.Active, reopened.State);
        Assert.True(reopened.InDefault);
        Assert.Equal(CaseStatus.InstallmentPlan, await CaseStatusAsync());
    }

    [Fact]
    public async Task GuaranteeCheque_Dishonoured_PutsThePlanInDefault_UntilItsAmountIsMadeGood()
    {
        var id = await ApprovedPlanAsync(Oral() with
        {
            Guarantee = GuaranteeKind.Cheques,
            Cheques = [new ChequeInput("AB0000001", 14_400, new DateOnly(2026, 12, 15)), new ChequeInput("AB0000002", 14_400, new DateOnly(2027, 1, 15))],
        });
        var plan = await DetailAsync(id);
        Assert.True(plan.Actions.DishonourGuarantee);
        var first = plan.Cheques.Single(c => c.Number == "AB0000001");
        SetToday(new DateOnly(2026, 12, 15));

        var bounced = await Plans.MarkGuaranteeChequeDishonouredAsync(Lin, id, plan.Version, first.Id, Domain.Today);
        var again = await Plans.MarkGuaranteeChequeDishonouredAsync(Lin, id, await VersionAsync(id), first.Id, Domain.Today);
        var otherUnit = await Plans.MarkGuaranteeChequeDishonouredAsync(Chang, id, await VersionAsync(id), first.Id, Domain.Today);

        Assert.True(bounced.Succeeded, bounced.ToString());
        Assert.Equal("cheque_already_dishonoured", Assert.Single(again.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(otherUnit.Errors).Code);
        var inDefault = await DetailAsync(id);
        Assert.True(inDefault.InDefault); // on the due day itself: the dishonour, not the missed installment
        Assert.Equal(new DateOnly(2026, 12, 15), inDefault.DefaultFrom);
        Assert.Equal(new DateOnly(2026, 12, 15), inDefault.Cheques.Single(c => c.Id == first.Id).DishonouredOn);

        await PayAsync(id, 14_400, "PO-1215", PaymentChannel.PostOffice);

        var cured = await DetailAsync(id);
        Assert.False(cured.InDefault);
        Assert.Null(cured.DishonouredSince);
    }

    [Fact]
    public async Task DefaultFrom_CountsFromTheWorkingDayTheDueDateMovesTo()
    {
        var id = await ApprovedPlanAsync(); // installment 2 due Tuesday 12/15
        Assert.Equal(new DateOnly(2026, 12, 16), (await DetailAsync(id)).DefaultFrom);

        // A typhoon closes the office on 12/15: the obligor may pay on Wednesday 12/16, default starts Thursday 12/17.
        var typhoon = await Domain.Get<CalendarService>().SetDayAsync(TestDomain.Admin(), new DateOnly(2026, 12, 15), true, "颱風停止上班");
        Assert.True(typhoon.Succeeded, typhoon.ToString());

        Assert.Equal(new DateOnly(2026, 12, 17), (await DetailAsync(id)).DefaultFrom);
        SetToday(new DateOnly(2026, 12, 16));
        var payDay = await DetailAsync(id);
        Assert.False(payDay.InDefault);
        Assert.False(payDay.Lines[1].Overdue);
        SetToday(new DateOnly(2026, 12, 17));
        var late = await DetailAsync(id);
        Assert.True(late.InDefault);
        Assert.True(late.Lines[1].Overdue);
    }

    [Fact]
    public async Task Revoke_OnlyAfterADefault_AndTheApproverIsKept()
    {
        var id = await ApprovedPlanAsync();
        var plan = await DetailAsync(id);
        Assert.False(plan.Actions.Revoke);

        var notInDefault = await Plans.RevokeAsync(Lee, id, plan.Version, "義務人表示不想繼續分期");

        Assert.Equal("plan_not_in_default", Assert.Single(notInDefault.Errors).Code);
        Assert.Equal(PlanState.Active, (await DetailAsync(id)).State);

        SetToday(new DateOnly(2026, 12, 16));
        var late = await DetailAsync(id);
        Assert.True(late.Actions.Revoke);
        var revoked = await Plans.RevokeAsync(Lee, id, late.Version, "第 2 期逾期未繳，電話催告未果");

        Assert.True(revoked.Succeeded, revoked.ToString());
        var after = await DetailAsync(id);
        Assert.Equal(PlanState.Revoked, after.State);
        Assert.Equal("王建國", after.DecidedBy);  // who approved
        Assert.Equal("李主任", after.RevokedBy);  // who revoked
        Assert.Equal(new DateOnly(2026, 12, 16), after.RevokedOn);
    }
}
