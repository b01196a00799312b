using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Petitions;

/// <summary>
/// When a day of the office calendar changes (a typhoon day, a new substitute holiday), every open
/// petition whose counting window (from <see cref="Petition.DeadlineCountsFrom"/> to its due date) covers
/// that day gets its due date recomputed, in the same transaction, with the reason in its audit trail.
/// </summary>
public sealed class PetitionDeadlineRecalculator(IOptions<PetitionPolicyOptions> policy) : ICalendarChangeHandler
{
    public async Task OnCalendarChangedAsync(CaseDeskDbContext db, IReadOnlyCollection<DateOnly> changedDates, WorkingCalendar calendar, CancellationToken ct)
    {
        var first = changedDates.Min();
        var last = changedDates.Max();
        var affected = await db.Petitions
            .Where(PetitionDeadlineFilter.Open)
            .Where(p => p.DeadlineCountsFrom <= last && p.DueOn >= first)
            .ToListAsync(ct);
        if (affected.Count == 0)
        {
            return;
        }

        var why = string.Join("、", changedDates.Order().Take(5).Select(d =>
        {
            var info = calendar.Describe(d);
            return $"{RocDate.Format(d)}{(info.IsWorkingDay ? "上班" : "放假")}{(info.Description.Length > 0 ? "：" + info.Description : "")}";
        })) + (changedDates.Count > 5 ? $" 等 {changedDates.Count} 天" : "");
        foreach (var petition in affected)
        {
            petition.Recompute(policy.Value, calendar, why);
        }
    }
}
