using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Domain.Installments;

/// <summary>The story with the Installments options away from their defaults: two working days' grace, the remainder on the last installment, reminders three working days ahead.</summary>
public sealed class InstallmentOptionsTests : InstallmentStory
{
    protected override void Configure(IServiceCollection services) =>
        services.Configure<InstallmentOptions>(o =>
        {
            o.GraceWorkingDays = 2;
            o.RemainderOn = RemainderPlacement.Last;
            o.ReminderWorkingDaysBefore = 3;
        });

    [Fact]
    public async Task GraceOfTwoWorkingDays_InstallmentDueTuesday1215_IsInDefaultOnlyFromFriday1218()
    {
        var calendar = await Domain.Get<CalendarService>().GetAsync();
        Assert.All(new[] { 15, 16, 17, 18 }, d => Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 12, d)), $"12/{d} should be a working day"));
        var id = await ApprovedPlanAsync(); // installment 1 paid at the counter; installment 2 due Tuesday 12/15

        Assert.Equal(new DateOnly(2026, 12, 15), (await DetailAsync(id)).Lines[1].DueOn);
        Assert.Equal(new DateOnly(2026, 12, 18), (await DetailAsync(id)).DefaultFrom); // 12/15 + 2 working days of grace, in default the working day after

        SetToday(new DateOnly(2026, 12, 17));
        Assert.False((await DetailAsync(id)).InDefault);
        Assert.Equal(0, (await Plans.CountsAsync()).InDefault);

        SetToday(new DateOnly(2026, 12, 18));
        Assert.True((await DetailAsync(id)).InDefault);
        Assert.Equal(1, (await Plans.CountsAsync()).InDefault);
    }

    [Fact]
    public async Task RemainderOnLast_TheLastInstallmentTakesTheOddDollars_InTheCheckAndTheSubmittedPlan()
    {
        var input = Oral() with { FirstPaymentAmount = 14_401 }; // 71,999 left over five installments: 14,399 each and 4 over
        long[] expected = [14_401, 14_399, 14_399, 14_399, 14_399, 14_403];

        var check = (await Plans.CheckAsync(Lin, CaseId, input)).Value;
        var id = await SubmitAsync(input);

        Assert.Equal(expected, check.Schedule.Select(l => l.Amount));
        Assert.Equal(expected, (await DetailAsync(id)).Lines.Select(l => l.Amount));
        Assert.Equal(86_400, (await DetailAsync(id)).Lines.Sum(l => l.Amount));
    }

    [Fact]
    public async Task ReminderLeadOfThreeWorkingDays_NoneFourWorkingDaysBefore_OneThreeWorkingDaysBefore()
    {
        var calendar = await Domain.Get<CalendarService>().GetAsync();
        var id = await ApprovedPlanAsync(); // installment 2 due Tuesday 12/15, nothing paid towards it
        var scan = Domain.Get<ReminderService>();
        Assert.Equal(new DateOnly(2026, 12, 15), calendar.AddWorkingDays(new DateOnly(2026, 12, 10), 3));
        Assert.Equal(4, calendar.CountWorkingDays(new DateOnly(2026, 12, 9), new DateOnly(2026, 12, 15)));

        SetToday(new DateOnly(2026, 12, 9)); // four working days before (the default of five would remind already)
        await scan.ScanAsync();
        Assert.Empty(await DueSoonAsync(id));

        SetToday(new DateOnly(2026, 12, 10)); // three working days before
        await scan.ScanAsync();
        await scan.ScanAsync();
        var reminder = Assert.Single(await DueSoonAsync(id));
        Assert.Equal(new DateOnly(2026, 12, 15), reminder.DueOn);
    }

    private async Task<List<Reminder>> DueSoonAsync(int planId)
    {
        await using var db = await Domain.Db.OpenReadOnlyAsync();
        return await db.Reminders.Where(r => r.ItemType == "InstallmentPlan" && r.ItemId == planId && r.Stage == ReminderStage.DueSoon).ToListAsync();
    }
}
