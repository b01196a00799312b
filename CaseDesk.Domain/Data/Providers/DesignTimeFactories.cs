using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CaseDesk.Domain.Data.Providers;

/// <summary>Used only by <c>dotnet ef migrations add … --context SqliteCaseDeskDbContext</c>.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCaseDeskDbContext>
{
    public SqliteCaseDeskDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCaseDeskDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used only by <c>dotnet ef migrations add … --context PostgresCaseDeskDbContext</c> (no server is contacted).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCaseDeskDbContext>
{
    public PostgresCaseDeskDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCaseDeskDbContext>().UseNpgsql("Host=localhost;Database=casedesk_design").Options);
}
