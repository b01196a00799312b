using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Petitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Dashboard;

/// <summary>One line of a clerk's desk: something with a deadline that is theirs to do.</summary>
/// <param name="StateKey">The resource key of the item's state (the page shows it in the user's language).</param>
public sealed record DeskItem(string Kind, int Id, string Number, string Title, string StateKey, DateOnly DueOn, DeadlineStatus Status, int WorkingDaysLeft, string Link);

/// <summary>What one of the desk's cards counts; its link opens the desk's own list showing exactly those items.</summary>
public enum DeskFilter
{
    /// <summary>Everything on my desk.</summary>
    All,

    /// <summary>Chip 即將到期.</summary>
    DueSoon,

    /// <summary>Past its date, whatever the kind: the red and purple chips (已逾期, 逾期未聯繫, 逾期已聯繫).</summary>
    Overdue,

    /// <summary>Chip 逾期未聯繫: a petition past its date without an interim contact in time.</summary>
    Breach,
}

public sealed record MyDesk(IReadOnlyList<DeskItem> Mine, IReadOnlyList<DeskItem> UnassignedInMyUnit)
{
    public static readonly MyDesk Empty = new([], []);

    public static bool Matches(DeskItem item, DeskFilter filter) => filter switch
    {
        DeskFilter.DueSoon => item.Status == DeadlineStatus.DueSoon,
        DeskFilter.Overdue => item.Status is DeadlineStatus.Overdue or DeadlineStatus.Breach or DeadlineStatus.LateWithInterimContact,
        DeskFilter.Breach => item.Status == DeadlineStatus.Breach,
        _ => true,
    };

    /// <summary>The number a card shows: the same items <see cref="Showing"/> lists.</summary>
    public int Count(DeskFilter filter) => Mine.Count(i => Matches(i, filter));

    public IReadOnlyList<DeskItem> Showing(DeskFilter filter) => filter == DeskFilter.All ? Mine : Mine.Where(i => Matches(i, filter)).ToList();
}

/// <summary>A clerk's home page: everything assigned to them, in deadline order, with the same chips as every list.</summary>
public sealed class MyDeskService(CaseDeskDbFactory dbFactory, CalendarService calendars, IOptions<PetitionPolicyOptions> policy, IOptions<Installments.InstallmentOptions> installmentOptions)
{
    public const int MaxItems = 200;

    /// <summary>A rejected application stays on its clerk's desk this many working days after the decision (to tell the obligor, resume enforcement or take a new application).</summary>
    public const int RejectionShownWorkingDays = 5;

    public async Task<MyDesk> GetAsync(Actor actor, CancellationToken ct = default)
    {
        var today = TaipeiTime.Today(dbFactory.Clock);
        var calendar = await calendars.GetAsync(ct);
        var warnLimit = calendar.AddWorkingDays(today, policy.Value.WarningWorkingDays);
        if (actor.StaffId is not { } me)
        {
            return MyDesk.Empty;
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var open = db.Petitions.Where(PetitionDeadlineFilter.Open);
        var mine = await open.Where(p => p.HandlerId == me).OrderBy(p => p.DueOn).ThenBy(p => p.Id).Take(MaxItems)
            .Select(p => new { p.Id, p.Number, p.Subject, p.State, p.DueOn, p.HasExtension, p.FirstInterimContactOn })
            .ToListAsync(ct);
        var unit = actor.UnitId ?? -1;
        var unassigned = await open.Where(p => p.HandlerId == null && p.UnitId == unit).OrderBy(p => p.DueOn).Take(MaxItems)
            .Select(p => new { p.Id, p.Number, p.Subject, p.State, p.DueOn, p.HasExtension, p.FirstInterimContactOn })
            .ToListAsync(ct);

        DeskItem ToItem(int id, string number, string subject, PetitionState state, DateOnly due, bool extended, DateOnly? contact) =>
            new("Petition", id, number, subject, $"PetitionState.{state}", due,
                Petition.StatusOn(today, warnLimit, state, due, extended, contact), calendar.CountWorkingDays(today, due), $"/petitions/{id}");

        var items = mine.Select(p => ToItem(p.Id, p.Number, p.Subject, p.State, p.DueOn, p.HasExtension, p.FirstInterimContactOn)).ToList();

        // Installment plans of my cases: an installment due soon with nothing paid, or the plan in default.
        var remindFrom = calendar.AddWorkingDays(today, installmentOptions.Value.ReminderWorkingDaysBefore);
        var now = dbFactory.Clock.GetUtcNow().UtcDateTime;
        var plans = await (from p in db.InstallmentPlans.Where(Installments.PlanAttention.DueSoonOrInDefault(today, remindFrom))
                           join c in db.Cases on p.CaseId equals c.Id
                           where c.ResponsibleClerkId == me
                           orderby p.OldestUnpaidDueOn
                           select new { p.Id, c.CaseNumber, c.ObligorName, Due = p.OldestUnpaidDueOn!.Value, p.DefaultFrom })
            .Take(MaxItems).ToListAsync(ct);
        items.AddRange(plans.Select(p =>
        {
            // In default through a dishonoured cheque before any installment is late: dated by the default, not the next installment.
            var due = p.DefaultFrom is { } from && from <= today && from < p.Due ? from : p.Due;
            return new DeskItem("InstallmentPlan", p.Id, p.CaseNumber, p.ObligorName, "PlanState.Active", due,
                p.DefaultFrom <= today ? DeadlineStatus.Overdue : due <= remindFrom ? DeadlineStatus.DueSoon : DeadlineStatus.OnTrack,
                calendar.CountWorkingDays(today, due), $"/installments/{p.Id}");
        }));

        // Installment applications I took: awaiting approval (dated by the first installment the schedule still expects),
        // and rejected ones for a few working days after the decision, unless the case has a newer application since.
        var submitted = Installments.PlanState.Submitted;
        var rejected = Installments.PlanState.Rejected;
        var rejectedSince = now.AddDays(-31); // more than RejectionShownWorkingDays working days, even over Lunar New Year
        var applications = await (from p in db.InstallmentPlans
                                  join c in db.Cases on p.CaseId equals c.Id
                                  where p.PreparedByStaffId == me
                                      && (p.State == submitted || (p.State == rejected && p.DecidedAtUtc >= rejectedSince && !db.InstallmentPlans.Any(o => o.CaseId == p.CaseId && o.Id > p.Id)))
                                  orderby p.Id
                                  select new
                                  {
                                      p.Id,
                                      p.State,
                                      c.CaseNumber,
                                      c.ObligorName,
                                      p.AppliedOn,
                                      p.DecidedAtUtc,
                                      p.RejectionReason,
                                      FirstDue = p.Installments.Where(i => !(i.Number == 1 && p.FirstPaidOnApplication > 0)).Min(i => (DateOnly?)i.DueOn),
                                  })
            .Take(MaxItems).ToListAsync(ct);
        foreach (var a in applications)
        {
            if (a.State == submitted)
            {
                var due = a.FirstDue ?? a.AppliedOn;
                items.Add(new DeskItem("InstallmentPlan", a.Id, a.CaseNumber, a.ObligorName, "PlanState.Submitted", due,
                    due < today ? DeadlineStatus.Overdue : due <= remindFrom ? DeadlineStatus.DueSoon : DeadlineStatus.OnTrack,
                    calendar.CountWorkingDays(today, due), $"/installments/{a.Id}"));
                continue;
            }

            var followUp = calendar.AddWorkingDays(DateOnly.FromDateTime(TaipeiTime.ToLocal(a.DecidedAtUtc!.Value)), RejectionShownWorkingDays);
            if (followUp >= today)
            {
                items.Add(new DeskItem("InstallmentPlan", a.Id, a.CaseNumber, a.RejectionReason is { Length: > 0 } reason ? $"{a.ObligorName}：{reason}" : a.ObligorName, "PlanState.Rejected", followUp,
                    followUp <= warnLimit ? DeadlineStatus.DueSoon : DeadlineStatus.OnTrack, calendar.CountWorkingDays(today, followUp), $"/installments/{a.Id}"));
            }
        }

        // After-hours calls to call back (due by noon of the next working day).
        var callbackOpen = Calls.CallState.CallbackOpen;
        var callbacks = await db.AfterHoursCalls.Where(c => c.AssignedStaffId == me && c.State == callbackOpen)
            .OrderBy(c => c.CallbackDueAtUtc).Take(MaxItems)
            .Select(c => new { c.Id, c.Number, c.CallerName, c.Phone, c.Urgency, Due = c.CallbackDueOn!.Value, DueAt = c.CallbackDueAtUtc!.Value })
            .ToListAsync(ct);
        items.AddRange(callbacks.Select(c => new DeskItem("AfterHoursCall", c.Id, c.Number, $"{c.CallerName ?? "—"} {PhoneNumber.Mask(c.Phone)}".Trim(), "CallState.CallbackOpen", c.Due,
            c.DueAt < now ? DeadlineStatus.Overdue : c.Due <= calendar.NextWorkingDay(today) || c.Urgency == Calls.CallUrgency.Urgent ? DeadlineStatus.DueSoon : DeadlineStatus.OnTrack,
            calendar.CountWorkingDays(today, c.Due), $"/calls/{c.Id}")));
        // Welfare referrals: a partner's acknowledgement that is due or late, and follow-ups that have come (or come within the warning window).
        var sentState = Referrals.ReferralState.Sent;
        var acknowledged = Referrals.ReferralState.Acknowledged;
        var inService = Referrals.ReferralState.InService;
        var referrals = await db.Referrals.Where(r => r.ClerkStaffId == me
                && ((r.State == sentState && r.AckDueOn <= warnLimit)
                    || ((r.State == sentState || r.State == acknowledged || r.State == inService) && r.FollowUpOn <= warnLimit)))
            .OrderBy(r => r.AckDueOn).Take(MaxItems)
            .Select(r => new { r.Id, r.Number, r.ObligorName, r.State, r.AckDueOn, r.FollowUpOn })
            .ToListAsync(ct);
        items.AddRange(referrals.Select(r =>
        {
            var due = r.State == sentState && r.AckDueOn is { } ack && (r.FollowUpOn is not { } f || ack <= f) ? ack : r.FollowUpOn ?? r.AckDueOn!.Value;
            return new DeskItem("Referral", r.Id, r.Number, r.ObligorName, $"ReferralState.{r.State}", due,
                due < today ? DeadlineStatus.Overdue : due <= warnLimit ? DeadlineStatus.DueSoon : DeadlineStatus.OnTrack,
                calendar.CountWorkingDays(today, due), $"/referrals/{r.Id}");
        }));
        // My cases whose deferral (暫緩執行) ends soon or has ended: resume enforcement or extend it.
        var deferred = Cases.CaseStatus.Deferred;
        var deferrals = await db.Cases.Where(c => c.ResponsibleClerkId == me && c.Status == deferred && c.DeferredUntil != null && c.DeferredUntil <= warnLimit)
            .OrderBy(c => c.DeferredUntil).Take(MaxItems)
            .Select(c => new { c.Id, c.CaseNumber, c.ObligorName, Until = c.DeferredUntil!.Value })
            .ToListAsync(ct);
        items.AddRange(deferrals.Select(c => new DeskItem("CaseDeferral", c.Id, c.CaseNumber, c.ObligorName, "CaseStatus.Deferred", c.Until,
            c.Until < today ? DeadlineStatus.Overdue : DeadlineStatus.DueSoon, calendar.CountWorkingDays(today, c.Until), $"/cases/{c.Id}")));
        items = items.OrderBy(i => i.DueOn).ThenBy(i => i.Kind == "AfterHoursCall" ? 0 : 1).ToList();
        return new MyDesk(items, unassigned.Select(p => ToItem(p.Id, p.Number, p.Subject, p.State, p.DueOn, p.HasExtension, p.FirstInterimContactOn)).ToList());
    }
}
