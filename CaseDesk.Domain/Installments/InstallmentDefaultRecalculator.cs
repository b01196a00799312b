using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Installments;

/// <summary>A changed calendar moves the grace period's end: the default day of every active plan is recomputed.</summary>
public sealed class InstallmentDefaultRecalculator(IOptions<InstallmentOptions> options) : ICalendarChangeHandler
{
    public async Task OnCalendarChangedAsync(CaseDeskDbContext db, IReadOnlyCollection<DateOnly> changedDates, WorkingCalendar calendar, CancellationToken ct)
    {
        var first = changedDates.Min();
        var plans = await db.InstallmentPlans.Include(p => p.Installments).Include(p => p.Payments).Include(p => p.Cheques)
            .Where(p => p.State == PlanState.Active && p.DefaultFrom != null && p.DefaultFrom >= first)
            .ToListAsync(ct);
        foreach (var plan in plans)
        {
            plan.Recalculate(options.Value.GraceWorkingDays, calendar);
        }
    }
}
