using System.Diagnostics;
using System.Globalization;
using System.Text;
using CaseDesk.Benchmarks;
using CaseDesk.Domain;
using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.WriteLine("""
        CaseDesk benchmarks: fills a fresh database with an office of --scale × (1,000,000 cases, 200,000 petitions, 100,000
        installment plans, 50,000 referrals, 100,000 after-hours calls, a year of duty roster), then measures CaseDesk
        beside raw baselines and writes benchmarks/results/<date>-<provider>.md.

          --provider Sqlite|Postgres   (default Sqlite)
          --connection <string>        (SQLite default: benchmarks/CaseDesk.Benchmarks/App_Data/bench.db;
                                        PostgreSQL default: Host=127.0.0.1;Username=postgres;Password=postgres;Database=casedesk_bench)
          --scale <factor>             (default 1; 0.01 for a quick run)
          --runs <n>                   timed runs per measurement after the warm-up (default 20)
          --intake-seconds <n>         how long each intake level runs (default 10)
          --rows-per-statement <n>     rows in one INSERT of the generator (default: SQLite 1, PostgreSQL 100)
          --reuse                      keep the database of the last run instead of generating a new one
          --circuits <n>               Blazor circuits (Chromium pages) held for the memory measurement (default 50)
          --http-seconds <n>           how long each HTTP endpoint is loaded (default 10)
          --only <names>               run only these measurements, comma-separated: dashboard,cases,scan,intake,fanout,circuits,memory,http
        The database is dropped and created again unless --reuse is given.
        """);
    return 1;
}

var repoRoot = FindRepoRoot();
var provider = DatabaseEngine.Parse(options.Provider);
var isPostgres = provider == DatabaseProvider.Postgres;
var connectionString = options.Connection ?? (isPostgres
    ? "Host=127.0.0.1;Username=postgres;Password=postgres;Database=casedesk_bench"
    : $"Data Source={Path.Combine(repoRoot, "benchmarks", "CaseDesk.Benchmarks", "App_Data", "bench.db")}");
var volume = Volume.At(options.Scale);
var machine = Machine.Describe();
Console.WriteLine($"CaseDesk benchmarks on {machine}; provider {provider}; scale {options.Scale}");

if (!options.Reuse)
{
    await FreshDatabaseAsync(provider, connectionString);
}

var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DatabaseEngine.ProviderKey] = provider.ToString() }).Build();
var services = new ServiceCollection();
services.AddLogging();
services.AddCaseDeskDomain(config, connectionString, repoRoot);
await using var sp = services.BuildServiceProvider();
var engine = sp.GetRequiredService<DatabaseEngine>();

var migrate = Stopwatch.StartNew();
await sp.GetRequiredService<DatabaseInitializer>().InitializeAsync();
migrate.Stop();
Console.WriteLine($"Migrated and seeded the reference data through CaseDesk's DatabaseInitializer in {migrate.Elapsed.TotalSeconds:F1} s ({engine.Target})");

var clock = sp.GetRequiredService<TimeProvider>();
var today = TaipeiTime.Today(clock);
var calendar = await sp.GetRequiredService<CalendarService>().GetAsync();
IReadOnlyList<TableLoad> loads = [];
TimeSpan? generated = null;
TimeSpan? plannerStatistics = null;
if (!options.Reuse)
{
    Console.WriteLine("Generating the office:");
    await using var connection = await OpenBulkConnectionAsync(engine);
    var agencies = await RawSql.ScalarAsync(connection, """SELECT COUNT(*) FROM "Agencies" """);
    var generator = new VolumeGenerator(connection, isPostgres, calendar, today, clock.GetUtcNow().UtcDateTime);
    if (options.RowsPerStatement is { } perStatement)
    {
        generator = new VolumeGenerator(connection, isPostgres, calendar, today, clock.GetUtcNow().UtcDateTime) { RowsPerStatement = perStatement };
    }

    generated = await generator.GenerateAsync(volume, (int)agencies);
    loads = generator.Loads;
    if (isPostgres)
    {
        // PostgreSQL's autovacuum would analyse the new tables within a minute anyway; done here so that every run starts the same.
        await RawSql.ExecuteAsync(connection, "ANALYZE");
    }
    else
    {
        // What CaseDesk's nightly planner-statistics job does on SQLite (an office database is at most a day old in this respect).
        var analyse = Stopwatch.StartNew();
        await engine.RefreshPlannerStatisticsAsync();
        plannerStatistics = analyse.Elapsed;
    }

    Console.WriteLine($"Generated {loads.Sum(l => l.Rows):N0} rows in {generated.Value.TotalSeconds:F1} s");
}

var raw = new RawSql(engine);
var measurements = new Measurements(sp, raw, options.Runs, options.IntakeSeconds);
if (options.Only?.Except(BenchOptions.Names).FirstOrDefault() is { } unknown)
{
    Console.Error.WriteLine($"--only: unknown measurement '{unknown}' (one or more of {string.Join(", ", BenchOptions.Names)})");
    return 2;
}

if (options.Measures("dashboard")) { await measurements.DashboardAsync(); }
if (options.Measures("cases")) { await measurements.CaseListAsync(); }
if (options.Measures("scan")) { await measurements.ReminderScanAsync(); }
if (options.Measures("intake")) { await measurements.IntakeAsync(); }
if (options.Measures("fanout")) { await measurements.FanOutAsync(); }
if (options.Measures("circuits") || options.Measures("memory") || options.Measures("http"))
{
    // CaseDesk itself on a socket, on the same database: real circuits in Chromium and HTTP load.
    await new WebMeasurements(provider, connectionString, options.Circuits, options.HttpSeconds, measurements.Rows, measurements.Notes)
        .RunAsync(live: options.Measures("circuits"), memory: options.Measures("memory"), http: options.Measures("http"));
}

var report = Report(options, args, machine, provider, volume, loads, generated, plannerStatistics, measurements);
var folder = Path.Combine(repoRoot, "benchmarks", "results");
Directory.CreateDirectory(folder);
var file = Path.Combine(folder, $"{today:yyyy-MM-dd}-{provider.ToString().ToLowerInvariant()}{(options.Scale == 1 ? "" : $"-scale{options.Scale.ToString(CultureInfo.InvariantCulture)}")}{(options.Only is null ? "" : "-only-" + string.Join('-', options.Only.Order()))}.md");
await File.WriteAllTextAsync(file, report);
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Written to {file}");
return 0;

static string FindRepoRoot()
{
    foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CaseDesk.sln")))
            {
                return dir.FullName;
            }
        }
    }

    return Environment.CurrentDirectory;
}

static async Task FreshDatabaseAsync(DatabaseProvider provider, string connectionString)
{
    if (provider == DatabaseProvider.Postgres)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = string.IsNullOrEmpty(target.Database) ? throw new ArgumentException("--connection must name the benchmark database (Database=…): it is dropped and created.") : target.Database;
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ToString());
        await connection.OpenAsync();
        await RawSql.ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)");
        await RawSql.ExecuteAsync(connection, $"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        return;
    }

    var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(file + suffix);
    }
}

static async Task<System.Data.Common.DbConnection> OpenBulkConnectionAsync(DatabaseEngine engine)
{
    if (engine.Provider == DatabaseProvider.Postgres)
    {
        var builder = new NpgsqlConnectionStringBuilder(engine.ConnectionString) { MaxAutoPrepare = 16, AutoPrepareMinUsages = 2 };
        var pg = new NpgsqlConnection(builder.ToString());
        await pg.OpenAsync();
        return pg;
    }

    var sqlite = new SqliteConnection(engine.ConnectionString);
    await sqlite.OpenAsync();
    // CaseDesk's own connection settings, with a larger page cache for the load (64 MB) so that index pages stay in memory.
    await RawSql.ExecuteAsync(sqlite, "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;");
    return sqlite;
}

static string Report(BenchOptions options, string[] args, string machine, DatabaseProvider provider, Volume volume, IReadOnlyList<TableLoad> loads, TimeSpan? generated, TimeSpan? plannerStatistics, Measurements m)
{
    var md = new StringBuilder();
    md.AppendLine(CultureInfo.InvariantCulture, $"# CaseDesk benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {provider}");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project benchmarks/CaseDesk.Benchmarks -- {string.Join(' ', args)}`");
    md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}; .NET {Environment.Version}; {Environment.OSVersion}");
    md.AppendLine(CultureInfo.InvariantCulture, $"- Volume (scale {options.Scale.ToString(CultureInfo.InvariantCulture)}): {volume.Cases:N0} cases, {volume.Petitions:N0} petitions, {volume.Plans:N0} installment plans, {volume.Referrals:N0} referrals, {volume.Calls:N0} after-hours calls, a year of duty roster for {VolumeGenerator.UnitCount} pools");
    md.AppendLine(CultureInfo.InvariantCulture, $"- Every figure: {options.Runs} timed runs after a warm-up (the reminder scan: {Math.Max(3, Math.Min(options.Runs, 10))} runs, each on cleared reminders); median and p95 by nearest rank. Ratio = CaseDesk ÷ baseline.");
    md.AppendLine("- The machine is shared (2 cores, other engineers' builds may run at the same time): figures are what this run saw, not a best case.");
    md.AppendLine();
    md.AppendLine("## Volume generator");
    md.AppendLine();
    if (generated is null)
    {
        md.AppendLine("Not run (`--reuse`): the database of an earlier run was measured.");
    }
    else
    {
        md.AppendLine("| table | rows | seconds | rows/s |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var l in loads)
        {
            if (l.Rows == 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {l.Table} | — | {l.Elapsed.TotalSeconds:F1} | — |");
            }
            else
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {l.Table} | {l.Rows:N0} | {l.Elapsed.TotalSeconds:F1} | {l.RowsPerSecond:N0} |");
            }
        }

        var rows = loads.Sum(l => l.Rows);
        md.AppendLine(CultureInfo.InvariantCulture, $"| **total** | **{rows:N0}** | **{generated.Value.TotalSeconds:F1}** | **{rows / generated.Value.TotalSeconds:N0}** |");
        md.AppendLine();
        var goal = provider == DatabaseProvider.Sqlite && options.Scale >= 1
            ? (generated.Value.TotalSeconds < 60 ? "met" : "**missed**")
            : "not applicable (the goal is for the full set on SQLite)";
        md.AppendLine(CultureInfo.InvariantCulture, $"Goal: the whole set in under 60 s on SQLite — {goal}. Prepared INSERTs of {(provider == DatabaseProvider.Postgres ? "up to 100 rows" : "one row")} a statement, a commit every {BulkWriter.RowsPerTransaction:N0} rows, into the tables with their keys and unique indexes; the other indexes the migrations create are built once the rows are in (the last line, counted in the total).");
    }

    md.AppendLine();
    md.AppendLine("## Measurements");
    md.AppendLine();
    md.AppendLine("| measurement | CaseDesk | baseline (same run) | ratio | goal | goal met? |");
    md.AppendLine("|---|---|---|---|---|---|");
    foreach (var r in m.Rows)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Measurement} | {r.CaseDesk} | {r.Baseline} | {r.Ratio} | {r.Goal} | {r.Verdict} |");
    }

    md.AppendLine();
    md.AppendLine("## Notes");
    md.AppendLine();
    foreach (var note in m.Notes)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
    }

    if (options.Measures("scan"))
    {
        md.AppendLine("- (3) The baseline records the same reminders and the handler's/clerk's notification of each, in one transaction; it leaves out what the scan does besides (escalations to supervisors, duty reminders, the mails, ending expired deferrals), so the ratio flatters the baseline.");
    }

    if (options.Measures("intake"))
    {
        md.AppendLine("- (4) CaseDesk's intake validates the input, takes the next number from the counter row in the saving transaction and writes the audit row; the baseline inserts one bare row per transaction on its own connection.");
    }

    md.AppendLine(provider == DatabaseProvider.Sqlite
        ? plannerStatistics is { } analysed
            ? $"- SQLite: after the load the benchmark ran what CaseDesk's nightly planner-statistics job runs (ANALYZE), in {analysed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s; an office database's statistics are at most a day old."
            : "- SQLite: the database of an earlier run (`--reuse`), with the statistics that run took."
        : "- PostgreSQL: ANALYZE was run once after the load.");
    return md.ToString();
}

internal sealed record BenchOptions(string Provider, string? Connection, double Scale, int Runs, int IntakeSeconds, bool Reuse, int? RowsPerStatement = null, IReadOnlySet<string>? Only = null, int Circuits = 50, int HttpSeconds = 10)
{
    public static readonly string[] Names = ["dashboard", "cases", "scan", "intake", "fanout", "circuits", "memory", "http"];

    public bool Measures(string name) => Only is null || Only.Contains(name);

    public static BenchOptions? Parse(string[] args)
    {
        var o = new BenchOptions("Sqlite", null, 1, 20, 10, false);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            o = args[i] switch
            {
                "--provider" => o with { Provider = Next() },
                "--connection" => o with { Connection = Next() },
                "--scale" => o with { Scale = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--runs" => o with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--intake-seconds" => o with { IntakeSeconds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--reuse" => o with { Reuse = true },
                "--rows-per-statement" => o with { RowsPerStatement = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--circuits" => o with { Circuits = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--http-seconds" => o with { HttpSeconds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--only" => o with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() },
                _ => null!,
            };
            if (o is null)
            {
                return null;
            }
        }

        return o;
    }
}

internal static class Machine
{
    public static string Describe()
    {
        var model = "unknown CPU";
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? model;
        }
        catch (IOException)
        {
        }

        return $"{model}, {Environment.ProcessorCount} cores";
    }
}
