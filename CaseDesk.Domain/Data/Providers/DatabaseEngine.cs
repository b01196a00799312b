using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Domain.Data.Providers;

/// <summary>The database engines CaseDesk runs on: SQLite embedded on one machine, PostgreSQL for several servers.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>A setting that cannot work, stated for the operator: start-up prints it and stops, without a stack trace.</summary>
public sealed class ConfigurationProblem(string message) : Exception(message);

/// <summary>
/// Everything that differs between the engines, and the only code that knows which one is in use: how the
/// context is registered, what start-up does around the migrations, how the engine reports an unreachable
/// server or a duplicate, and how a backup is taken and restored. Services and pages never ask which engine runs.
/// </summary>
public abstract class DatabaseEngine
{
    public const string SectionName = "Database";
    public const string ProviderKey = "Database:Provider";

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The resolved connection string (a relative SQLite path made absolute).</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Where the data lives, for messages: the SQLite file, or the PostgreSQL host, port and database (never the password).</summary>
    public abstract string Target { get; }

    public static DatabaseEngine Create(IConfiguration configuration, string connectionString, string contentRoot) =>
        Parse(configuration[ProviderKey]) switch
        {
            DatabaseProvider.Postgres => new PostgresEngine(connectionString),
            _ => new SqliteEngine(connectionString, contentRoot),
        };

    /// <summary>Reads <c>Database:Provider</c>; empty means SQLite. Anything else is refused with the valid names.</summary>
    public static DatabaseProvider Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return DatabaseProvider.Sqlite;
        }

        if (Enum.TryParse<DatabaseProvider>(name.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider))
        {
            return provider;
        }

        if (string.Equals(name.Trim(), "PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Postgres;
        }

        throw new ConfigurationProblem(
            $"設定 {ProviderKey} 的值「{name}」無法辨識；可用的值：{string.Join("、", Enum.GetNames<DatabaseProvider>())}。" +
            $" (Unknown database provider '{name}'; valid values: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.)");
    }

    /// <summary>
    /// Registers <see cref="IDbContextFactory{CaseDeskDbContext}"/> for this engine's derived context, with every
    /// <see cref="Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor"/> registered as a service (tests use one to
    /// inject faults), and the engine's change notifier where it has one of its own (otherwise the in-process one).
    /// </summary>
    internal abstract void AddServices(IServiceCollection services);

    /// <summary>
    /// EF Core's "An error occurred using the connection to database" comes with a stack trace for every attempt while
    /// the database is down: the failure reaches the caller, which says it once (start-up's one line, /healthz, the
    /// reconnecting message), so EF Core's own line is kept for Debug logging only.
    /// </summary>
    internal static void QuietConnectionErrors(Microsoft.EntityFrameworkCore.Diagnostics.WarningsConfigurationBuilder warnings) =>
        warnings.Log((Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.ConnectionError, Microsoft.Extensions.Logging.LogLevel.Debug));

    /// <summary>
    /// Held while a server does its start-up work (migrations, reference and demo data), so that servers started
    /// together do it one after the other: the second finds everything in place.
    /// </summary>
    public virtual Task<IAsyncDisposable> AcquireStartupLockAsync(CancellationToken ct = default) => Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    /// <summary>Before the migrations run (SQLite: the folder of the file must exist).</summary>
    internal virtual Task BeforeMigrateAsync(CaseDeskDbContext db, CancellationToken ct) => Task.CompletedTask;

    /// <summary>After the migrations ran (SQLite: switch the file to WAL).</summary>
    internal virtual Task AfterMigrateAsync(CaseDeskDbContext db, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Brings the query planner's table statistics up to date, so that it picks the right index at volume (SQLite:
    /// a full <c>ANALYZE</c> — without statistics SQLite sorts 674,000 active cases to show the 50 largest debts
    /// instead of walking the amount index: 1.8 s against 1 ms at a million cases). PostgreSQL's autovacuum keeps
    /// its statistics itself: nothing to do. Run nightly by a recurring job, and by the benchmark after loading.
    /// </summary>
    public virtual Task RefreshPlannerStatisticsAsync(CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>
    /// Whether <paramref name="ex"/> says the database cannot be reached right now (server down or restarting,
    /// network gone, SQLite file busy past its timeout): the work did not happen and may be tried again.
    /// </summary>
    public abstract bool IsUnavailable(Exception ex);

    /// <summary>
    /// <see cref="IsUnavailable"/> for code that holds no engine (a page's error handling): each engine recognises
    /// only its own exceptions, so asking both is exact.
    /// </summary>
    public static bool IsUnavailableError(Exception ex) => SqliteEngine.IsUnavailableError(ex) || PostgresEngine.IsUnavailableError(ex);

    /// <summary>One line for the operator: what could not be reached and why.</summary>
    public string DescribeFailure(Exception ex) =>
        $"無法連線到資料庫 {Target}：{ex.GetBaseException().Message} (database unreachable: {Target})";

    /// <summary>
    /// Copies the whole database to <paramref name="file"/> while CaseDesk keeps running: SQLite's online backup,
    /// or <c>pg_dump</c> in its custom format.
    /// </summary>
    public abstract Task BackupAsync(string file, CancellationToken ct = default);

    /// <summary>Replaces the database with the copy in <paramref name="file"/>. CaseDesk must be stopped.</summary>
    public abstract Task RestoreAsync(string file, CancellationToken ct = default);

    /// <summary>Drops pooled connections (after a restore, or when the server restarted under them).</summary>
    public abstract void ClearPools();

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Hands out the engine's derived context as the shared model type.</summary>
    internal sealed class Upcast<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<CaseDeskDbContext>
        where TContext : CaseDeskDbContext
    {
        public CaseDeskDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<CaseDeskDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
