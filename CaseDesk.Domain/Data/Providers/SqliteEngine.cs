using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Domain.Data.Providers;

/// <summary>The embedded default: one file, WAL, a busy timeout and foreign keys on every connection.</summary>
internal sealed class SqliteEngine : DatabaseEngine
{
    public const int BusyTimeoutMs = 5000;

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCantOpen = 14;

    public SqliteEngine(string connectionString, string contentRoot)
    {
        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (!Path.IsPathRooted(sqlite.DataSource) && sqlite.DataSource != ":memory:" && sqlite.Mode != SqliteOpenMode.Memory)
        {
            sqlite.DataSource = Path.GetFullPath(Path.Combine(contentRoot, sqlite.DataSource));
        }

        sqlite.ForeignKeys = true;
        sqlite.DefaultTimeout = BusyTimeoutMs / 1000;
        ConnectionString = sqlite.ToString();
        File = sqlite.DataSource;
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string ConnectionString { get; }

    public string File { get; }

    public override string Target => $"SQLite {File}";

    internal override void AddServices(IServiceCollection services)
    {
        services.AddDbContextFactory<SqliteCaseDeskDbContext>((sp, options) => options
            .UseSqlite(ConnectionString)
            .ConfigureWarnings(QuietConnectionErrors)
            .AddInterceptors(new SqlitePragmas(BusyTimeoutMs))
            .AddInterceptors(sp.GetServices<IInterceptor>()));
        services.AddSingleton<IDbContextFactory<CaseDeskDbContext>>(sp => new Upcast<SqliteCaseDeskDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteCaseDeskDbContext>>()));
    }

    internal override Task BeforeMigrateAsync(CaseDeskDbContext db, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(File);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// WAL, then <c>PRAGMA optimize</c> (SQLite's own advice for every start): cheap, and it re-analyses the
    /// tables that grew tenfold since their statistics were taken.
    /// </summary>
    internal override async Task AfterMigrateAsync(CaseDeskDbContext db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA optimize = 0x10002;", ct);
    }

    public override async Task RefreshPlannerStatisticsAsync(CancellationToken ct = default)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000; ANALYZE;";
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(ct);
    }

    public override bool IsUnavailable(Exception ex) => IsUnavailableError(ex);

    public static new bool IsUnavailableError(Exception ex) =>
        Find<SqliteException>(ex) is { SqliteErrorCode: SqliteBusy or SqliteLocked or SqliteCantOpen };

    /// <summary>SQLite's online backup API: a consistent copy page by page while writers keep working.</summary>
    public override async Task BackupAsync(string file, CancellationToken ct = default)
    {
        var target = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (System.IO.File.Exists(target))
        {
            System.IO.File.Delete(target);
        }

        await using var source = new SqliteConnection(ConnectionString);
        await source.OpenAsync(ct);
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await destination.OpenAsync(ct);
        source.BackupDatabase(destination);
    }

    /// <summary>Copies the backup back over the database file (through the backup API, so WAL leftovers cannot mix in).</summary>
    public override async Task RestoreAsync(string file, CancellationToken ct = default)
    {
        var backup = Path.GetFullPath(file);
        if (!System.IO.File.Exists(backup))
        {
            throw new ConfigurationProblem($"找不到備份檔 {backup}。 (Backup file not found.)");
        }

        ClearPools();
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = backup, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await source.OpenAsync(ct);
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await destination.OpenAsync(ct);
        source.BackupDatabase(destination);
    }

    public override void ClearPools() => SqliteConnection.ClearAllPools();

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }
}
