using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data.Providers;

/// <summary>The model on SQLite, with its own migrations (Data/Migrations/Sqlite).</summary>
public sealed class SqliteCaseDeskDbContext(DbContextOptions<SqliteCaseDeskDbContext> options) : CaseDeskDbContext(options)
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;

    /// <summary>SQLite names the table and column: "UNIQUE constraint failed: InstallmentPayments.ReceiptNumber".</summary>
    protected override bool IsUniqueViolation(DbUpdateException ex, string table, string column, string indexName) =>
        ex.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique } sqlite
        && sqlite.Message.Contains($"{table}.{column}", StringComparison.Ordinal);
}
