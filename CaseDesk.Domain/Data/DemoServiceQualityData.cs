using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.ServiceQuality;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data;

/// <summary>
/// Demo visitor questionnaires (about thirty over the last two months, one of them dissatisfied, so the follow-up
/// list has an item) and last month's phone-courtesy spot checks of the planned units (one scoring below the threshold).
/// </summary>
public static class DemoServiceQualityData
{
    public static async Task SeedAsync(CaseDeskDbFactory dbFactory, SurveyService surveys, SpotCheckService spotChecks, DemoPeople people, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.OpenReadOnlyAsync(ct))
        {
            if (await db.VisitorSurveys.AnyAsync(ct) || await db.PhoneSpotChecks.AnyAsync(ct))
            {
                return;
            }
        }

        var wang = new Actor("demo-seed", "王建國", new HashSet<string> { Roles.Supervisor }, people.SupervisorWang);
        var today = TaipeiTime.Today(dbFactory.Clock);
        var random = new Random(2015);
        int[] units;
        await using (var db = await dbFactory.OpenReadOnlyAsync(ct))
        {
            units = await db.Units.OrderBy(u => u.Number).Select(u => u.Id).ToArrayAsync(ct);
        }

        for (var i = 0; i < 30; i++)
        {
            var on = today.AddDays(-(i * 2) - 1);
            int Rating() => random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
            var ratings = SurveyScale.Questions.ToDictionary(q => q, _ => (int?)Rating());
            if (i == 4)
            {
                ratings[SurveyQuestion.TimeTaken] = (int)SurveyRating.Dissatisfied;
            }

            await surveys.RecordAsync(wang, new SurveyInput
            {
                SurveyedOn = on,
                UnitId = i % 3 == 0 ? null : units[random.Next(units.Length)],
                Desk = i % 3 == 0 ? "為民服務中心" : null,
                Ratings = ratings,
                Remark = i == 4 ? "等候叫號時間過長。" : i == 7 ? "承辦人說明清楚，謝謝。" : null,
            }, ct);
        }

        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var plan = await spotChecks.PlanAsync(wang, RocDate.RocYear(lastMonth), lastMonth.Month, ct);
        if (!plan.Succeeded)
        {
            return;
        }

        var n = 0;
        foreach (var unit in plan.Value.Units)
        {
            await spotChecks.RecordAsync(wang, new SpotCheckInput
            {
                CheckedOn = lastMonth.AddDays(3 + n * 3),
                UnitId = unit.UnitId,
                PersonAnswering = n == 2 ? "書記官 吳佳蓉" : $"書記官 {"陳林黃張李王"[n % 6]}同仁",
                Score = n == 2 ? 76 : 86 + random.Next(12),
                Notes = n == 2 ? "未報單位及姓名，語氣急促。" : "親切，報明單位及姓名。",
            }, ct);
            n++;
        }
    }
}
