using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CaseDesk.Tests.ScaleOut;

/// <summary>What an operator sees when the database is missing, misnamed or restarting.</summary>
public sealed class DatabaseFaultTests
{
    [Fact]
    public void WrongProviderName_IsRefused_WithTheValidNames()
    {
        var problem = Assert.Throws<ConfigurationProblem>(() => DatabaseEngine.Parse("Oracle"));

        Assert.Contains("Database:Provider", problem.Message);
        Assert.Contains("「Oracle」", problem.Message);
        Assert.Contains("Sqlite、Postgres", problem.Message);
        Assert.Equal(DatabaseProvider.Postgres, DatabaseEngine.Parse("postgresql"));
        Assert.Equal(DatabaseProvider.Sqlite, DatabaseEngine.Parse(""));
    }

    [Fact]
    public async Task WrongProviderName_TheServerStopsAtOnce_WithOneLineAndNoStackTrace()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CaseDesk.Web.dll"));
        start.ArgumentList.Add("--Database:Provider=Oracle");
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, process.ExitCode);
        Assert.Contains("可用的值：Sqlite、Postgres", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [PostgresFact]
    public async Task WrongPostgresPassword_TheServerStopsAtOnce_WithOneLineNamingHostAndUser()
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer);
        var wrong = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "casedesk_t_wrongpassword", Password = "not-the-password" };

        var (exit, stderr, stdout) = await RunServerAsync("--Database:Provider=Postgres", $"--ConnectionStrings:CaseDesk={wrong.ConnectionString}");

        Assert.Equal(3, exit);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains($"PostgreSQL {server.Host}:{server.Port}", line);
        Assert.Contains($"「{server.Username}」", line);
        Assert.Contains("28P01", line);
        Assert.Contains("Password", line);
        Assert.DoesNotContain("not-the-password", stderr + stdout);
        Assert.DoesNotContain("   at ", stderr + stdout);
    }

    [PostgresFact]
    public async Task MissingPostgresDatabase_UserMayNotCreateIt_TheServerStopsAtOnce_WithOneLine()
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer);
        var role = $"casedesk_t_nocreate_{Environment.ProcessId}";
        await ExecuteAsync($"DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN NOCREATEDB PASSWORD 'Nocreate-2026'");
        try
        {
            var missing = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "casedesk_t_missing_db", Username = role, Password = "Nocreate-2026" };

            var (exit, stderr, stdout) = await RunServerAsync("--Database:Provider=Postgres", $"--ConnectionStrings:CaseDesk={missing.ConnectionString}");

            Assert.Equal(3, exit);
            var line = Assert.Single(stderr.Trim().Split('\n'));
            Assert.Contains($"PostgreSQL {server.Host}:{server.Port}", line);
            Assert.Contains("「casedesk_t_missing_db」（3D000）", line);
            Assert.Contains($"「{role}」", line);
            Assert.DoesNotContain("   at ", stderr + stdout);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    private static async Task<(int Exit, string Stderr, string Stdout)> RunServerAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CaseDesk.Web.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stderr, await stdout);
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [PostgresFact]
    public async Task PostgresUnreachableAtStartUp_ServerStartsAnyway_SaysWhichHost_ThenServesOnceItAnswers()
    {
        var folder = Path.Combine(Path.GetTempPath(), "casedesk-faults", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var database = await TestDatabase.CreateAsync(folder, DatabaseProvider.Postgres);
        await using var proxy = new TcpProxy(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer).Host!, new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer).Port);
        var logs = new CapturedLogs();
        await using var app = new CaseDeskAppFactory
        {
            SharedDatabase = database,
            Settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:CaseDesk"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = proxy.Port, Timeout = 3 }.ConnectionString,
                ["Database:StartupRetrySeconds"] = "1",
            },
            ExtraServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };
        var address = app.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };

        var health = await client.GetAsync("/healthz");
        var page = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var report = await health.Content.ReadAsStringAsync();
        Assert.StartsWith("Unhealthy", report);
        Assert.Contains($"127.0.0.1:{proxy.Port}", report);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("id=\"database-unavailable\"", await page.Content.ReadAsStringAsync());
        var error = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains($"127.0.0.1:{proxy.Port}", error.Message);
        Assert.Null(error.Exception); // one line for the operator, no stack trace

        proxy.Start();
        await PostgresServersTests.WaitUntilAsync(() => client.GetAsync("/healthz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "the server becoming healthy");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Single(logs.Entries, e => e.Level >= LogLevel.Error); // retries with the same reason were not logged again
        AssertOperatorLog(logs);
    }

    /// <summary>No stack trace in any category, and no warning or error repeated with every retry.</summary>
    private static void AssertOperatorLog(CapturedLogs logs)
    {
        var entries = logs.Entries.ToList();
        var withException = entries.Where(e => e.Exception is not null).Select(e => $"{e.Category}: {e.Message} ({Chain(e.Exception!)})").ToList();
        Assert.True(withException.Count == 0, string.Join("\n", withException));
        var repeated = entries.Where(e => e.Level >= LogLevel.Warning).GroupBy(e => (e.Category, e.Message)).Where(g => g.Count() > 1)
            .Select(g => $"{g.Count()}x {g.Key.Category}: {g.Key.Message}").ToList();
        Assert.True(repeated.Count == 0, string.Join("\n", repeated));
    }

    [PostgresFact]
    public async Task ChangeLink_WhileTheDatabaseIsDown_LogsTheFailureOnce_AndWhenItIsBack()
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Database = "postgres", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        await using var notifier = new PostgresChangeNotifier(connectionString, loggers.CreateLogger<PostgresChangeNotifier>());

        await Task.Delay(TimeSpan.FromSeconds(3.5)); // three or four retries, one a second
        var down = logs.Entries.ToList();
        proxy.Start();
        await notifier.Listening.WaitAsync(TimeSpan.FromSeconds(20));

        var warning = Assert.Single(down, e => e.Level >= LogLevel.Warning);
        Assert.Contains("Connection refused", warning.Message);
        Assert.Null(warning.Exception);
        await PostgresServersTests.WaitUntilAsync(() => logs.Entries.Any(e => e.Message.Contains("已恢復", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "the link-is-back line");
        Assert.Single(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [PostgresFact]
    public async Task DatabaseRestartsUnderLoad_SavesFailWithTheReconnectingMessage_NothingIsLostOrSavedTwice()
    {
        var folder = Path.Combine(Path.GetTempPath(), "casedesk-faults", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var database = await TestDatabase.CreateAsync(folder, DatabaseProvider.Postgres);
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        proxy.Start();
        var logs = new CapturedLogs();
        await using var app = new CaseDeskAppFactory
        {
            SharedDatabase = database,
            Settings = new Dictionary<string, string?> { ["ConnectionStrings:CaseDesk"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = proxy.Port, Timeout = 3 }.ConnectionString },
            ExtraServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };
        app.StartKestrel();
        var petitions = app.Services.GetRequiredService<PetitionService>();
        var logger = app.Services.GetRequiredService<ILogger<DatabaseFaultTests>>();
        var (clerk, unitId) = await ClerkAsync(app);
        var received = TestClock.TaipeiMinuteAgo();
        var outcomes = new ConcurrentDictionary<string, string>();
        var refusedAttempts = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        // Eight clerks keep registering petitions through the forms' save path while the database restarts. A clerk
        // told "may not have been saved" presses 儲存 again with the same form (the same submission key) until it is saved.
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var subject = $"重新連線測試 {w}-{n}";
                var submission = Guid.NewGuid();
                var input = new PetitionInput
                {
                    Channel = PetitionChannel.Phone, ReceivedOn = DateOnly.FromDateTime(received), ReceivedAt = TimeOnly.FromDateTime(received),
                    Category = PetitionCategory.LegalInquiry, Subject = subject, Content = "內容", UnitId = unitId, HandlerId = clerk.StaffId,
                };
                while (true)
                {
                    var saved = await GuardedSave.RunAsync<Petition>(submission, () => petitions.RegisterAsync(clerk, input), logger);
                    outcomes[subject] = saved.Succeeded ? $"saved {saved.Value}" : saved.Errors[0].Code;
                    if (saved.Succeeded || stop.IsCancellationRequested)
                    {
                        break;
                    }

                    refusedAttempts.Add(saved.Errors[0].Code);
                    await Task.Delay(50);
                }

                await Task.Delay(10);
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        proxy.Stop();                                   // the database goes down: open connections are cut
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var duringOutage = outcomes.Count;
        proxy.Start();                                  // and comes back
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.NotEmpty(refusedAttempts);
        var unexpected = logs.Entries.Where(e => e.Exception is not null && e.Category.StartsWith("CaseDesk", StringComparison.Ordinal)).Select(e => Chain(e.Exception!)).Distinct().ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
        Assert.All(refusedAttempts, code => Assert.Equal(GuardedSave.UnavailableCode, code)); // the reconnecting message, never "unexpected error"
        Assert.True(outcomes.Count > duringOutage, "saving works again once the database is back");

        await using var db = await app.Services.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        var stored = await db.Petitions.Where(p => p.Subject.StartsWith("重新連線測試")).GroupBy(p => p.Subject).Select(g => new { Subject = g.Key, Count = g.Count(), Id = g.Min(p => p.Id) }).ToListAsync();
        Assert.All(stored, s => Assert.Equal(1, s.Count)); // nothing saved twice, however often 儲存 was pressed
        var storedIds = stored.ToDictionary(s => s.Subject, s => s.Id);
        // Nothing reported saved is missing, and every "saved" answer names the one stored petition.
        Assert.All(outcomes.Where(o => o.Value.StartsWith("saved ", StringComparison.Ordinal)), o => Assert.Equal($"saved {storedIds[o.Key]}", o.Value));
        // Every subject but those a clerk was still retrying when the test stopped was saved.
        Assert.True(outcomes.Count(o => !o.Value.StartsWith("saved ", StringComparison.Ordinal)) <= 8, string.Join(", ", outcomes.Where(o => !o.Value.StartsWith("saved ", StringComparison.Ordinal))));
    }

    private static string Chain(Exception ex) =>
        string.Join(" <- ", Enumerable.Repeat(ex, 1).Concat(Inner(ex)).Select(e => $"{e.GetType().Name}: {e.Message}"));

    private static IEnumerable<Exception> Inner(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static async Task<(Actor Clerk, int UnitId)> ClerkAsync(CaseDeskAppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        return (TestDomain.Clerk(lin.Id, lin.UnitId!.Value), lin.UnitId!.Value);
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;


            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                // Every category: ASP.NET Core's, EF Core's, Hangfire's and Npgsql's lines reach the operator too.
                owner.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
