using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Duty;
using CaseDesk.Tests.Support;

namespace CaseDesk.Tests.Domain.Duty;

/// <summary>The pure rotation over 2024 Q1: the Lunar New Year break (2/8–2/14) and the make-up Saturday 2/17.</summary>
public sealed class RotationTests
{
    private static readonly WorkingCalendar Q1 = new(CalendarFileParser.Parse(Fixtures.Bytes("calendar/2024-q1.csv")).Value.Days.Select(d => (d.Date, d.IsHoliday, d.Description)));
    private static readonly DateOnly From = new(2024, 1, 1);
    private static readonly DateOnly To = new(2024, 3, 31);
    private static readonly int[] Ten = Enumerable.Range(1, 10).ToArray();

    private static RotationResult Generate(
        IReadOnlyList<int> members,
        IReadOnlyList<(int, DateOnly, DateOnly)>? absences = null,
        IReadOnlyList<FixedSlot>? fixedSlots = null,
        Func<DayOfWeek, int>? perDay = null,
        DateOnly? from = null,
        DateOnly? to = null,
        int? last = null,
        IReadOnlyList<OwedTurn>? owed = null) =>
        Rotation.Generate(members, last, owed ?? [], absences ?? [], fixedSlots ?? [], new Dictionary<int, DateOnly>(), perDay ?? (_ => 1), Q1, from ?? From, to ?? To);

    [Fact]
    public void Quarter_WithLunarNewYearAndMakeUpSaturday_StaffsEveryWorkingDayOnce_AndTurnsStayEven()
    {
        var result = Generate(Ten);

        var workingDays = Q1.Range(From, To).Where(d => d.IsWorkingDay).Select(d => d.Date).ToList();
        Assert.Equal(workingDays, result.Assignments.Select(a => a.Date).ToList());
        Assert.DoesNotContain(result.Assignments, a => a.Date >= new DateOnly(2024, 2, 8) && a.Date <= new DateOnly(2024, 2, 14));
        Assert.Contains(result.Assignments, a => a.Date == new DateOnly(2024, 2, 17));
        Assert.Empty(result.NewOwed);
        Assert.Empty(result.Unfilled);

        var turns = Ten.Select(id => result.Assignments.Count(a => a.StaffId == id)).ToList();
        Assert.True(turns.Max() - turns.Min() <= 1, string.Join(",", turns));
        Assert.Equal(workingDays.Count, turns.Sum());

        // No turn is lost over the holiday: the person after 2/7's is on 2/15.
        var before = result.Assignments.Single(a => a.Date == new DateOnly(2024, 2, 7)).StaffId;
        var after = result.Assignments.Single(a => a.Date == new DateOnly(2024, 2, 15)).StaffId;
        Assert.Equal((before % 10) + 1, after);
    }

    [Fact]
    public void Absence_SkipsThePerson_NextMovesUp_OwedTurnRepaidAfterReturn_AndTheQuarterEvensOut()
    {
        // Five people; person 3 is on leave 1/8–1/19 (two of their turns fall in it).
        var absences = new List<(int, DateOnly, DateOnly)> { (3, new DateOnly(2024, 1, 8), new DateOnly(2024, 1, 19)) };

        var result = Generate([1, 2, 3, 4, 5], absences);

        var jan8 = result.Assignments.Single(a => a.Date == new DateOnly(2024, 1, 8));
        Assert.NotEqual(3, jan8.StaffId);
        Assert.DoesNotContain(result.Assignments, a => a.StaffId == 3 && a.Date >= new DateOnly(2024, 1, 8) && a.Date <= new DateOnly(2024, 1, 19));
        Assert.Equal(2, result.NewOwed.Count(o => o.StaffId == 3));
        Assert.All(result.Repaid, r =>
        {
            Assert.Equal(3, r.Turn.StaffId);
            Assert.True(r.RepaidOn > new DateOnly(2024, 1, 19));
        });
        Assert.Equal(2, result.Repaid.Count);
        Assert.All(result.Assignments.Where(a => a.Repays), a => Assert.Equal(3, a.StaffId));

        // A repaid turn never follows the person's previous turn within the gap.
        var days3 = result.Assignments.Where(a => a.StaffId == 3).OrderBy(a => a.Date).ToList();
        Assert.All(days3.Zip(days3.Skip(1)).Where(p => p.Second.Repays), p => Assert.True(p.Second.Date.DayNumber - p.First.Date.DayNumber >= Rotation.RepayGapDays));

        var turns = new[] { 1, 2, 3, 4, 5 }.Select(id => result.Assignments.Count(a => a.StaffId == id)).ToList();
        Assert.True(turns.Max() - turns.Min() <= 1, string.Join(",", turns));
    }

    [Fact]
    public void FixedSwapDays_AreKept_AndCountAsTheOriginalOwnersTurn()
    {
        var plain = Generate(Ten, from: new DateOnly(2024, 1, 1), to: new DateOnly(2024, 1, 31));
        var a = plain.Assignments[1];   // 1/2: person 2
        var b = plain.Assignments[3];   // 1/4: person 4
        var fixedSlots = new List<FixedSlot> { new(a.Date, 0, b.StaffId, a.StaffId), new(b.Date, 0, a.StaffId, b.StaffId) };

        var result = Generate(Ten, fixedSlots: fixedSlots, from: new DateOnly(2024, 1, 1), to: new DateOnly(2024, 1, 31));

        Assert.DoesNotContain(result.Assignments, x => x.Date == a.Date || x.Date == b.Date);
        var withFixed = result.Assignments.Select(x => (x.Date, x.StaffId)).Concat(fixedSlots.Select(f => (f.Date, f.StaffId))).ToList();
        foreach (var id in Ten)
        {
            Assert.Equal(plain.Assignments.Count(x => x.StaffId == id), withFixed.Count(x => x.StaffId == id));
        }
    }

    [Fact]
    public void OverrideDay_DisplacedPersonTakesTheCoversNextTurn_AndAnOverrideBeforeTheRangeIsStillPaidBack()
    {
        var plain = Generate(Ten, from: new DateOnly(2024, 1, 1), to: new DateOnly(2024, 1, 31));
        var day = plain.Assignments[1];   // 1/2: person 2's turn, given by a supervisor to person 7
        var fixedSlots = new List<FixedSlot> { new(day.Date, 0, 7, day.StaffId, Displaced: day.StaffId) };

        var result = Generate(Ten, fixedSlots: fixedSlots, from: new DateOnly(2024, 1, 1), to: new DateOnly(2024, 1, 31));

        var sevensNext = plain.Assignments.First(a => a.StaffId == 7 && a.Date > day.Date).Date;
        var payback = result.Assignments.Single(a => a.Date == sevensNext);
        Assert.Equal((day.StaffId, true), (payback.StaffId, payback.Repays));
        var lost = Assert.Single(result.NewOwed);
        Assert.Equal((day.StaffId, day.Date, 7), (lost.StaffId, lost.SkippedOn, lost.CoveredBy!.Value));
        Assert.Equal((lost, sevensNext), Assert.Single(result.Repaid));
        var withFixed = result.Assignments.Select(x => (x.Date, x.StaffId)).Concat(fixedSlots.Select(f => (f.Date, f.StaffId))).ToList();
        foreach (var id in Ten)
        {
            Assert.Equal(plain.Assignments.Count(x => x.StaffId == id), withFixed.Count(x => x.StaffId == id));
        }

        // Regenerating from the day after the override: the still-open turn is paid back the same way, not as a plain owed turn.
        var later = Generate(Ten, owed: [new OwedTurn(day.StaffId, day.Date, CoveredBy: 7)], last: day.StaffId, from: day.Date.AddDays(1), to: new DateOnly(2024, 1, 31));
        Assert.Equal((day.StaffId, true), (later.Assignments.Single(a => a.Date == sevensNext).StaffId, later.Assignments.Single(a => a.Date == sevensNext).Repays));

        // Not free on the cover's next turn (on leave): the cover serves, and the turn is repaid after the leave like any other.
        var away = Generate(Ten, fixedSlots: fixedSlots, absences: [(day.StaffId, sevensNext, sevensNext)], from: new DateOnly(2024, 1, 1), to: new DateOnly(2024, 1, 31));
        Assert.Equal(7, away.Assignments.Single(a => a.Date == sevensNext).StaffId);
        Assert.Contains(away.Repaid, r => r.Turn.StaffId == day.StaffId && r.RepaidOn > sevensNext);
    }

    [Fact]
    public void TwoPeoplePerDay_NeverTheSamePersonTwice_AndUnfilledWhenEveryoneIsAway()
    {
        var result = Generate([1, 2, 3], perDay: _ => 2, from: new DateOnly(2024, 1, 1), to: new DateOnly(2024, 1, 12),
            absences: [(1, new DateOnly(2024, 1, 10), new DateOnly(2024, 1, 12)), (2, new DateOnly(2024, 1, 10), new DateOnly(2024, 1, 12))]);

        foreach (var day in result.Assignments.GroupBy(a => a.Date))
        {
            Assert.Equal(day.Count(), day.Select(a => a.StaffId).Distinct().Count());
        }

        Assert.Contains((new DateOnly(2024, 1, 10), 1), result.Unfilled);
    }

    [Fact]
    public void Continuing_FromTheLastRotationTurn_PicksUpWithTheNextPerson()
    {
        var result = Generate([1, 2, 3, 4], from: new DateOnly(2024, 3, 1), to: new DateOnly(2024, 3, 8), last: 2);

        Assert.Equal([3, 4, 1, 2, 3, 4], result.Assignments.Select(a => a.StaffId).ToArray());
    }
}
