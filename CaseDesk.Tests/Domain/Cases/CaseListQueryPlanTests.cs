using System.Collections.Concurrent;
using System.Data.Common;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Domain.Cases;

/// <summary>
/// The cases list stays fast at a million cases only if each filter and sort is answered from an index:
/// EXPLAIN QUERY PLAN of every query <see cref="CaseService.SearchAsync"/> runs, for each filter with each sort,
/// must not read the whole Cases table ("SCAN Cases" without an index).
/// </summary>
public sealed partial class CaseListQueryPlanTests
{
    [SqliteFact]
    public async Task EveryFilterAndSort_AvoidsAFullScanOfCases()
    {
        var plans = new CasesPlanRecorder();
        await using var domain = await TestDomain.CreateAsync(demoData: true, demoCases: 60, configure: s => s.AddSingleton<IInterceptor>(plans));
        int unitId, agencyId, clerkId;
        await using (var db = await domain.Db.OpenReadOnlyAsync())
        {
            var story = await db.Cases.SingleAsync(c => c.CaseNumber == DemoData.StoryCaseNumber);
            (unitId, agencyId, clerkId) = (story.UnitId, story.ReferringAgencyId, story.ResponsibleClerkId!.Value);
        }

        var filters = new Dictionary<string, CaseQuery>
        {
            ["none"] = new(),
            ["status"] = new() { Status = CaseStatus.InEnforcement },
            ["unit"] = new() { UnitId = unitId },
            ["unit+status"] = new() { UnitId = unitId, Status = CaseStatus.InEnforcement },
            ["agency"] = new() { ReferringAgencyId = agencyId },
            ["clerk"] = new() { ResponsibleClerkId = clerkId },
            ["text:number"] = new() { Text = DemoData.StoryCaseNumber },
            ["text:sequence"] = new() { Text = "12345" },
            ["text:id"] = new() { Text = "H1" },
            ["text:name"] = new() { Text = "陳志" },
        };
        var cases = domain.Get<CaseService>();
        var scans = new List<string>();
        var seen = new List<string>();
        foreach (var (name, filter) in filters)
        {
            foreach (var sort in Enum.GetValues<CaseSort>())
            {
                plans.Clear();
                await cases.SearchAsync(TestDomain.Supervisor(), filter with { Sort = sort, Descending = true }, new PageRequest(0, 50));
                Assert.NotEmpty(plans.All);
                foreach (var (sql, plan) in plans.All)
                {
                    seen.Add($"{name} × {sort}:\n{plan}");
                    // SQLite names the table by its alias in the query (EF writes "Cases" AS "c"): "SCAN c" reads every row.
                    if (plan.Split('\n').Any(line => FullScan().IsMatch(line.Trim())))
                    {
                        scans.Add($"{name} × {sort}: {plan.Replace("\n", " | ", StringComparison.Ordinal)}   [{sql.Split('\n')[0]}…]");
                    }
                }
            }
        }

        Assert.True(scans.Count == 0, "full scans of Cases:\n" + string.Join("\n", scans));
        // The plans are real ones: filters are answered from their indexes, the default sort walks its index.
        Assert.Contains(seen, p => p.StartsWith("unit+status × ReferredOn:", StringComparison.Ordinal) && p.Contains("USING COVERING INDEX IX_Cases_UnitId_Status_ReferredOn (UnitId=? AND Status=?)", StringComparison.Ordinal));
        Assert.Contains(seen, p => p.StartsWith("none × ReferredOn:", StringComparison.Ordinal) && p.Contains("SCAN c USING INDEX IX_Cases_ReferredOn", StringComparison.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^SCAN (Cases|c)$")]
    private static partial System.Text.RegularExpressions.Regex FullScan();

    /// <summary>Runs EXPLAIN QUERY PLAN beside every query on Cases, with the same parameters, on the same connection.</summary>
    private sealed class CasesPlanRecorder : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<(string Sql, string Plan)> _plans = new();

        public IReadOnlyList<(string Sql, string Plan)> All => [.. _plans];

        public void Clear() => _plans.Clear();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await RecordAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            await RecordAsync(command, cancellationToken);
            return result;
        }

        private async Task RecordAsync(DbCommand command, CancellationToken cancellationToken)
        {
            if (command.CommandText.Contains("FROM \"Cases\"", StringComparison.Ordinal) && command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                _plans.Enqueue((command.CommandText, await QueryPlans.ExplainAsync(command, cancellationToken)));
            }
        }
    }
}
