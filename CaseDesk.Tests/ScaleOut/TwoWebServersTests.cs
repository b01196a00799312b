using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Petitions;
using CaseDesk.Tests.Browser;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace CaseDesk.Tests.ScaleOut;

/// <summary>Two CaseDesk web servers, each with its own job server, on one PostgreSQL database.</summary>
public sealed class TwoWebServers : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;

    public CaseDeskAppFactory A { get; private set; } = default!;

    public CaseDeskAppFactory B { get; private set; } = default!;

    public Uri AddressA { get; private set; } = default!;

    public Uri AddressB { get; private set; } = default!;

    public bool Started { get; private set; }

    public string KeyFolderA { get; private set; } = default!;

    public string KeyFolderB { get; private set; } = default!;

    /// <summary>
    /// Points the file-system fallback of Data Protection (used only when no repository is configured) at a folder of
    /// this server's own: were the database repository missing, the servers' keys would differ and the cookie fail.
    /// </summary>
    private static void UseOwnKeyFolder(IServiceCollection services, string folder)
    {
        Directory.CreateDirectory(folder);
        services.PostConfigure<KeyManagementOptions>(o =>
        {
            if (o.XmlRepository is null)
            {
                o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            }
        });
    }

    public async Task InitializeAsync()
    {
        if (new PostgresFactAttribute().Skip is not null)
        {
            return; // the tests report themselves skipped
        }

        var folder = Path.Combine(Path.GetTempPath(), "casedesk-two-servers", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Database = await TestDatabase.CreateAsync(folder, DatabaseProvider.Postgres);
        var settings = new Dictionary<string, string?> { ["Hangfire:SchedulePollingInterval"] = "00:00:01" };
        // Each server its own empty key folder (in one process both would otherwise share the default folder under
        // HOME): a cookie can only pass between them through the database's key ring.
        KeyFolderA = Path.Combine(folder, "keys-a");
        KeyFolderB = Path.Combine(folder, "keys-b");
        A = new CaseDeskAppFactory { SharedDatabase = Database, RunJobServer = true, Settings = settings, ExtraServices = s => UseOwnKeyFolder(s, KeyFolderA) };
        B = new CaseDeskAppFactory { SharedDatabase = Database, RunJobServer = true, Settings = settings, ExtraServices = s => UseOwnKeyFolder(s, KeyFolderB) };
        AddressA = A.StartKestrel();
        AddressB = B.StartKestrel();
        Started = true;
    }

    public async Task DisposeAsync()
    {
        if (!Started)
        {
            return;
        }

        await A.DisposeAsync();
        await B.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class TwoWebServersTests(TwoWebServers servers) : IClassFixture<TwoWebServers>
{
    [PostgresFact]
    public async Task SignInCookie_IssuedByServerA_IsAcceptedByServerB()
    {
        // The key ring is the database's: one key row after start-up, and each server's key manager holds exactly
        // that key, read from the database repository (each server has its own empty key folder besides, so a
        // file key ring could not be shared).
        await using (var db = await servers.A.Services.GetRequiredService<CaseDeskDbFactory>().OpenReadOnlyAsync())
        {
            var rows = await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync();
            var keyRow = Assert.Single(rows);
            foreach (var server in new[] { servers.A, servers.B })
            {
                var management = server.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;
                Assert.IsType<EntityFrameworkCoreXmlRepository<CaseDeskDbContext>>(management.XmlRepository);
                var key = Assert.Single(server.Services.GetRequiredService<IKeyManager>().GetAllKeys());
                Assert.Equal($"key-{key.KeyId:D}", keyRow);
            }
        }

        Assert.All(new[] { servers.KeyFolderA, servers.KeyFolderB }, folder => Assert.Empty(Directory.GetFiles(folder)));

        using var clientA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = servers.AddressA };
        var signedIn = await HttpSignIn.PostLoginAsync(clientA, DemoAccounts.Supervisor, DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("CaseDesk.Auth=", StringComparison.Ordinal));

        using var clientB = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = servers.AddressB };
        // A supervisor-only export: server B must know who the cookie belongs to, not merely that it exists.
        const string export = "/petitions/statistics/export?year=115&format=csv";
        using var request = new HttpRequestMessage(HttpMethod.Get, export);
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var onB = await clientB.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        Assert.Contains("行政上權益之維護", await onB.Content.ReadAsStringAsync());

        // Without the cookie server B sends the visitor to sign in: the 200 above is the cookie's doing.
        var anonymous = await clientB.GetAsync(export);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.OriginalString);
    }

    [PostgresFact(NeedsBrowser = true)]
    public async Task PetitionSavedThroughServerA_AppearsOnServerBsOpenDashboard_WithinTwoSeconds()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = servers.AddressB.ToString(), Locale = "zh-TW", TimezoneId = "Asia/Taipei", ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var supervisor = await context.NewPageAsync();
        await supervisor.GotoAsync("/Account/Login");
        await supervisor.FillAsync("#Input\\.UserName", DemoAccounts.Supervisor);
        await supervisor.FillAsync("#Input\\.Password", DemoAccounts.Password);
        await supervisor.ClickAsync("#login-submit");
        await BrowserHost.WaitForCircuitAsync(supervisor);
        await supervisor.SeeAsync("[data-testid='kpi-open-value']");
        var before = int.Parse(await supervisor.InnerTextAsync("[data-testid='kpi-open-value']"), CultureInfo.InvariantCulture);
        await supervisor.EvaluateAsync("() => { window.__noReload = true; }");

        // The clerk works on server A.
        var (petitions, clerk, unitId) = await ClerkOnServerAAsync();
        var received = TestClock.TaipeiMinuteAgo();
        var saved = System.Diagnostics.Stopwatch.StartNew();
        var registered = await petitions.RegisterAsync(clerk, new PetitionInput
        {
            Channel = PetitionChannel.Phone, ReceivedOn = DateOnly.FromDateTime(received), ReceivedAt = TimeOnly.FromDateTime(received),
            Category = PetitionCategory.LegalInquiry, Subject = "跨伺服器即時更新", Content = "在 A 伺服器登錄。", UnitId = unitId, HandlerId = clerk.StaffId,
        });
        Assert.True(registered.Succeeded, registered.ToString());

        await supervisor.WaitForFunctionAsync(
            $"() => document.querySelector(\"[data-testid='kpi-open-value']\").innerText === '{before + 1}'",
            null, new PageWaitForFunctionOptions { Timeout = 2000 });
        Assert.True(saved.Elapsed < TimeSpan.FromSeconds(2), $"took {saved.Elapsed}");
        Assert.True(await supervisor.EvaluateAsync<bool>("() => window.__noReload === true"), "the dashboard on server B must not have reloaded");
        await BrowserHost.ScreenshotAsync(supervisor, "two-servers-dashboard-b");
        await context.CloseAsync();
    }

    [PostgresFact]
    public async Task RecurringJob_DueOnce_RunsOnce_WithBothServersScheduling()
    {
        ProbeJob.Runs.Clear();
        // Both servers register their recurring jobs at start-up (HangfireSetup.RegisterRecurringJobs): so here.
        var jobs = servers.A.Services.GetRequiredService<IRecurringJobManager>();
        var jobsOnB = servers.B.Services.GetRequiredService<IRecurringJobManager>();

        // Due once, a few seconds from now (Hangfire's cron with seconds, in UTC); both servers poll every second.
        // (On a machine so loaded that registering took longer than the lead, the next occurrence would be tomorrow:
        // register again with a new time.)
        DateTime due;
        do
        {
            due = DateTime.UtcNow.AddSeconds(5);
            var cron = $"{due.Second} {due.Minute} {due.Hour} * * *";
            jobs.AddOrUpdate<ProbeJob>("probe-once", j => j.Run("probe-once"), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            jobsOnB.AddOrUpdate<ProbeJob>("probe-once", j => j.Run("probe-once"), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        while (DateTime.UtcNow > due.AddSeconds(-1));
        try
        {
            // One job store: B's lists the job once, with the schedule both registered.
            using (var connection = servers.B.Services.GetRequiredService<JobStorage>().GetConnection())
            {
                var probe = Assert.Single(connection.GetRecurringJobs(), j => j.Id == "probe-once");
                Assert.Equal($"{due.Second} {due.Minute} {due.Hour} * * *", probe.Cron);
            }

            // Generous: a loaded 2-core CI machine once needed more than 30 s between the due second and the run.
            try
            {
                await PostgresServersTests.WaitUntilAsync(() => !ProbeJob.Runs.IsEmpty, TimeSpan.FromSeconds(90), "the recurring job running");
            }
            catch (TimeoutException ex)
            {
                using var connection = servers.B.Services.GetRequiredService<JobStorage>().GetConnection();
                var state = connection.GetRecurringJobs().SingleOrDefault(j => j.Id == "probe-once");
                throw new TimeoutException($"{ex.Message} Due {due:HH:mm:ss}; the job store says: next {state?.NextExecution:HH:mm:ss}, last {state?.LastExecution:HH:mm:ss}, last job {state?.LastJobId}, error {state?.Error}", ex);
            }
            await Task.Delay(TimeSpan.FromSeconds(4)); // time for a second run, if the other server were to schedule it too

            Assert.Single(ProbeJob.Runs);
        }
        finally
        {
            jobs.RemoveIfExists("probe-once");
        }
    }

    [PostgresFact(NeedsBrowser = true)]
    public async Task ServerDies_ThePageReconnectsToTheOtherServer_StillSignedIn()
    {
        // Two more servers of their own (this test stops one), behind a relay standing in for the load balancer.
        var folder = Path.Combine(Path.GetTempPath(), "casedesk-failover", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var database = await TestDatabase.CreateAsync(folder, DatabaseProvider.Postgres);
        var first = new CaseDeskAppFactory { SharedDatabase = database };
        await using var second = new CaseDeskAppFactory { SharedDatabase = database };
        var firstAddress = first.StartKestrel();
        var secondAddress = second.StartKestrel();
        await using var balancer = new TcpProxy("127.0.0.1", firstAddress.Port);
        balancer.Start();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = $"http://127.0.0.1:{balancer.Port}/", Locale = "zh-TW", TimezoneId = "Asia/Taipei" });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.UserName", DemoAccounts.Supervisor);
        await page.FillAsync("#Input\\.Password", DemoAccounts.Password);
        await page.ClickAsync("#login-submit");
        await BrowserHost.WaitForCircuitAsync(page);
        await page.SeeAsync("[data-testid='kpi-open-value']");
        await page.EvaluateAsync("() => { window.__before = true; }");

        // The first server dies; the balancer sends everyone to the second.
        balancer.Retarget(secondAddress.Port);
        await first.DisposeAsync();
        balancer.Stop();
        balancer.Start();

        // Blazor reconnects, the second server does not know the circuit, the page reloads there: still signed in.
        await page.WaitForFunctionAsync("() => window.__before === undefined", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        await BrowserHost.WaitForCircuitAsync(page);
        await page.SeeAsync("[data-testid='kpi-open-value']");
        Assert.EndsWith("/dashboard", new Uri(page.Url).AbsolutePath);
        Assert.Contains("王建國", await page.InnerTextAsync("#user-menu"));
        await BrowserHost.ScreenshotAsync(page, "two-servers-after-failover");
        await context.CloseAsync();
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserHost.ChromiumPath ?? throw new InvalidOperationException("Chromium is required (CASEDESK_REQUIRE_BROWSER=1)."),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
        });

    private async Task<(PetitionService Petitions, Actor Clerk, int UnitId)> ClerkOnServerAAsync()
    {
        var dbFactory = servers.A.Services.GetRequiredService<CaseDeskDbFactory>();
        await using var db = await dbFactory.OpenReadOnlyAsync();
        var lin = await db.Staff.SingleAsync(s => s.Name == "林雅婷");
        return (servers.A.Services.GetRequiredService<PetitionService>(), TestDomain.Clerk(lin.Id, lin.UnitId!.Value), lin.UnitId!.Value);
    }
}

/// <summary>A recurring job that only records that it ran (public: Hangfire creates it by type).</summary>
public sealed class ProbeJob
{
    public static ConcurrentQueue<string> Runs { get; } = new();

    public void Run(string tag) => Runs.Enqueue(tag);
}
