using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.Calendar;

public enum CalendarDaySource
{
    /// <summary>Shipped with CaseDesk from the government office calendar.</summary>
    Seed,

    /// <summary>From an imported 政府行政機關辦公日曆表 file.</summary>
    Import,

    /// <summary>Set by an admin (a typhoon day, a newly declared substitute holiday).</summary>
    Manual,
}

/// <summary>One day of the office calendar: working day or holiday, and why.</summary>
public sealed class CalendarDay : Entity
{
    public const int DescriptionMaxLength = 50;

    private CalendarDay()
    {
    }

    public DateOnly Date { get; private set; }

    public bool IsHoliday { get; private set; }

    public string Description { get; private set; } = "";

    public CalendarDaySource Source { get; private set; }

    public static CalendarDay Create(DateOnly date, bool isHoliday, string? description, CalendarDaySource source) =>
        new() { Date = date, IsHoliday = isHoliday, Description = Clean(description), Source = source };

    /// <summary>Returns true when something actually changed.</summary>
    public bool Set(bool isHoliday, string? description, CalendarDaySource source)
    {
        var clean = Clean(description);
        if (IsHoliday == isHoliday && Description == clean)
        {
            return false;
        }

        IsHoliday = isHoliday;
        Description = clean;
        Source = source;
        return true;
    }

    private static string Clean(string? description)
    {
        var s = (description ?? "").Trim();
        return s.Length > DescriptionMaxLength ? s[..DescriptionMaxLength] : s;
    }
}
