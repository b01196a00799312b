using System.Linq.Expressions;

namespace CaseDesk.Domain.Installments;

/// <summary>The plans a clerk must act on, as one SQL predicate: My desk and the morning digest list the same ones.</summary>
public static class PlanAttention
{
    /// <summary>
    /// A running plan with an installment unpaid that falls due by <paramref name="remindFrom"/> (the reminder window,
    /// Installments:ReminderWorkingDaysBefore working days ahead), or in default today.
    /// </summary>
    public static Expression<Func<InstallmentPlan, bool>> DueSoonOrInDefault(DateOnly today, DateOnly remindFrom) =>
        p => p.State == PlanState.Active && p.OldestUnpaidDueOn != null && (p.OldestUnpaidDueOn <= remindFrom || p.DefaultFrom <= today);

    /// <summary>A running plan in default today (the supervisors' concern).</summary>
    public static Expression<Func<InstallmentPlan, bool>> InDefault(DateOnly today) =>
        p => p.State == PlanState.Active && p.DefaultFrom != null && p.DefaultFrom <= today;
}
