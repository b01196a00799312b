using System.Data.Common;

namespace CaseDesk.Tests.Support;

/// <summary>SQLite's plan for a command about to run: EXPLAIN QUERY PLAN with the same text and parameters, on the same connection.</summary>
internal static class QueryPlans
{
    public static async Task<string> ExplainAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var explain = command.Connection!.CreateCommand();
        explain.Transaction = command.Transaction;
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        foreach (DbParameter p in command.Parameters)
        {
            var copy = explain.CreateParameter();
            copy.ParameterName = p.ParameterName;
            copy.Value = p.Value;
            explain.Parameters.Add(copy);
        }

        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(reader.GetString(3));
            }
        }

        return string.Join("\n", lines);
    }
}
