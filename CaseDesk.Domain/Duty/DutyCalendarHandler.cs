using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Duty;

/// <summary>
/// When a day of the office calendar changes (a typhoon day off, a new make-up Saturday), every roster
/// generated over it is regenerated from that day on, in the same transaction: the holiday's turn moves
/// to the next working day instead of being lost, a make-up Saturday gets somebody.
/// </summary>
public sealed class DutyCalendarHandler : ICalendarChangeHandler
{
    public async Task OnCalendarChangedAsync(CaseDeskDbContext db, IReadOnlyCollection<DateOnly> changedDates, WorkingCalendar calendar, CancellationToken ct)
    {
        var now = TaipeiTime.ToLocal(db.Clock.GetUtcNow().UtcDateTime);
        var firstChangeable = TimeOnly.FromDateTime(now) < calendar.Hours.LunchStartsAt ? DateOnly.FromDateTime(now) : DateOnly.FromDateTime(now).AddDays(1);
        var future = changedDates.Where(d => d >= firstChangeable).ToList();
        if (future.Count == 0)
        {
            return;
        }

        var from = future.Min();
        var pools = await db.DutyPools.Include(p => p.Members).Where(p => p.GeneratedThrough >= from).ToListAsync(ct);
        var notes = new Notifications.DirectNotifications(db, db.Clock.GetUtcNow().UtcDateTime);
        var why = string.Join("、", future.Order().Take(3).Select(d => $"{RocDate.Format(d)}{(calendar.IsWorkingDay(d) ? "改為上班日" : "改為放假")}"));
        foreach (var pool in pools)
        {
            // Never before the pool's roster starts: a change before it creates no days nobody asked for.
            var first = await db.DutyAssignments.Where(a => a.PoolId == pool.Id).MinAsync(a => (DateOnly?)a.Date, ct);
            var start = first is { } f && f > from ? f : from;
            var outcome = await DutyRoster.RegenerateAsync(db, pool, start, pool.GeneratedThrough!.Value, calendar, "行事曆異動：" + why, ct);
            await DutyService.NotifyChangedAsync(notes, pool, outcome.Affected, ct);
        }

        // The bells ring when the calendar's transaction commits.
        db.NoteChanged(nameof(Notifications.Notification));
    }
}
