using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace CaseDesk.Domain.Data.Providers;

/// <summary>The model on PostgreSQL, with its own migrations (Data/Migrations/Postgres).</summary>
public sealed class PostgresCaseDeskDbContext(DbContextOptions<PostgresCaseDeskDbContext> options) : CaseDeskDbContext(options)
{
    private const string UniqueViolation = "23505";

    /// <summary>
    /// Instants are UTC everywhere in CaseDesk, but a DateTime read back from SQLite, or built from a date,
    /// may carry Kind=Unspecified, which Npgsql refuses for timestamptz. Every DateTime column states UTC.
    /// </summary>
    private static readonly ValueConverter<DateTime, DateTime> Utc = new(v => DateTime.SpecifyKind(v, DateTimeKind.Utc), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtc = new(
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

    /// <summary>PostgreSQL names the index that refused the row.</summary>
    protected override bool IsUniqueViolation(DbUpdateException ex, string table, string column, string indexName) =>
        ex.InnerException is PostgresException { SqlState: UniqueViolation } pg && pg.ConstraintName == indexName;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.ClrType == typeof(DateTime))
            {
                property.SetValueConverter(Utc);
            }
            else if (property.ClrType == typeof(DateTime?))
            {
                property.SetValueConverter(NullableUtc);
            }
        }
    }
}
