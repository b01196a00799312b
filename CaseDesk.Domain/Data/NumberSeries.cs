using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data;

/// <summary>The last number given out in a yearly series of registration numbers (陳情 115陳00012, 轉介, 來電).</summary>
public sealed class NumberSeries
{
    public const int KeyMaxLength = 40;

    private NumberSeries()
    {
    }

    /// <summary>The series and year, e.g. <c>Petition:115</c>.</summary>
    public string Key { get; private set; } = "";

    public int Last { get; private set; }

    /// <summary>
    /// Takes the next number of the series of <typeparamref name="T"/> for <paramref name="rocYear"/>, inside the caller's open
    /// transaction: the counter row stays locked until it commits, so clerks registering at the same moment — on one
    /// server or several — get consecutive numbers without colliding, and a save that fails leaves no gap. The first
    /// number of a year continues after the highest <c>Sequence</c> already in T's table (rows loaded in bulk).
    /// </summary>
    internal static async Task<int> NextAsync<T>(CaseDeskDbContext db, int rocYear, CancellationToken ct)
        where T : class
    {
        var table = db.Model.FindEntityType(typeof(T))?.GetTableName() ?? throw new Common.DomainException($"{typeof(T).Name} is not mapped.");
        if (db.Database.CurrentTransaction is null)
        {
            throw new Common.DomainException("A number is taken inside the transaction that saves the row it numbers.");
        }

        var key = $"{typeof(T).Name}:{rocYear}";
        // The table name comes from the model, never from input; the values are parameters. The same SQL runs on
        // SQLite and PostgreSQL.
        var seed = $$"""
            INSERT INTO "NumberSeries" ("Key", "Last")
            SELECT {0}, COALESCE(MAX(t."Sequence"), 0) FROM "{{table}}" t WHERE t."RocYear" = {1}
            ON CONFLICT ("Key") DO NOTHING
            """;
        await db.Database.ExecuteSqlRawAsync(seed, [key, rocYear], ct);
        var taken = await db.Database
            .SqlQueryRaw<int>("""UPDATE "NumberSeries" SET "Last" = "Last" + 1 WHERE "Key" = {0} RETURNING "Last" AS "Value" """, key)
            .ToListAsync(ct);
        return taken.Single();
    }
}
