using CaseDesk.Domain.Calendar;
using CaseDesk.Tests.Support;

namespace CaseDesk.Tests.Domain.Calendar;

public sealed class WorkingCalendarTests
{
    private static WorkingCalendar FromFixture(string name)
    {
        var file = CalendarFileParser.Parse(Fixtures.Bytes(name)).Value;
        return new WorkingCalendar(file.Days.Select(d => (d.Date, d.IsHoliday, d.Description)));
    }

    private static readonly WorkingCalendar Seeded = new(OfficeCalendarSeed.Days());

    [Fact]
    public void AddWorkingDays_AcrossLunarNewYear2026_SkipsEveryHoliday()
    {
        var calendar = FromFixture("calendar/2026-q1.utf8bom.csv");

        // Received Friday 2/13: 2/14–2/22 are the New Year break, 2/27 a substitute holiday, 2/28 and 3/1 the weekend.
        var due = calendar.AddWorkingDays(new DateOnly(2026, 2, 13), 6);

        Assert.Equal(new DateOnly(2026, 3, 3), due);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 2, 20)));
        Assert.Equal("補假", calendar.Describe(new DateOnly(2026, 2, 27)).Description);
    }

    [Fact]
    public void AddWorkingDays_SaturdayMakeUpDay_Counts()
    {
        var calendar = FromFixture("calendar/2025-revised.big5.csv");

        var due = calendar.AddWorkingDays(new DateOnly(2025, 2, 6), 2);

        Assert.Equal(new DateOnly(2025, 2, 8), due);
        Assert.True(calendar.Describe(due).IsMakeUpWorkday);
    }

    [Fact]
    public void AddWorkingDays_RulesExample_MondayToTuesdayNextWeek() =>
        Assert.Equal(new DateOnly(2026, 12, 1), Seeded.AddWorkingDays(new DateOnly(2026, 11, 23), 6));

    [Fact]
    public void AddWorkingDays_Revised2025Holidays_AreSkipped()
    {
        var calendar = FromFixture("calendar/2025-revised.big5.csv");

        // Fri 9/26 → Mon 9/29 is the substitute for Teachers' Day → Tue 9/30.
        Assert.Equal(new DateOnly(2025, 9, 30), calendar.AddWorkingDays(new DateOnly(2025, 9, 26), 1));
        // Thu 10/23 → Fri 10/24 substitute holiday → Mon 10/27.
        Assert.Equal(new DateOnly(2025, 10, 27), calendar.AddWorkingDays(new DateOnly(2025, 10, 23), 1));
    }

    [Fact]
    public void NextWorkingDay_FromWeekendOrHoliday()
    {
        Assert.Equal(new DateOnly(2026, 11, 30), Seeded.NextWorkingDay(new DateOnly(2026, 11, 28)));
        Assert.Equal(new DateOnly(2026, 11, 30), Seeded.WorkingDayOnOrAfter(new DateOnly(2026, 11, 28)));
        Assert.Equal(new DateOnly(2026, 11, 25), Seeded.WorkingDayOnOrAfter(new DateOnly(2026, 11, 25)));
        Assert.Equal(new DateOnly(2026, 2, 23), Seeded.NextWorkingDay(new DateOnly(2026, 2, 13)));
    }

    [Fact]
    public void CountWorkingDays_BothDirections()
    {
        Assert.Equal(6, Seeded.CountWorkingDays(new DateOnly(2026, 11, 23), new DateOnly(2026, 12, 1)));
        Assert.Equal(-6, Seeded.CountWorkingDays(new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 23)));
        Assert.Equal(0, Seeded.CountWorkingDays(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public void Seed_WorkingDayTotals_MatchThePublishedCalendar()
    {
        Assert.Equal(245, Seeded.Range(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)).Count(d => d.IsWorkingDay));
        Assert.Equal(244, Seeded.Range(new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)).Count(d => d.IsWorkingDay));
    }

    [Fact]
    public void Describe_OutsideKnownYears_AssumesWeekendsAndSaysSo()
    {
        var day = Seeded.Describe(new DateOnly(2030, 1, 5));

        Assert.False(day.IsKnown);
        Assert.False(day.IsWorkingDay);
    }

    [Theory]
    [InlineData("2026-11-25T04:45:00Z", true, true)]   // 12:45 Taipei, Wednesday
    [InlineData("2026-11-25T00:29:00Z", false, false)] // 08:29
    [InlineData("2026-11-25T00:30:00Z", true, false)]  // 08:30
    [InlineData("2026-11-25T09:30:00Z", false, false)] // 17:30
    [InlineData("2026-11-28T04:45:00Z", false, false)] // Saturday lunch time
    public void OfficeHoursAndLunch_InTaipeiTime(string utc, bool office, bool lunch)
    {
        var instant = DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

        Assert.Equal(office, Seeded.IsOfficeHours(instant));
        Assert.Equal(lunch, Seeded.IsLunchHour(instant));
    }

    [Fact]
    public void NextOpening_SaturdayMorning_IsMonday0830()
    {
        var saturday1005 = new DateTime(2026, 11, 28, 2, 5, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2026, 11, 30, 0, 30, 0, DateTimeKind.Utc), Seeded.NextOpening(saturday1005));
    }
}
