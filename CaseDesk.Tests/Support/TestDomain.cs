using CaseDesk.Domain;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseDesk.Tests.Support;

/// <summary>
/// The domain on a real database — a SQLite file in a temporary folder, or a PostgreSQL database when the run
/// selects it (<see cref="TestDatabase"/>) — migrated and seeded like at start-up, with a fake clock. One per test
/// (or per test class through a fixture).
/// </summary>
public sealed class TestDomain : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private readonly TestDatabase _database;

    private TestDomain(ServiceProvider services, string folder, FakeTimeProvider clock, TestDatabase database)
    {
        _services = services;
        Folder = folder;
        Clock = clock;
        _database = database;
    }

    public CaseDesk.Domain.Data.Providers.DatabaseProvider Provider => _database.Provider;

    /// <summary>Wednesday 2026-11-25 10:00 in Taipei.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "casedesk.db");

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _services;

    public CaseDeskDbFactory Db => Get<CaseDeskDbFactory>();

    /// <param name="now">Where the fake clock starts (it cannot go back): <see cref="DefaultNow"/> unless given.</param>
    /// <param name="engine">The engine: the run's (<see cref="TestDatabase.SelectedProvider"/>) unless a test needs one.</param>
    public static async Task<TestDomain> CreateAsync(bool demoData = false, int demoCases = 40, Action<IServiceCollection>? configure = null, DateTimeOffset? now = null, CaseDesk.Domain.Data.Providers.DatabaseProvider? engine = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "casedesk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = await TestDatabase.CreateAsync(folder, engine);
        var domain = Build(folder, new FakeTimeProvider(now ?? DefaultNow), database, ownsDatabase: true, configure);
        await domain.Get<DatabaseInitializer>().InitializeAsync();
        if (demoData)
        {
            // Tests count petitions exactly: the demo office's petitions stay out.
            domain.People = await DemoData.SeedAsync(domain.Db, demoCases, withPetitions: false);
        }

        return domain;
    }

    /// <summary>
    /// A second CaseDesk "server": its own services (its own change notifier, caches, clock at the same time) on this
    /// domain's database, which this domain still owns and drops.
    /// </summary>
    public async Task<TestDomain> SecondServerAsync(Action<IServiceCollection>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "casedesk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var second = Build(folder, new FakeTimeProvider(Clock.GetUtcNow()), _database, ownsDatabase: false, configure);
        await second.Get<DatabaseInitializer>().InitializeAsync();
        second.People = People;
        return second;
    }

    private static TestDomain Build(string folder, FakeTimeProvider clock, TestDatabase database, bool ownsDatabase, Action<IServiceCollection>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.Settings).Build();
        services.AddCaseDeskDomain(configuration, database.ConnectionString, folder);
        configure?.Invoke(services);
        return new TestDomain(services.BuildServiceProvider(), folder, clock, database) { _ownsDatabase = ownsDatabase };
    }

    private bool _ownsDatabase;

    public DemoPeople? People { get; private set; }

    /// <summary>A sign-in row (no password) for a staff member, with a role: what the scan and the digest join to.</summary>
    public async Task<string> AddUserAsync(string userName, int staffId, string role, string? email)
    {
        await using var db = await Db.OpenAsync(Actor.System);
        var roleRow = await db.Roles.SingleOrDefaultAsync(r => r.Name == role);
        if (roleRow is null)
        {
            roleRow = new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() };
            db.Roles.Add(roleRow);
        }

        var user = new AppUser { UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = userName, StaffMemberId = staffId, Email = email };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleRow.Id });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public DateOnly Today => TaipeiTime.Today(Clock);

    public static Actor Clerk(int staffId, int unitId, string name = "林雅婷") => new($"user-{staffId}", name, new HashSet<string> { Roles.Clerk }, staffId, unitId);

    public static Actor Supervisor(int staffId = 900, string name = "王建國") => new($"user-{staffId}", name, new HashSet<string> { Roles.Supervisor }, staffId);

    public static Actor Admin(string name = "陳怡君") => new("user-admin", name, new HashSet<string> { Roles.Admin });

    public static Actor DutyOfficer(string name = "黃志偉") => new("user-duty", name, new HashSet<string> { Roles.DutyOfficer });

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection; the temp folder is cleaned by the OS.
        }
    }
}
