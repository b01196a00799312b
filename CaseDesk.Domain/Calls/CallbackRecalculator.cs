using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Calls;

/// <summary>
/// When a day of the office calendar changes, every open callback whose wait covers that day gets its due
/// time recomputed (a typhoon Monday moves it to Tuesday noon), in the calendar's transaction, audited.
/// </summary>
public sealed class CallbackRecalculator(IOptions<CallOptions> options) : ICalendarChangeHandler
{
    public async Task OnCalendarChangedAsync(CaseDeskDbContext db, IReadOnlyCollection<DateOnly> changedDates, WorkingCalendar calendar, CancellationToken ct)
    {
        var first = changedDates.Min();
        var last = changedDates.Max();
        var open = await db.AfterHoursCalls
            .Where(c => (c.State == CallState.CallbackOpen || c.State == CallState.Triage) && c.ReceivedOn <= last && c.CallbackDueOn >= first)
            .ToListAsync(ct);
        var why = string.Join("、", changedDates.Order().Take(3).Select(d => $"{RocDate.Format(d)}{(calendar.IsWorkingDay(d) ? "上班" : "放假")}"));
        foreach (var call in open)
        {
            var due = CallService.CallbackDue(call.ReceivedAtUtc, calendar, options.Value.CallbackDueTime, out var dueOn);
            call.Reschedule(due, dueOn, why);
        }
    }
}
