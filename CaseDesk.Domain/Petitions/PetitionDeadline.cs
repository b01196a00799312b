using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Petitions;

public enum DeadlineCounting
{
    WorkingDays,
    CalendarDays,
}

/// <summary>The "Petitions" section of appsettings.json: how the written-reply deadline is counted.</summary>
public sealed class PetitionPolicyOptions
{
    public const string SectionName = "Petitions";

    /// <summary>The reply is due within this many days (行政院暨所屬各機關處理人民陳情案件要點: 6).</summary>
    public int DeadlineDays { get; set; } = 6;

    public DeadlineCounting Counting { get; set; } = DeadlineCounting.WorkingDays;

    /// <summary>Count the day of receipt as day one (default: counting starts the next day).</summary>
    public bool CountReceiptDay { get; set; }

    /// <summary>A complex case may be extended to this many days with the section chief's approval.</summary>
    public int SectionChiefExtensionDays { get; set; } = 15;

    /// <summary>Beyond the section chief's extension only the Director may extend, up to this many days.</summary>
    public int MaxDirectorExtensionDays { get; set; } = 60;

    /// <summary>A petition is "due soon" this many working days before its due date (and on it).</summary>
    public int WarningWorkingDays { get; set; } = 2;
}

public enum DeadlineStepKind
{
    Received,
    Counted,
    Skipped,
    Due,
}

/// <summary>One line of the explanation a clerk reads: which day counted, which was skipped and why.</summary>
public sealed record DeadlineStep(DateOnly Date, DeadlineStepKind Kind, int? DayNumber, string Note);

/// <summary>What a petition's deadline is counted from: its receipt, or the day it was reopened after closing.</summary>
public enum DeadlineStart
{
    Receipt,
    Reopen,
}

/// <param name="ReceivedOn">The day counting starts from: the receipt date, or the reopening day (see <see cref="DeadlineStart"/>).</param>
/// <param name="CountFrom">That day moved to the next working day when it was not one.</param>
public sealed record DeadlineComputation(DateOnly ReceivedOn, DateOnly CountFrom, DateOnly DueOn, int Days, IReadOnlyList<DeadlineStep> Steps, string Rule);

/// <summary>Computes a petition's due date under the office's policy and explains it day by day.</summary>
public static class PetitionDeadline
{
    /// <param name="receivedOn">The day counting starts from: the receipt, or for a reopened petition the day it was reopened.</param>
    public static DeadlineComputation Compute(DateOnly receivedOn, int days, PetitionPolicyOptions policy, WorkingCalendar calendar, DeadlineStart start = DeadlineStart.Receipt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var label = start == DeadlineStart.Reopen ? "重新開啟" : "收文";
        var steps = new List<DeadlineStep> { new(receivedOn, DeadlineStepKind.Received, null, $"{label}（{Describe(calendar, receivedOn)}）") };
        return policy.Counting == DeadlineCounting.WorkingDays
            ? WorkingDays(receivedOn, days, policy, calendar, steps, label)
            : CalendarDays(receivedOn, days, policy, calendar, steps, label);
    }

    private static DeadlineComputation WorkingDays(DateOnly receivedOn, int days, PetitionPolicyOptions policy, WorkingCalendar calendar, List<DeadlineStep> steps, string label)
    {
        // Receipt on a non-working day counts as receipt on the next working day.
        var effective = calendar.WorkingDayOnOrAfter(receivedOn);
        for (var d = receivedOn.AddDays(1); d < effective; d = d.AddDays(1))
        {
            steps.Add(new(d, DeadlineStepKind.Skipped, null, $"非上班日，{label}順延（{Describe(calendar, d)}）"));
        }

        if (effective != receivedOn)
        {
            steps.Add(new(effective, policy.CountReceiptDay ? DeadlineStepKind.Counted : DeadlineStepKind.Skipped, policy.CountReceiptDay ? 1 : null, $"視為{label}日"));
        }

        var counted = 0;
        var day = effective;
        if (policy.CountReceiptDay)
        {
            counted = 1;
            if (effective == receivedOn)
            {
                steps[0] = steps[0] with { Kind = DeadlineStepKind.Counted, DayNumber = 1, Note = steps[0].Note + "，計為第 1 日" };
            }
        }

        while (counted < days)
        {
            day = day.AddDays(1);
            var info = calendar.Describe(day);
            if (info.IsWorkingDay)
            {
                counted++;
                steps.Add(new(day, DeadlineStepKind.Counted, counted, info.IsMakeUpWorkday ? $"第 {counted} 個工作日（{info.Description}）" : $"第 {counted} 個工作日"));
            }
            else
            {
                steps.Add(new(day, DeadlineStepKind.Skipped, null, $"不計（{Describe(calendar, day)}）"));
            }
        }

        MarkDue(steps, day);
        var rule = $"{days} 個工作日，{(policy.CountReceiptDay ? $"{label}當日起算" : $"自{label}次日起算")}；非上班日{label}者，以次一上班日為{label}日";
        return new DeadlineComputation(receivedOn, effective, day, days, steps, rule);
    }

    private static DeadlineComputation CalendarDays(DateOnly receivedOn, int days, PetitionPolicyOptions policy, WorkingCalendar calendar, List<DeadlineStep> steps, string label)
    {
        var last = receivedOn.AddDays(policy.CountReceiptDay ? days - 1 : days);
        for (var d = receivedOn.AddDays(1); d <= last; d = d.AddDays(1))
        {
            var n = d.DayNumber - receivedOn.DayNumber + (policy.CountReceiptDay ? 1 : 0);
            steps.Add(new(d, DeadlineStepKind.Counted, n, $"第 {n} 日（{Describe(calendar, d)}）"));
        }

        // 行政程序法 §48: a period ending on a day off ends on the next working day.
        var due = calendar.WorkingDayOnOrAfter(last);
        for (var d = last.AddDays(1); d <= due; d = d.AddDays(1))
        {
            steps.Add(new(d, DeadlineStepKind.Skipped, null, d == due ? "末日為休息日，順延至此" : $"順延（{Describe(calendar, d)}）"));
        }

        MarkDue(steps, due);
        var rule = $"{days} 日（日曆天），{(policy.CountReceiptDay ? $"{label}當日起算" : $"自{label}次日起算")}；末日為休息日者順延至次一上班日";
        return new DeadlineComputation(receivedOn, receivedOn, due, days, steps, rule);
    }

    private static void MarkDue(List<DeadlineStep> steps, DateOnly due)
    {
        var i = steps.FindLastIndex(s => s.Date == due);
        steps[i] = steps[i] with { Kind = DeadlineStepKind.Due, Note = steps[i].Note + "：函復期限" };
    }

    private static string Describe(WorkingCalendar calendar, DateOnly date)
    {
        var info = calendar.Describe(date);
        var weekday = "星期" + RocDate.WeekdayName(date);
        if (info.Description.Length > 0)
        {
            return $"{weekday}，{info.Description}";
        }

        return info.IsWorkingDay ? weekday : $"{weekday}，休息日";
    }
}
