using CaseDesk.Domain;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Data.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseDesk.Tests.Support;

/// <summary>
/// The engine a test runs on. SQLite (a file in the test's folder) unless CASEDESK_TEST_PROVIDER=Postgres; then a
/// fresh PostgreSQL database per test, copied from a template that was migrated and seeded once per run, on the
/// server named by CASEDESK_TEST_POSTGRES (default <see cref="DefaultServer"/>). `.ci/run` runs the data-layer and
/// integration tests a second time that way, so a query that only works on SQLite fails CI.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";
    private const string Prefix = "casedesk_t_";

    /// <summary>Whether the test run that created <paramref name="database"/> (casedesk_t_[template_]&lt;pid&gt;…) has ended.</summary>
    private static bool OwnerIsGone(string database)
    {
        var rest = database[Prefix.Length..];
        rest = rest.StartsWith("template_", StringComparison.Ordinal) ? rest["template_".Length..] : rest;
        var digits = new string([.. rest.TakeWhile(char.IsAsciiDigit)]);
        if (!int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var pid))
        {
            return true; // named before databases carried their run's process id
        }

        try
        {
            using var owner = System.Diagnostics.Process.GetProcessById(pid);
            return owner.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresName = postgresName;
    }

    private readonly string? _postgresName;

    public static DatabaseProvider SelectedProvider =>
        string.Equals(Environment.GetEnvironmentVariable("CASEDESK_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>The PostgreSQL server for tests (the maintenance database).</summary>
    public static string PostgresServer => Environment.GetEnvironmentVariable("CASEDESK_TEST_POSTGRES") is { Length: > 0 } server ? server : DefaultServer;

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The settings that select this engine: <c>Database:Provider</c> and <c>ConnectionStrings:CaseDesk</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [DatabaseEngine.ProviderKey] = Provider.ToString(),
        ["ConnectionStrings:CaseDesk"] = ConnectionString,
    };

    /// <summary>A database for one test: a file in <paramref name="folder"/>, or a PostgreSQL copy of the seeded template.</summary>
    public static async Task<TestDatabase> CreateAsync(string folder, DatabaseProvider? provider = null)
    {
        if ((provider ?? SelectedProvider) == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "casedesk.db")}", null);
        }

        var template = await EnsureTemplateAsync();
        var name = $"{Prefix}{Environment.ProcessId}_{Guid.NewGuid():N}";
        // FILE_COPY (PostgreSQL 15+): a plain file copy, several times faster than WAL-logging a small template.
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" STRATEGY FILE_COPY");
        return new TestDatabase(DatabaseProvider.Postgres, Database(name), name);
    }

    /// <summary>An empty PostgreSQL database (not from the template), for tests of start-up itself.</summary>
    public static async Task<TestDatabase> CreateEmptyPostgresAsync()
    {
        var name = $"{Prefix}{Environment.ProcessId}_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return new TestDatabase(DatabaseProvider.Postgres, Database(name), name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)");
        }
    }

    private static string Database(string name) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, IncludeErrorDetail = true }.ConnectionString;

    /// <summary>
    /// Migrated and seeded (calendar, units, agencies, the statutory tiers) once per test run: copying it is far
    /// faster than migrating a database per test. Leftovers of earlier runs are dropped first.
    /// </summary>
    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is not null)
            {
                return _template;
            }

            await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres" }.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE '{Prefix}%'", connection);
                var leftovers = new List<string>();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        leftovers.Add(reader.GetString(0));
                    }
                }

                // Only what a finished run left behind: another test run on the same server (a second worktree, a
                // parallel CI job) keeps its databases, named with its process id, while that process lives.
                foreach (var leftover in leftovers.Where(OwnerIsGone))
                {
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{leftover}\" WITH (FORCE)", connection);
                    await drop.ExecuteNonQueryAsync();
                }
            }

            var template = Prefix + "template_" + Environment.ProcessId;
            await ExecuteAsync($"CREATE DATABASE \"{template}\"");
            var services = new ServiceCollection();
            services.AddLogging();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DatabaseEngine.ProviderKey] = "Postgres" }).Build();
            services.AddCaseDeskDomain(configuration, Database(template), AppContext.BaseDirectory);
            await using (var provider = services.BuildServiceProvider())
            {
                await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            _template = template;
            return template;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
