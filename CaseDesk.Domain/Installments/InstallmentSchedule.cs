using CaseDesk.Domain.Calendar;

namespace CaseDesk.Domain.Installments;

public sealed record ScheduleLine(int Number, DateOnly DueOn, long Amount);

/// <summary>Monthly installments in whole dollars that add up exactly to the amount owed.</summary>
public static class InstallmentSchedule
{
    /// <param name="firstPaidOnApplication">Paid at the counter on the day of application: installment 1, due that day.</param>
    /// <param name="dayOfMonth">Later installments fall on this day of each following month (the month's last day when shorter), moved to the next working day.</param>
    public static IReadOnlyList<ScheduleLine> Build(long amount, int count, DateOnly appliedOn, long? firstPaidOnApplication, int dayOfMonth, RemainderPlacement remainderOn, WorkingCalendar calendar)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var lines = new List<ScheduleLine>();
        var rest = amount;
        var monthly = count;
        if (firstPaidOnApplication is { } first and > 0)
        {
            lines.Add(new ScheduleLine(1, appliedOn, first));
            rest -= first;
            monthly--;
        }

        if (monthly == 0)
        {
            return lines;
        }

        var each = rest / monthly;
        var remainder = rest - (each * monthly);
        for (var i = 0; i < monthly; i++)
        {
            var month = new DateOnly(appliedOn.Year, appliedOn.Month, 1).AddMonths(i + 1);
            var day = Math.Min(dayOfMonth, DateTime.DaysInMonth(month.Year, month.Month));
            var due = calendar.WorkingDayOnOrAfter(new DateOnly(month.Year, month.Month, day));
            var isRemainderLine = remainderOn == RemainderPlacement.First ? i == 0 : i == monthly - 1;
            lines.Add(new ScheduleLine(lines.Count + 1, due, each + (isRemainderLine ? remainder : 0)));
        }

        return lines;
    }
}
