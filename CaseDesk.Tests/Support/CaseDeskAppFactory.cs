using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseDesk.Tests.Support;

/// <summary>
/// The whole web app on a fresh database of the run's engine (a SQLite file unless the run selects
/// PostgreSQL) with the Development demo office (demo sign-ins, a few dozen cases). <see cref="StartKestrel"/>
/// gives it a real socket for a browser.
/// </summary>
public class CaseDeskAppFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casedesk-web-tests", Guid.NewGuid().ToString("N"));
    private TestDatabase? _ownDatabase;

    /// <summary>Set to run this app on a database another app (another "server") uses too; its owner drops it.</summary>
    public TestDatabase? SharedDatabase { get; init; }

    /// <summary>The app's database: the run's engine (<see cref="TestDatabase"/>), fresh for this app unless shared.</summary>
    public TestDatabase Database => SharedDatabase ?? (_ownDatabase ??= CreateOwnDatabase());

    /// <summary>Services a test adds or replaces (a log capture, say), after the app's own.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    /// <summary>Settings a test adds to the app's configuration (applied last).</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    /// <summary>When set, the app runs on this clock (a browser test can move time past a due date).</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider? Clock { get; init; }

    /// <summary>Most tests call services directly; the Hangfire server runs only where a test needs jobs.</summary>
    public bool RunJobServer { get; init; }

    /// <summary>Starts Kestrel on a free loopback port and returns the base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        return ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Database.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Demo:CaseCount", "80");
        builder.UseSetting("Hangfire:StorageFile", Path.Combine(_folder, "hangfire.db"));
        builder.UseSetting("Hangfire:Server", RunJobServer ? "true" : "false");
        builder.UseSetting("Mail:PickupDirectory", Path.Combine(_folder, "mail"));
        builder.UseSetting("Installments:DocumentFolder", Path.Combine(_folder, "documents"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // One app serves a whole test class, all from one address: the sign-in rate limit has its own test.
        builder.UseSetting("Security:SignInAttemptsPerMinute", "10000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (ExtraServices is { } extra)
        {
            builder.ConfigureServices(extra);
        }

        if (Clock is { } clock)
        {
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            });
        }
    }

    private TestDatabase CreateOwnDatabase()
    {
        Directory.CreateDirectory(_folder);
        return TestDatabase.CreateAsync(_folder).GetAwaiter().GetResult();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownDatabase is not null)
        {
            await _ownDatabase.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }

        GC.SuppressFinalize(this);
    }
}
