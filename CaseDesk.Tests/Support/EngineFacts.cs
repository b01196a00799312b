using CaseDesk.Domain.Data.Providers;
using Npgsql;

namespace CaseDesk.Tests.Support;

/// <summary>A test of SQLite itself (its pragmas, its file): skipped in the run on PostgreSQL, which has its own.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.SelectedProvider != DatabaseProvider.Sqlite)
        {
            Skip = "SQLite-specific; this run is on " + TestDatabase.SelectedProvider + ".";
        }
    }
}

/// <summary>
/// A test that needs a PostgreSQL server (several servers on one database, LISTEN/NOTIFY, pg_dump), whichever
/// engine the run selects. Without a reachable server it reports itself skipped with the reason, unless
/// CASEDESK_REQUIRE_POSTGRES=1 (set by .ci/run): then it runs and fails loudly.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unreachable = new(Probe);

    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CASEDESK_REQUIRE_POSTGRES") != "1" && Unreachable.Value is { } reason)
        {
            Skip = $"PostgreSQL not reachable at {new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer).Host} ({reason}); set CASEDESK_TEST_POSTGRES or install Debian's postgresql package.";
        }
    }

    /// <summary>Drives Chromium too: skipped without it, as a <see cref="Browser.BrowserFactAttribute"/> is.</summary>
    public bool NeedsBrowser
    {
        get => _needsBrowser;
        init
        {
            _needsBrowser = value;
            if (value && Skip is null && new Browser.BrowserFactAttribute().Skip is { } noBrowser)
            {
                Skip = noBrowser;
            }
        }
    }

    private readonly bool _needsBrowser;

    private static string? Probe()
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "postgres", Timeout = 2, Pooling = false }.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            return ex.GetBaseException().Message;
        }
    }
}
