using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;

namespace CaseDesk.Tests.Domain.Petitions;

public sealed class PetitionDeadlineTests
{
    private static readonly PetitionPolicyOptions Default = new();
    private static readonly WorkingCalendar Seeded = new(OfficeCalendarSeed.Days());

    private static WorkingCalendar FromFixture(string name)
    {
        var file = CalendarFileParser.Parse(Fixtures.Bytes(name)).Value;
        return new WorkingCalendar(file.Days.Select(d => (d.Date, d.IsHoliday, d.Description)));
    }

    [Fact]
    public void Compute_RulesExample_MondayIsDueTuesdayNextWeek()
    {
        var d = PetitionDeadline.Compute(new DateOnly(2026, 11, 23), 6, Default, Seeded);

        Assert.Equal(new DateOnly(2026, 12, 1), d.DueOn);
        Assert.Equal(6, d.Steps.Count(s => s.DayNumber is not null));
        Assert.Equal(DeadlineStepKind.Due, d.Steps[^1].Kind);
        Assert.Contains(d.Steps, s => s.Date == new DateOnly(2026, 11, 28) && s.Kind == DeadlineStepKind.Skipped);
    }

    [Fact]
    public void Compute_AcrossLunarNewYear2026_ExplainsEverySkippedHoliday()
    {
        var d = PetitionDeadline.Compute(new DateOnly(2026, 2, 13), 6, Default, FromFixture("calendar/2026-q1.utf8bom.csv"));

        Assert.Equal(new DateOnly(2026, 3, 3), d.DueOn);
        Assert.Contains(d.Steps, s => s.Date == new DateOnly(2026, 2, 16) && s.Kind == DeadlineStepKind.Skipped && s.Note.Contains("農曆除夕"));
        Assert.Contains(d.Steps, s => s.Date == new DateOnly(2026, 2, 27) && s.Note.Contains("補假"));
        Assert.Contains(d.Steps, s => s.Date == new DateOnly(2026, 2, 28) && s.Note.Contains("和平紀念日"));
    }

    [Fact]
    public void Compute_Revised2025Holidays_AreSkipped()
    {
        var calendar = FromFixture("calendar/2025-revised.big5.csv");

        // Thu 9/25 → 9/26 (1), 9/29 substitute holiday, 9/30–10/3 (2–5), 10/6 Mid-Autumn, 10/7 (6).
        Assert.Equal(new DateOnly(2025, 10, 7), PetitionDeadline.Compute(new DateOnly(2025, 9, 25), 6, Default, calendar).DueOn);
        // Wed 10/22 → 10/23 (1), 10/24–10/26 off, 10/27–10/31 (2–6).
        Assert.Equal(new DateOnly(2025, 10, 31), PetitionDeadline.Compute(new DateOnly(2025, 10, 22), 6, Default, calendar).DueOn);
        // Fri 12/19 → 12/22–12/24 (1–3), 12/25 Constitution Day, 12/26 (4), 12/29–12/30 (5–6).
        Assert.Equal(new DateOnly(2025, 12, 30), PetitionDeadline.Compute(new DateOnly(2025, 12, 19), 6, Default, calendar).DueOn);
    }

    [Fact]
    public void Compute_SaturdayMakeUpDay_Counts()
    {
        var d = PetitionDeadline.Compute(new DateOnly(2025, 2, 5), 6, Default, FromFixture("calendar/2025-revised.big5.csv"));

        Assert.Equal(new DateOnly(2025, 2, 12), d.DueOn);
        var saturday = Assert.Single(d.Steps, s => s.Date == new DateOnly(2025, 2, 8));
        Assert.Equal(3, saturday.DayNumber);
        Assert.Contains("補行上班", saturday.Note);
    }

    [Fact]
    public void Compute_ReceivedOnAHoliday_CountsFromTheNextWorkingDay()
    {
        var d = PetitionDeadline.Compute(new DateOnly(2026, 11, 28), 6, Default, Seeded);

        Assert.Equal(new DateOnly(2026, 11, 30), d.CountFrom);
        Assert.Equal(new DateOnly(2026, 12, 8), d.DueOn);
        Assert.Contains(d.Steps, s => s.Date == new DateOnly(2026, 11, 30) && s.Note.Contains("視為收文日"));
    }

    [Fact]
    public void Compute_ReceivedOnLunarNewYear2026_CountsFromMonday223_AndNamesEverySkippedHoliday()
    {
        var d = PetitionDeadline.Compute(new DateOnly(2026, 2, 17), 6, Default, FromFixture("calendar/2026-q1.utf8bom.csv"));

        // Received on 春節 (Tue 2/17): 2/18–2/22 are off too, so receipt counts as Mon 2/23; 2/24–2/26 (1–3),
        // 2/27 補假, 2/28 和平紀念日, 3/1 Sunday, 3/2–3/4 (4–6).
        Assert.Equal(new DateOnly(2026, 2, 23), d.CountFrom);
        Assert.Equal(new DateOnly(2026, 3, 4), d.DueOn);
        Assert.Contains("春節", d.Steps[0].Note);
        Assert.Equal(DeadlineStepKind.Received, d.Steps[0].Kind);
        var moved = d.Steps.Where(s => s.Date < d.CountFrom && s.Kind == DeadlineStepKind.Skipped).ToList();
        Assert.Equal([new DateOnly(2026, 2, 18), new DateOnly(2026, 2, 19), new DateOnly(2026, 2, 20), new DateOnly(2026, 2, 21), new DateOnly(2026, 2, 22)], moved.Select(s => s.Date));
        Assert.All(moved, s => Assert.Contains("順延", s.Note));
        Assert.Contains("春節", moved[0].Note);
        Assert.Contains("春節", moved[1].Note);
        Assert.Contains("補假", moved[2].Note);
        var receipt = Assert.Single(d.Steps, s => s.Date == new DateOnly(2026, 2, 23));
        Assert.Contains("視為收文日", receipt.Note);
        Assert.Null(receipt.DayNumber);
        Assert.Equal((1, new DateOnly(2026, 2, 24)), (d.Steps.First(s => s.DayNumber is not null).DayNumber!.Value, d.Steps.First(s => s.DayNumber is not null).Date));
        Assert.Contains(d.Steps, s => s.Date == new DateOnly(2026, 2, 27) && s.Kind == DeadlineStepKind.Skipped && s.Note.Contains("補假"));
        Assert.Contains(d.Steps, s => s.Date == new DateOnly(2026, 2, 28) && s.Kind == DeadlineStepKind.Skipped && s.Note.Contains("和平紀念日"));
        Assert.Equal(6, d.Steps.Count(s => s.DayNumber is not null));
    }

    [Fact]
    public void Compute_CalendarDays_LastDayOnAWeekendMovesToMonday()
    {
        var policy = new PetitionPolicyOptions { Counting = DeadlineCounting.CalendarDays };

        var d = PetitionDeadline.Compute(new DateOnly(2026, 11, 23), 6, policy, Seeded);

        Assert.Equal(new DateOnly(2026, 11, 30), d.DueOn);
        Assert.Contains("日曆天", d.Rule);
    }

    [Fact]
    public void Compute_CountingTheDayOfReceipt_EndsOneWorkingDayEarlier()
    {
        var policy = new PetitionPolicyOptions { CountReceiptDay = true };

        var d = PetitionDeadline.Compute(new DateOnly(2026, 11, 23), 6, policy, Seeded);

        Assert.Equal(new DateOnly(2026, 11, 30), d.DueOn);
        Assert.Equal(1, d.Steps[0].DayNumber);
    }

    [Theory]
    [InlineData("2026-11-25", PetitionState.InProgress, "2026-12-01", false, null, DeadlineStatus.OnTrack)]
    [InlineData("2026-11-27", PetitionState.InProgress, "2026-12-01", false, null, DeadlineStatus.DueSoon)]
    [InlineData("2026-12-01", PetitionState.InProgress, "2026-12-01", false, null, DeadlineStatus.DueSoon)]
    [InlineData("2026-12-02", PetitionState.InProgress, "2026-12-01", false, null, DeadlineStatus.Breach)]
    [InlineData("2026-12-02", PetitionState.InProgress, "2026-12-01", false, "2026-11-30", DeadlineStatus.LateWithInterimContact)]
    [InlineData("2026-12-02", PetitionState.InProgress, "2026-12-01", false, "2026-12-02", DeadlineStatus.Breach)]
    [InlineData("2026-11-30", PetitionState.InProgress, "2026-12-11", true, null, DeadlineStatus.Extended)]
    [InlineData("2026-12-02", PetitionState.Replied, "2026-12-01", false, null, DeadlineStatus.Done)]
    public void StatusOn_GivesTheChip(string today, PetitionState state, string due, bool extended, string? contact, DeadlineStatus expected)
    {
        var day = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture);
        var warnLimit = Seeded.AddWorkingDays(day, Default.WarningWorkingDays);

        var status = Petition.StatusOn(day, warnLimit, state, DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), extended,
            contact is null ? null : DateOnly.Parse(contact, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, status);
    }
}
