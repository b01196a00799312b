using System.Collections.Concurrent;
using System.Data.Common;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Domain.Dashboard;

/// <summary>
/// The dashboard's two big queries are answered from their indexes: SQLite only uses a partial index when the
/// query repeats the index's filter term for term, so a change to <c>PetitionDeadlineFilter.Open</c> or to the
/// index's filter that lets them drift apart fails here (at a million cases it turns 20 ms into a table scan).
/// </summary>
public sealed class DashboardQueryPlanTests
{
    [SqliteFact]
    public async Task OpenCountsAndReplies_UseTheirCoveringIndexes()
    {
        var plans = new QueryPlanRecorder(DashboardService.OpenCountsTag, DashboardService.RepliesTag);
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 20, configure: s => s.AddSingleton<IInterceptor>(plans));

        var dashboard = await domain.Get<DashboardService>().GetAsync(TestDomain.Supervisor());

        Assert.True(dashboard.Succeeded, dashboard.ToString());
        Assert.Contains("USING COVERING INDEX IX_Petitions_Open", plans.For(DashboardService.OpenCountsTag));
        Assert.DoesNotContain("SCAN Petitions\n", plans.For(DashboardService.OpenCountsTag) + "\n");
        Assert.Contains("USING COVERING INDEX IX_Petitions_RepliedOn_DueOn", plans.For(DashboardService.RepliesTag));
    }

    [SqliteFact]
    public async Task PlannerStatistics_AreTakenForEveryIndexedTable()
    {
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 60);
        var engine = domain.Get<DatabaseEngine>();

        await engine.RefreshPlannerStatisticsAsync();

        await using var db = await domain.Db.OpenReadOnlyAsync();
        var stats = await db.Database.SqlQueryRaw<string>("SELECT \"stat\" AS \"Value\" FROM sqlite_stat1 WHERE \"idx\" = 'IX_Cases_AmountOwed'").ToListAsync();
        var cases = await db.Cases.CountAsync();
        Assert.Equal($"{cases}", Assert.Single(stats).Split(' ')[0]); // the row count the planner now knows
    }

    /// <summary>Runs EXPLAIN QUERY PLAN beside each tagged query, with the same parameters, on the same connection.</summary>
    private sealed class QueryPlanRecorder(params string[] tags) : DbCommandInterceptor
    {
        private readonly ConcurrentDictionary<string, string> _plans = new();

        public string For(string tag) => _plans.TryGetValue(tag, out var plan) ? plan : $"(the query tagged '{tag}' did not run)";

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (tags.FirstOrDefault(t => command.CommandText.Contains("-- " + t, StringComparison.Ordinal)) is { } tag)
            {
                _plans[tag] = await QueryPlans.ExplainAsync(command, cancellationToken);
            }

            return result;
        }
    }
}
