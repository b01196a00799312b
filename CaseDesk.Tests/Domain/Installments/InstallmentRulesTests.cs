using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Installments;

namespace CaseDesk.Tests.Domain.Installments;

public sealed class InstallmentRulesTests
{
    private static readonly InstallmentPolicy Statutory = InstallmentPolicy.Statutory(new DateOnly(2008, 1, 1));
    private static readonly WorkingCalendar Calendar = new(OfficeCalendarSeed.Days());

    [Theory]
    [InlineData(199_999, 6)]
    [InlineData(200_000, 8)]
    [InlineData(999_999, 8)]
    [InlineData(1_000_000, 16)]
    [InlineData(4_999_999, 16)]
    [InlineData(5_000_000, 36)]
    [InlineData(9_999_999, 36)]
    [InlineData(10_000_000, 60)]
    [InlineData(60_000_000, 60)]
    public void Evaluate_TierBoundaries(long amount, int max)
    {
        var atMax = Statutory.Evaluate(amount, max);
        var above = Statutory.Evaluate(amount, max + 1);

        Assert.Equal(max, atMax.TierMax);
        Assert.False(atMax.NeedsSpecialReason);
        Assert.True(above.NeedsSpecialReason);
        Assert.Equal(1, atMax.PolicyNumber);
    }

    [Fact]
    public void Evaluate_BeyondSixty_OnlyFromSixtyMillion()
    {
        var under = Statutory.Evaluate(59_999_999, 61);
        var at = Statutory.Evaluate(60_000_000, 61);
        var one = Statutory.Evaluate(86_400, 1);

        Assert.True(under.NotAllowed);
        Assert.False(at.NotAllowed);
        Assert.True(at.BeyondAbsoluteByAmount);
        Assert.True(one.BelowMin);
        Assert.Equal("NT$0 以上、未滿 NT$200,000：最多 6 期", Statutory.Evaluate(86_400, 6).TierText);
    }

    [Theory]
    [InlineData(RemainderPlacement.First, new long[] { 33_334, 33_333, 33_333 })]
    [InlineData(RemainderPlacement.Last, new long[] { 33_333, 33_333, 33_334 })]
    public void Schedule_WholeDollars_AddUpExactly(RemainderPlacement placement, long[] expected)
    {
        var lines = InstallmentSchedule.Build(100_000, 3, new DateOnly(2026, 11, 23), null, 10, placement, Calendar);

        Assert.Equal(expected, lines.Select(l => l.Amount));
        Assert.Equal(100_000, lines.Sum(l => l.Amount));
    }

    [Fact]
    public void Schedule_FirstPaidOnApplication_IsInstallmentOne_OnThatDay()
    {
        var lines = InstallmentSchedule.Build(86_400, 6, new DateOnly(2026, 11, 23), 14_400, 15, RemainderPlacement.First, Calendar);

        Assert.Equal(6, lines.Count);
        Assert.Equal(new ScheduleLine(1, new DateOnly(2026, 11, 23), 14_400), lines[0]);
        Assert.All(lines.Skip(1), l => Assert.Equal(14_400, l.Amount));
        Assert.Equal(new DateOnly(2026, 12, 15), lines[1].DueOn);
    }

    [Fact]
    public void Schedule_DueDatesOnHolidaysAndShortMonths_MoveToTheNextWorkingDay()
    {
        var lines = InstallmentSchedule.Build(90_000, 3, new DateOnly(2026, 1, 20), null, 16, RemainderPlacement.First, Calendar);
        var month31 = InstallmentSchedule.Build(20_000, 2, new DateOnly(2026, 12, 15), null, 31, RemainderPlacement.First, Calendar);

        Assert.Equal(new DateOnly(2026, 2, 23), lines[0].DueOn); // 2/16 is New Year's Eve; 2/17–2/22 holidays and weekend
        Assert.Equal(new DateOnly(2026, 3, 16), lines[1].DueOn);
        Assert.Equal(new DateOnly(2026, 4, 16), lines[2].DueOn);
        Assert.Equal(new DateOnly(2027, 2, 1), month31[0].DueOn); // 1/31/2027 is a Sunday
        Assert.Equal(new DateOnly(2027, 3, 2), month31[1].DueOn); // 2/28 (Sunday, Peace Memorial Day), 3/1 substitute holiday
    }

    [Fact]
    public void Policy_NewVersion_RefusesATableThatMakesNoSense()
    {
        var bad = InstallmentPolicy.Create(2, new DateOnly(2027, 1, 1), [new(100, 6), new(200_000, 4)], 2, 60, 60_000_000, null);

        Assert.False(bad.Succeeded);
        Assert.Contains(bad.Errors, e => e.Code == "policy_first_tier");
        Assert.Contains(bad.Errors, e => e.Code == "policy_tier_order");
    }
}
