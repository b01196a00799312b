namespace CaseDesk.Domain.Calendar;

/// <summary>
/// The government office calendar for 2026 (民國115年) and 2027 (民國116年) as published on
/// data.gov.tw (dataset 14718): every day that differs from "weekdays work, weekends rest", and
/// every named weekend holiday. Shipped so a new installation counts deadlines correctly before
/// anyone imports a file; later years arrive through the calendar importer.
/// </summary>
public static class OfficeCalendarSeed
{
    public static readonly IReadOnlyList<int> Years = [2026, 2027];

    private static readonly (DateOnly Date, bool IsHoliday, string Description)[] Exceptions =
    [
        new(new DateOnly(2026, 1, 1), true, "開國紀念日"),
        new(new DateOnly(2026, 2, 15), true, "小年夜"),
        new(new DateOnly(2026, 2, 16), true, "農曆除夕"),
        new(new DateOnly(2026, 2, 17), true, "春節"),
        new(new DateOnly(2026, 2, 18), true, "春節"),
        new(new DateOnly(2026, 2, 19), true, "春節"),
        new(new DateOnly(2026, 2, 20), true, "補假"),
        new(new DateOnly(2026, 2, 27), true, "補假"),
        new(new DateOnly(2026, 2, 28), true, "和平紀念日"),
        new(new DateOnly(2026, 4, 3), true, "補假"),
        new(new DateOnly(2026, 4, 4), true, "兒童節"),
        new(new DateOnly(2026, 4, 5), true, "清明節"),
        new(new DateOnly(2026, 4, 6), true, "補假"),
        new(new DateOnly(2026, 5, 1), true, "勞動節"),
        new(new DateOnly(2026, 6, 19), true, "端午節"),
        new(new DateOnly(2026, 9, 25), true, "中秋節"),
        new(new DateOnly(2026, 9, 28), true, "孔子誕辰紀念日/教師節"),
        new(new DateOnly(2026, 10, 9), true, "補假"),
        new(new DateOnly(2026, 10, 10), true, "國慶日"),
        new(new DateOnly(2026, 10, 25), true, "臺灣光復暨金門古寧頭大捷紀念日"),
        new(new DateOnly(2026, 10, 26), true, "補假"),
        new(new DateOnly(2026, 12, 25), true, "行憲紀念日"),
        new(new DateOnly(2027, 1, 1), true, "開國紀念日"),
        new(new DateOnly(2027, 2, 4), true, "小年夜"),
        new(new DateOnly(2027, 2, 5), true, "農曆除夕"),
        new(new DateOnly(2027, 2, 6), true, "春節"),
        new(new DateOnly(2027, 2, 7), true, "春節"),
        new(new DateOnly(2027, 2, 8), true, "春節"),
        new(new DateOnly(2027, 2, 9), true, "補假"),
        new(new DateOnly(2027, 2, 10), true, "補假"),
        new(new DateOnly(2027, 2, 28), true, "和平紀念日"),
        new(new DateOnly(2027, 3, 1), true, "補假"),
        new(new DateOnly(2027, 4, 4), true, "兒童節"),
        new(new DateOnly(2027, 4, 5), true, "清明節"),
        new(new DateOnly(2027, 4, 6), true, "補假"),
        new(new DateOnly(2027, 4, 30), true, "補假"),
        new(new DateOnly(2027, 5, 1), true, "勞動節"),
        new(new DateOnly(2027, 6, 9), true, "端午節"),
        new(new DateOnly(2027, 9, 15), true, "中秋節"),
        new(new DateOnly(2027, 9, 28), true, "孔子誕辰紀念日/教師節"),
        new(new DateOnly(2027, 10, 10), true, "國慶日"),
        new(new DateOnly(2027, 10, 11), true, "補假"),
        new(new DateOnly(2027, 10, 25), true, "臺灣光復暨金門古寧頭大捷紀念日"),
        new(new DateOnly(2027, 12, 24), true, "補假"),
        new(new DateOnly(2027, 12, 25), true, "行憲紀念日"),
        new(new DateOnly(2027, 12, 31), true, "補假"),
    ];

    /// <summary>Every day of the seeded years.</summary>
    public static IEnumerable<(DateOnly Date, bool IsHoliday, string Description)> Days()
    {
        var exceptions = Exceptions.ToDictionary(e => e.Date);
        foreach (var year in Years)
        {
            for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
            {
                yield return exceptions.TryGetValue(d, out var e)
                    ? e
                    : (d, d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, "");
            }
        }
    }
}
