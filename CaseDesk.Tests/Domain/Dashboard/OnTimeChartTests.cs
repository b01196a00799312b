using CaseDesk.Domain.Common;
using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Tests.Domain.Dashboard;

/// <summary>A known set of replies for the on-time charts.</summary>
public static class OnTimeReplies
{
    /// <summary>
    /// Replaces every reply with a known set (today is Wednesday 2026-11-25): this week 2 replies (1 on time),
    /// last week 3 (2 on time), in August (the third quarter, before the 12 weeks) 4 (1 on time).
    /// </summary>
    public static async Task SeedAsync(TestDomain domain)
    {
        Actor clerk;
        await using (var db = await domain.Db.OpenReadOnlyAsync())
        {
            var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
            clerk = TestDomain.Clerk(lin.Id, lin.UnitId!.Value);
        }

        (DateOnly Received, DateOnly Replied, DateOnly Due)[] replies =
        [
            (new(2026, 11, 10), new(2026, 11, 24), new(2026, 11, 30)),
            (new(2026, 11, 10), new(2026, 11, 24), new(2026, 11, 20)),
            (new(2026, 11, 10), new(2026, 11, 18), new(2026, 11, 20)),
            (new(2026, 11, 10), new(2026, 11, 18), new(2026, 11, 18)),
            (new(2026, 11, 10), new(2026, 11, 18), new(2026, 11, 17)),
            (new(2026, 8, 3), new(2026, 8, 10), new(2026, 8, 20)),
            (new(2026, 8, 3), new(2026, 8, 10), new(2026, 8, 7)),
            (new(2026, 8, 3), new(2026, 8, 10), new(2026, 8, 7)),
            (new(2026, 8, 3), new(2026, 8, 10), new(2026, 8, 7)),
        ];

        await using (var db = await domain.Db.OpenAsync(Actor.System))
        {
            await db.Petitions.Where(p => p.RepliedOn != null).ExecuteUpdateAsync(s => s.SetProperty(p => p.RepliedOn, (DateOnly?)null));
        }

        var petitions = domain.Get<PetitionService>();
        foreach (var (received, replied, due) in replies)
        {
            var id = await petitions.RegisterAsync(clerk, new PetitionInput
            {
                Channel = PetitionChannel.Phone, ReceivedOn = received, ReceivedAt = new TimeOnly(9, 0), Category = PetitionCategory.LegalInquiry,
                Subject = "如期率", Content = "內容", UnitId = clerk.UnitId, HandlerId = clerk.StaffId,
            });
            Assert.True(id.Succeeded, id.ToString());
            await using var db = await domain.Db.OpenAsync(Actor.System);
            await db.Petitions.Where(p => p.Id == id.Value).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.State, PetitionState.Replied)
                .SetProperty(p => p.RepliedOn, replied)
                .SetProperty(p => p.DueOn, due));
        }
    }
}

/// <summary>The on-time charts: replies counted in the week and the quarter they went out, on time when sent by the due date.</summary>
public sealed class OnTimeChartTests
{
    [Fact]
    public async Task Weekly_AndQuarterly_CountRepliesOnTimeAndLate()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 5);
        await OnTimeReplies.SeedAsync(domain);

        var result = await domain.Get<DashboardService>().GetAsync(TestDomain.Supervisor());

        Assert.True(result.Succeeded, result.ToString());
        var weekly = result.Value.Weekly;
        Assert.Equal(DashboardService.Weeks, weekly.Count);
        Assert.Equal(("11/23", 2, 1), (weekly[^1].Label, weekly[^1].Replied, weekly[^1].OnTime));
        Assert.Equal(("11/16", 3, 2), (weekly[^2].Label, weekly[^2].Replied, weekly[^2].OnTime));
        Assert.Equal(0.5, weekly[^1].Rate);
        Assert.Equal(2.0 / 3, weekly[^2].Rate!.Value, 6);
        Assert.All(weekly.SkipLast(2), w => Assert.Equal((0, 0, (double?)null), (w.Replied, w.OnTime, w.Rate)));
        Assert.Equal("09/07", weekly[0].Label);

        var quarterly = result.Value.Quarterly;
        Assert.Equal(new[] { "Q1", "Q2", "Q3", "Q4" }, quarterly.Select(q => q.Label));
        Assert.Null(quarterly[0].Rate);
        Assert.Null(quarterly[1].Rate);
        Assert.Equal((4, 1, (double?)0.25), (quarterly[2].Replied, quarterly[2].OnTime, quarterly[2].Rate));
        Assert.Equal((5, 3, (double?)0.6), (quarterly[3].Replied, quarterly[3].OnTime, quarterly[3].Rate));
    }
}
