using System.Linq.Expressions;

namespace CaseDesk.Domain.Petitions;

/// <summary>
/// The deadline chips as SQL predicates, so lists and dashboard counts filter in the database with the
/// same rules <see cref="Petition.StatusOn"/> applies to one row. <see cref="DeadlineStatus.Overdue"/> is no chip
/// of its own: it is every open petition past its due date, late with an interim contact or a breach alike —
/// what the dashboard's "已逾期" card counts and links to.
/// </summary>
public static class PetitionDeadlineFilter
{
    public static Expression<Func<Petition, bool>> Open =>
        p => p.State != PetitionState.Replied && p.State != PetitionState.Closed && p.State != PetitionState.Transferred && p.State != PetitionState.FiledWithoutAction;

    public static IQueryable<Petition> WhereStatus(this IQueryable<Petition> petitions, DeadlineStatus status, DateOnly today, DateOnly warnLimit)
    {
        if (status == DeadlineStatus.Done)
        {
            return petitions.Where(p => p.State == PetitionState.Replied || p.State == PetitionState.Closed || p.State == PetitionState.Transferred || p.State == PetitionState.FiledWithoutAction);
        }

        var open = petitions.Where(Open);
        return status switch
        {
            DeadlineStatus.Overdue => open.Where(p => p.DueOn < today),
            DeadlineStatus.Breach => open.Where(p => p.DueOn < today && (p.FirstInterimContactOn == null || p.FirstInterimContactOn > p.DueOn)),
            DeadlineStatus.LateWithInterimContact => open.Where(p => p.DueOn < today && p.FirstInterimContactOn != null && p.FirstInterimContactOn <= p.DueOn),
            DeadlineStatus.Extended => open.Where(p => p.DueOn >= today && p.HasExtension),
            DeadlineStatus.DueSoon => open.Where(p => p.DueOn >= today && !p.HasExtension && p.DueOn <= warnLimit),
            DeadlineStatus.OnTrack => open.Where(p => !p.HasExtension && p.DueOn > warnLimit),
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No filter for this deadline status."),
        };
    }
}
