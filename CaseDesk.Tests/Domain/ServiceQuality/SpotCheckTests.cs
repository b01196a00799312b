using CaseDesk.Domain.Common;
using CaseDesk.Domain.Reference;
using CaseDesk.Domain.ServiceQuality;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Domain.ServiceQuality;

public sealed class SpotCheckTests
{
    private static readonly Actor Wang = TestDomain.Supervisor();

    [Theory]
    [InlineData(17, 6)] // the report's branch: 17 units, one in three, six a month
    [InlineData(17, 2)] // configured too low to cover the quarter: a month still takes a third
    [InlineData(17, 10)]
    [InlineData(9, 3)]
    [InlineData(10, 3)]
    [InlineData(4, 6)]
    [InlineData(1, 6)]
    public void Plan_TheThreeMonthsOfEveryQuarterCheckEveryUnit(int unitCount, int perMonth)
    {
        var units = Enumerable.Range(101, unitCount).ToList();
        foreach (var rocYear in new[] { 104, 115, 116 })
        {
            for (var quarter = 1; quarter <= 4; quarter++)
            {
                var months = Enumerable.Range(quarter * 3 - 2, 3).Select(m => SpotCheckPlan.Draw(rocYear, m, units, perMonth)).ToList();
                var expected = SpotCheckPlan.UnitsPerMonth(unitCount, perMonth);
                Assert.All(months, m => Assert.Equal(expected, m.Count));
                Assert.All(months, m => Assert.Equal(m.Count, m.Distinct().Count()));
                Assert.All(months, m => Assert.All(m, u => Assert.Contains(u, units)));
                Assert.Equal(units, months.SelectMany(m => m).Distinct().Order());
            }
        }

        Assert.Equal(unitCount >= 6 ? Math.Max(perMonth, (unitCount + 2) / 3) : unitCount, SpotCheckPlan.UnitsPerMonth(unitCount, perMonth));
    }

    [Fact]
    public void Plan_IsTheSameEveryTime_AndDiffersBetweenQuarters()
    {
        var units = Enumerable.Range(1, 17).ToList();

        Assert.Equal(SpotCheckPlan.Draw(115, 11, units, 6), SpotCheckPlan.Draw(115, 11, units, 6));
        Assert.Equal(6, SpotCheckPlan.Draw(115, 11, units, 6).Count);
        Assert.NotEqual(
            Enumerable.Range(1, 3).Select(m => string.Join(",", SpotCheckPlan.Draw(115, m, units, 6))),
            Enumerable.Range(4, 3).Select(m => string.Join(",", SpotCheckPlan.Draw(115, m, units, 6))));
    }

    [Fact]
    public async Task PlanAsync_TheOfficesSeventeenUnits_SixAMonth_AllOverTheQuarter_FromConfiguration()
    {
        await using var domain = await TestDomain.CreateAsync();
        var checks = domain.Get<SpotCheckService>();

        var months = new List<SpotCheckPlanView>();
        for (var m = 10; m <= 12; m++)
        {
            months.Add((await checks.PlanAsync(Wang, 115, m)).Value);
        }

        await using var db = await domain.Db.OpenReadOnlyAsync();
        var all = await db.Units.Select(u => u.Id).OrderBy(u => u).ToListAsync();
        Assert.Equal(ReferenceSeed.UnitCount, all.Count);
        Assert.All(months, m => Assert.Equal(6, m.Units.Count));
        Assert.Equal(all, months.SelectMany(m => m.Units.Select(u => u.UnitId)).Distinct().Order());
        Assert.All(months.SelectMany(m => m.Units), u => Assert.StartsWith("第", u.UnitName, StringComparison.Ordinal));
        Assert.Equal("forbidden", Assert.Single((await checks.PlanAsync(TestDomain.Clerk(1, 1), 115, 11)).Errors).Code);
    }

    [Fact]
    public async Task PlanAsync_UnitsPerMonthComesFromAppSettings()
    {
        await using var domain = await TestDomain.CreateAsync(configure: s => s.Configure<ServiceQualityOptions>(o => o.SpotChecksPerMonth = 9));

        var plan = (await domain.Get<SpotCheckService>().PlanAsync(Wang, 115, 11)).Value;

        Assert.Equal(9, plan.Units.Count);
    }

    [Fact]
    public async Task Record_BadInput_ClearChineseErrorAndNothingSaved()
    {
        await using var domain = await TestDomain.CreateAsync();
        var checks = domain.Get<SpotCheckService>();
        var ok = new SpotCheckInput { CheckedOn = domain.Today, UnitId = 1, PersonAnswering = "書記官 林雅婷", Score = 92 };

        var noUnit = await checks.RecordAsync(Wang, ok with { UnitId = 4242 });
        var tooHigh = await checks.RecordAsync(Wang, ok with { Score = 101 });
        var negative = await checks.RecordAsync(Wang, ok with { Score = -1 });
        var noPerson = await checks.RecordAsync(Wang, ok with { PersonAnswering = "  " });
        var byClerk = await checks.RecordAsync(TestDomain.Clerk(1, 1), ok);
        var byAdmin = await checks.RecordAsync(TestDomain.Admin(), ok);

        Assert.Equal("check_unit_unknown", Assert.Single(noUnit.Errors).Code);
        Assert.Contains("找不到這個執行股", noUnit.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("check_score_range", Assert.Single(tooHigh.Errors).Code);
        Assert.Equal("分數應為 0 到 100 分。", tooHigh.Errors[0].Message);
        Assert.Equal("check_score_range", Assert.Single(negative.Errors).Code);
        Assert.Equal("check_person", Assert.Single(noPerson.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(byClerk.Errors).Code);
        Assert.Equal("forbidden", Assert.Single(byAdmin.Errors).Code);
        await using (var db = await domain.Db.OpenReadOnlyAsync())
        {
            Assert.Equal(0, await db.PhoneSpotChecks.CountAsync());
        }

        Assert.True((await checks.RecordAsync(Wang, ok with { Score = 0 })).Succeeded);
        Assert.True((await checks.RecordAsync(Wang, ok with { Score = 100 })).Succeeded);
    }

    [Fact]
    public async Task Statistics_CountAverageAndRangePerMonthAndQuarter_AndFlagUnitsBelowTheThreshold()
    {
        await using var domain = await TestDomain.CreateAsync(configure: s => s.Configure<ServiceQualityOptions>(o => o.SpotCheckThreshold = 85));
        var checks = domain.Get<SpotCheckService>();
        async Task Check(int month, int day, int unit, int score) =>
            Assert.True((await checks.RecordAsync(Wang, new SpotCheckInput { CheckedOn = new DateOnly(2026, month, day), UnitId = unit, PersonAnswering = "接聽人", Score = score })).Succeeded);

        await Check(10, 5, 1, 90);
        await Check(10, 6, 2, 95);
        await Check(11, 3, 3, 80);
        await Check(11, 4, 1, 92);
        await Check(7, 1, 4, 88);

        var year = (await checks.StatisticsAsync(Wang, 115)).Value;

        Assert.Equal(2, year.Months[9].Checks);
        Assert.Equal(92.5m, year.Months[9].Average);
        Assert.Equal(86.0m, year.Months[10].Average);
        var q4 = year.QuarterFigures(4);
        Assert.Equal(4, q4.Checks);
        Assert.Equal(89.3m, q4.Average); // 357 / 4 = 89.25
        Assert.Equal(80, q4.Lowest);
        Assert.Equal(95, q4.Highest);
        Assert.Equal(5, year.ToDate(4).Checks);
        Assert.Equal(1, year.ToDate(3).Checks);
        var flagged = Assert.Single(year.UnitsByQuarter[3].Units, u => u.BelowThreshold);
        Assert.Equal("第3股", flagged.UnitName);
        Assert.Equal(85, year.Threshold);
        var rows = (await checks.ListAsync(Wang, 115, 11)).Value;
        Assert.Equal(2, rows.Count);
        Assert.True(rows.Single(r => r.Score == 80).BelowThreshold);
    }
}
