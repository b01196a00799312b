using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Referrals;

/// <summary>
/// When a day of the office calendar changes (a typhoon day), the acknowledgement deadlines and default
/// follow-up dates counted across it are counted again, in the calendar's transaction, audited.
/// A follow-up date the clerk chose is left alone.
/// </summary>
public sealed class ReferralDeadlineRecalculator(IOptions<ReferralOptions> options) : ICalendarChangeHandler
{
    public async Task OnCalendarChangedAsync(CaseDeskDbContext db, IReadOnlyCollection<DateOnly> changedDates, WorkingCalendar calendar, CancellationToken ct)
    {
        var first = changedDates.Min();
        var last = changedDates.Max();
        var open = await db.Referrals
            .Where(r => (r.State == ReferralState.Sent || r.State == ReferralState.Acknowledged || r.State == ReferralState.InService)
                && r.SentOn <= last && (r.AckDueOn >= first || (!r.FollowUpSetByClerk && r.FollowUpOn >= first)))
            .ToListAsync(ct);
        var why = string.Join("、", changedDates.Order().Take(3).Select(d => $"{RocDate.Format(d)}{(calendar.IsWorkingDay(d) ? "上班" : "放假")}"));
        foreach (var r in open)
        {
            r.Recount(calendar.AddWorkingDays(r.SentOn!.Value, options.Value.AcknowledgeWorkingDays), calendar.AddWorkingDays(r.SentOn.Value, options.Value.FollowUpWorkingDays), why);
        }
    }
}
