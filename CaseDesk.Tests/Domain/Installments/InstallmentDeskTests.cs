using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Petitions;

namespace CaseDesk.Tests.Domain.Installments;

/// <summary>Applications on the desk of the clerk who took them: awaiting approval, and rejected.</summary>
public sealed class InstallmentDeskTests : InstallmentStory
{
    private async Task<DeskItem?> OnDeskAsync(int planId, CaseDesk.Domain.Common.Actor? clerk = null) =>
        (await Domain.Get<MyDeskService>().GetAsync(clerk ?? Lin)).Mine.SingleOrDefault(i => i.Kind == "InstallmentPlan" && i.Id == planId);

    [Fact]
    public async Task Desk_ApplicationAwaitingApproval_IsOnThePreparersDesk_DatedByItsFirstInstallment_UntilDecided()
    {
        var id = await SubmitAsync(); // installment 1 paid at the counter; installment 2 due Tue 12/15

        var waiting = await OnDeskAsync(id);
        var notHers = await OnDeskAsync(id, Chang);
        SetToday(new DateOnly(2026, 12, 9)); // inside the five-working-day installment window
        var soon = await OnDeskAsync(id);
        SetToday(new DateOnly(2026, 12, 16)); // still not decided after its first date
        var late = await OnDeskAsync(id);
        Assert.True((await Plans.ApproveAsync(Wang, id, await VersionAsync(id))).Succeeded); // dates move on from today: next due 1/15

        Assert.NotNull(waiting);
        Assert.Equal(("PlanState.Submitted", new DateOnly(2026, 12, 15), DeadlineStatus.OnTrack, $"/installments/{id}"), (waiting.StateKey, waiting.DueOn, waiting.Status, waiting.Link));
        Assert.Equal("陳志明", waiting.Title);
        Assert.Null(notHers);
        Assert.Equal(DeadlineStatus.DueSoon, soon!.Status);
        Assert.Equal(DeadlineStatus.Overdue, late!.Status);
        Assert.Null(await OnDeskAsync(id));
    }

    [Fact]
    public async Task Desk_RejectedApplication_StaysFiveWorkingDays_OrUntilANewApplicationIsTaken()
    {
        var first = await SubmitAsync();
        Assert.True((await Plans.RejectAsync(Wang, first, await VersionAsync(first), "未附資遣證明")).Succeeded);
        var firstRejected = await OnDeskAsync(first);
        var second = await SubmitAsync(); // a new application for the same case replaces the rejected one on the desk
        var replaced = await OnDeskAsync(first);
        Assert.True((await Plans.RejectAsync(Wang, second, await VersionAsync(second), "移送機關不同意")).Succeeded); // Wed 11/25

        var rejected = await OnDeskAsync(second);
        SetToday(new DateOnly(2026, 12, 2)); // the fifth working day after the decision
        var lastDay = await OnDeskAsync(second);
        SetToday(new DateOnly(2026, 12, 3));
        var gone = await OnDeskAsync(second);

        Assert.Equal("PlanState.Rejected", firstRejected!.StateKey);
        Assert.Null(replaced);
        Assert.Equal(("PlanState.Rejected", "陳志明：移送機關不同意", new DateOnly(2026, 12, 2), DeadlineStatus.OnTrack), (rejected!.StateKey, rejected.Title, rejected.DueOn, rejected.Status));
        Assert.Equal(DeadlineStatus.DueSoon, lastDay!.Status);
        Assert.Null(gone);
    }

    [Fact]
    public async Task Desk_PlanInDefaultThroughADishonouredGuaranteeCheque_IsShown_EvenWithNoInstallmentDueSoon()
    {
        var id = await ApprovedPlanAsync(Oral() with { Guarantee = GuaranteeKind.Cheques, Cheques = [new ChequeInput("AB0000001", 14_400, new DateOnly(2026, 12, 15))] });
        await PayAsync(id, 14_400, "B-AHEAD"); // installment 2 paid ahead: the next one falls due 1/15, outside the reminder window
        var before = await OnDeskAsync(id);
        var plan = await DetailAsync(id);

        Assert.True((await Plans.MarkGuaranteeChequeDishonouredAsync(Lin, id, plan.Version, plan.Cheques.Single().Id, Domain.Today)).Succeeded);

        Assert.Null(before);
        Assert.True((await DetailAsync(id)).InDefault);
        var item = await OnDeskAsync(id);
        Assert.Equal((DeadlineStatus.Overdue, Domain.Today), (item!.Status, item.DueOn));
    }
}
