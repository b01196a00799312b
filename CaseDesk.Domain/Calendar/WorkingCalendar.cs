using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Calendar;

/// <summary>What the calendar says of one date.</summary>
/// <param name="IsKnown">False when the date lies outside every imported year: weekends are then assumed to be the only holidays.</param>
public readonly record struct DayInfo(DateOnly Date, bool IsWorkingDay, string Description, bool IsKnown)
{
    public bool IsMakeUpWorkday => IsWorkingDay && Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}

/// <summary>
/// An immutable snapshot of the office calendar: the one place that knows which days are working
/// days. Every deadline in CaseDesk is computed through it.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>Guards the day-walking loops against a calendar with no working days at all.</summary>
    private const int MaxDaysScanned = 3660;

    private readonly Dictionary<DateOnly, (bool IsHoliday, string Description)> _days;

    public WorkingCalendar(IEnumerable<(DateOnly Date, bool IsHoliday, string Description)> days, OfficeHoursOptions? hours = null)
    {
        _days = days.ToDictionary(d => d.Date, d => (d.IsHoliday, d.Description));
        Hours = hours ?? new OfficeHoursOptions();
        FirstKnownDate = _days.Count == 0 ? null : _days.Keys.Min();
        LastKnownDate = _days.Count == 0 ? null : _days.Keys.Max();
    }

    public OfficeHoursOptions Hours { get; }

    public DateOnly? FirstKnownDate { get; }

    public DateOnly? LastKnownDate { get; }

    public DayInfo Describe(DateOnly date)
    {
        if (_days.TryGetValue(date, out var day))
        {
            return new DayInfo(date, !day.IsHoliday, day.Description, true);
        }

        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return new DayInfo(date, !weekend, weekend ? "週末" : "", false);
    }

    public bool IsWorkingDay(DateOnly date) => Describe(date).IsWorkingDay;

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date) => WorkingDayOnOrAfter(date.AddDays(1));

    /// <summary><paramref name="date"/> itself when it is a working day, else the next one.</summary>
    public DateOnly WorkingDayOnOrAfter(DateOnly date)
    {
        for (var i = 0; i < MaxDaysScanned; i++)
        {
            var d = date.AddDays(i);
            if (IsWorkingDay(d))
            {
                return d;
            }
        }

        throw new InvalidOperationException($"No working day within {MaxDaysScanned} days of {date:yyyy-MM-dd}.");
    }

    /// <summary>
    /// The <paramref name="count"/>-th working day after <paramref name="start"/> (start itself not counted).
    /// A count of zero returns the start when it is a working day, else the next working day.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return WorkingDayOnOrAfter(start);
        }

        var d = start;
        for (var found = 0; found < count;)
        {
            d = NextWorkingDay(d);
            found++;
        }

        return d;
    }

    /// <summary>Working days in (<paramref name="after"/>, <paramref name="upTo"/>]; negative when upTo lies before after.</summary>
    public int CountWorkingDays(DateOnly after, DateOnly upTo)
    {
        if (upTo == after)
        {
            return 0;
        }

        var (from, to, sign) = upTo > after ? (after, upTo, 1) : (upTo, after, -1);
        var n = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                n++;
            }
        }

        return n * sign;
    }

    public IEnumerable<DayInfo> Range(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            yield return Describe(d);
        }
    }

    /// <summary>Within office hours on a working day (Asia/Taipei).</summary>
    public bool IsOfficeHours(DateTime utc)
    {
        var local = TaipeiTime.ToLocal(utc);
        var time = TimeOnly.FromDateTime(local);
        return IsWorkingDay(DateOnly.FromDateTime(local)) && time >= Hours.OpensAt && time < Hours.ClosesAt;
    }

    /// <summary>Within the lunch-hour service (中午不打烊) on a working day.</summary>
    public bool IsLunchHour(DateTime utc)
    {
        var local = TaipeiTime.ToLocal(utc);
        var time = TimeOnly.FromDateTime(local);
        return IsWorkingDay(DateOnly.FromDateTime(local)) && time >= Hours.LunchStartsAt && time < Hours.LunchEndsAt;
    }

    /// <summary>When the office next opens at or after <paramref name="utc"/>, as a UTC instant.</summary>
    public DateTime NextOpening(DateTime utc)
    {
        if (IsOfficeHours(utc))
        {
            return utc;
        }

        var local = TaipeiTime.ToLocal(utc);
        var today = DateOnly.FromDateTime(local);
        var day = IsWorkingDay(today) && TimeOnly.FromDateTime(local) < Hours.OpensAt ? today : NextWorkingDay(today);
        return TaipeiTime.ToUtc(day, Hours.OpensAt);
    }
}
