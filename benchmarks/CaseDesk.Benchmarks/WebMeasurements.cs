using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Dashboard;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace CaseDesk.Benchmarks;

/// <summary>
/// The measurements that need CaseDesk running as a web server: real Blazor circuits in Debian's Chromium (driven by
/// Playwright) for the live-update latency and the memory per circuit, and HTTP load for requests/s. CaseDesk, the stock
/// Blazor template app and a minimal endpoint are hosted in this process on real loopback sockets (Kestrel), one at a
/// time, so the managed heap measured is theirs: the heap after a full GC before and after opening the circuits.
/// </summary>
internal sealed class WebMeasurements(DatabaseProvider provider, string connectionString, int circuits, int httpSeconds, List<ResultRow> rows, List<string> notes)
{
    public const string BenchPassword = "Bench#2026-supervisor";
    private const string SupervisorUser = "bench1";

    private static readonly string[] ChromiumCandidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private static readonly string[] BrowserArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic", "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"];

    private static string Ms(double v) => v.ToString(v < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    private static string Kb(double bytes) => (bytes / 1024).ToString("N0", CultureInfo.InvariantCulture) + " KB";

    public async Task RunAsync(bool live, bool memory, bool http)
    {
        var chromium = ChromiumCandidates.FirstOrDefault(File.Exists);
        if ((live || memory) && chromium is null)
        {
            notes.Add("(5b)/(6) not measured: no Chromium at " + string.Join(", ", ChromiumCandidates) + " (apt-get install chromium).");
            live = memory = false;
        }

        using var playwright = live || memory ? await Playwright.CreateAsync() : null;
        await using var browser = playwright is null ? null : await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = BrowserArgs });

        Sample? templatePerCircuit = null;
        double? playwrightPerPage = null;
        if (memory)
        {
            Console.WriteLine($"(6) memory per circuit: {circuits} circuits on the stock Blazor template's interactive page");
            playwrightPerPage = await PlaywrightOverheadAsync(browser!);
            templatePerCircuit = await TemplateMemoryAsync(browser!, playwrightPerPage.Value);
        }

        await using var app = new CaseDeskHost(provider, connectionString);
        var address = app.Start();
        await SetSupervisorPasswordAsync(app);
        Console.WriteLine($"CaseDesk listening on {address} for the circuit and HTTP measurements");
        if (memory || live)
        {
            var context = await browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString(), Locale = "zh-TW", TimezoneId = "Asia/Taipei", ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            context.SetDefaultTimeout(120_000);
            await SignInAsync(context);
            var pages = new List<IPage>();
            try
            {
                if (memory)
                {
                    Console.WriteLine($"(6) memory per circuit: {circuits} signed-in circuits on CaseDesk's supervisor dashboard");
                    var shell = await CaseDeskCircuitsAsync(context, "/notifications", keep: null, playwrightPerPage!.Value);
                    var dashboard = await CaseDeskCircuitsAsync(context, "/dashboard", keep: pages, playwrightPerPage.Value);
                    ReportMemory(dashboard, shell, templatePerCircuit!, playwrightPerPage.Value);
                }

                if (live)
                {
                    while (pages.Count < Math.Min(circuits, 20))
                    {
                        pages.Add(await OpenAsync(context, "/dashboard"));
                    }

                    await LiveLatencyAsync(app, pages);
                }
            }
            finally
            {
                await context.CloseAsync();
            }
        }

        if (http)
        {
            await HttpAsync(address);
        }
    }

    // ── (6) memory per circuit ───────────────────────────────────────

    /// <summary>Heap after a full, compacting GC: what stays reachable.</summary>
    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>What Playwright's own objects for one open page cost in this process (the same for both apps), to subtract.</summary>
    private async Task<double> PlaywrightOverheadAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync();
        var warm = await context.NewPageAsync();
        await warm.CloseAsync();
        var before = Heap();
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            await page.SetContentAsync("<p>blank</p>");
            pages.Add(page);
        }

        var after = Heap();
        GC.KeepAlive(pages);
        await context.CloseAsync();
        return (after - before) / (double)circuits;
    }

    private async Task<Sample> TemplateMemoryAsync(IBrowser browser, double playwrightPerPage)
    {
        await using var template = new TemplateHost();
        var address = template.Start();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        context.SetDefaultTimeout(120_000);
        try
        {
            async Task<IPage> OpenCounterAsync()
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync("/counter");
                // The page is prerendered: the circuit is live once a click reaches the server and comes back rendered
                // (a click before that does nothing, so click until one does).
                for (var attempt = 0; attempt < 600; attempt++)
                {
                    await page.ClickAsync("button.btn-primary");
                    try
                    {
                        await page.WaitForFunctionAsync("() => !document.querySelector('[role=status]').innerText.trim().endsWith(' 0')", null, new PageWaitForFunctionOptions { Timeout = 200 });
                        return page;
                    }
                    catch (TimeoutException)
                    {
                    }
                }

                throw new TimeoutException("The template's counter page never became interactive.");
            }

            var warm = await OpenCounterAsync();
            await warm.CloseAsync();
            var samples = new List<double>();
            for (var round = 0; round < 3; round++)
            {
                var before = Heap();
                var pages = new List<IPage>();
                for (var i = 0; i < circuits; i++)
                {
                    pages.Add(await OpenCounterAsync());
                }

                var after = Heap();
                samples.Add(((after - before) / (double)circuits) - playwrightPerPage);
                foreach (var page in pages)
                {
                    await page.CloseAsync();
                }
            }

            return Sample.Of(samples);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private const int MemoryRounds = 3;

    /// <summary>
    /// Heap per circuit for <see cref="circuits"/> new pages on <paramref name="path"/>, per round; the last round's pages stay
    /// open in <paramref name="keep"/> when given.
    /// </summary>
    private async Task<List<double>> CaseDeskCircuitsAsync(IBrowserContext context, string path, List<IPage>? keep, double playwrightPerPage)
    {
        var warm = await OpenAsync(context, path);
        await warm.CloseAsync();
        var samples = new List<double>();
        for (var round = 0; round < MemoryRounds; round++)
        {
            var before = Heap();
            var opened = new List<IPage>();
            for (var i = 0; i < circuits; i++)
            {
                opened.Add(await OpenAsync(context, path));
            }

            var after = Heap();
            samples.Add(((after - before) / (double)circuits) - playwrightPerPage);
            if (keep is not null && round == MemoryRounds - 1)
            {
                keep.AddRange(opened); // the dashboards stay open for the live-update measurement
                continue;
            }

            foreach (var page in opened)
            {
                await page.CloseAsync();
            }
        }

        return samples;
    }

    private void ReportMemory(List<double> dashboardRounds, List<double> shellRounds, Sample template, double playwrightPerPage)
    {
        var dashboard = Sample.Of(dashboardRounds);
        var shell = Sample.Of(shellRounds);
        rows.Add(new($"(6) Memory per signed-in circuit: {circuits} circuits on the supervisor dashboard, managed heap after a full GC (median of {MemoryRounds} rounds)",
            $"{Kb(dashboard.Median)} per circuit (rounds: {string.Join(", ", dashboardRounds.Select(Kb))}); on a small page of the same shell (the notifications list): {Kb(shell.Median)}",
            $"stock Blazor template, {circuits} circuits on its Counter page: {Kb(template.Median)} per circuit",
            $"{(dashboard.Median / template.Median).ToString("F1", CultureInfo.InvariantCulture)}×",
            "≤ 500 KB per circuit",
            dashboard.Median <= 500 * 1024 ? "met" : "**missed**"));
        notes.Add($"(6) Both apps run in the benchmark's process, one after the other; Playwright's own objects for an open page ({Kb(playwrightPerPage)}, measured on blank pages) are subtracted from both figures. Each round opens new pages (a closed page's circuit is let go by the server) and reads the heap after three forced, compacting collections. The first round of each page pays for first-use caches; the median is the figure.");
    }

    // ── (5b) live update through real circuits ───────────────────────

    private async Task LiveLatencyAsync(CaseDeskHost app, List<IPage> pages)
    {
        const int Simulated = 200;
        const int Writes = 5;
        Console.WriteLine($"(5b) live update: {pages.Count} real circuits on the dashboard and {Simulated} simulated dashboards");
        var services = app.Services;
        var notifier = services.GetRequiredService<IChangeNotifier>();
        var dashboard = services.GetRequiredService<DashboardService>();
        var supervisor = await SupervisorActorAsync(services);
        var debounce = CaseDesk.Web.Components.Shared.LiveUpdates.Debounce;
        var simulated = Enumerable.Range(0, Simulated).Select(_ => notifier.Subscribe(async c =>
        {
            if (c.Touches(nameof(Petition)))
            {
                await Task.Delay(debounce);
                await dashboard.GetAsync(supervisor);
            }
        })).ToList();
        var latencies = new List<double>();
        var missed = 0;
        try
        {
            var (unitId, handlerId) = await AnyHandlerAsync(services);
            foreach (var page in pages)
            {
                await WatchOpenCountAsync(page);
            }

            for (var w = 0; w <= Writes; w++)
            {
                foreach (var page in pages)
                {
                    await page.EvaluateAsync("() => { window.__cdChangedAt = null; }");
                }

                var petitions = services.GetRequiredService<PetitionService>();
                var received = TaipeiTime.LocalNow(TimeProvider.System).AddMinutes(-1);
                var saved = await petitions.RegisterAsync(supervisor, new PetitionInput
                {
                    Channel = PetitionChannel.Phone, ReceivedOn = DateOnly.FromDateTime(received), ReceivedAt = TimeOnly.FromDateTime(received), Category = PetitionCategory.LegalInquiry,
                    Subject = "即時更新量測", Content = "量測用", UnitId = unitId, HandlerId = handlerId,
                });
                var committedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                if (!saved.Succeeded)
                {
                    throw new InvalidOperationException("The live-update write was refused: " + saved.Errors[0].Message);
                }

                foreach (var page in pages)
                {
                    double? at;
                    try
                    {
                        await page.WaitForFunctionAsync("() => window.__cdChangedAt !== null", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
                        at = await page.EvaluateAsync<double?>("() => window.__cdChangedAt");
                    }
                    catch (TimeoutException)
                    {
                        at = null;
                    }

                    if (w == 0)
                    {
                        continue; // the warm-up write
                    }

                    if (at is { } changed)
                    {
                        latencies.Add(changed - committedAt);
                    }
                    else
                    {
                        missed++;
                    }
                }

                await Task.Delay(1000);
            }
        }
        finally
        {
            simulated.ForEach(s => s.Dispose());
        }

        var s = Sample.Of(latencies);
        rows.Add(new($"(5b) Live update through real Blazor circuits: one petition saved, {pages.Count} supervisor dashboards open in Chromium plus {Simulated} simulated dashboards on the same server; commit → the open-petitions count re-rendered in each page",
            $"median {Ms(s.Median)} ms, p99 {Ms(s.P99)} ms, max {Ms(s.Max)} ms over {Writes} writes × {pages.Count} pages (n={s.Count}); {missed} pages missed a change",
            $"debounce alone: {debounce.TotalMilliseconds:0} ms",
            $"{(s.P99 / debounce.TotalMilliseconds).ToString("F1", CultureInfo.InvariantCulture)}× the debounce (p99)",
            "p99 ≤ 200 ms at M = 200",
            missed == 0 && s.P99 <= 200 ? "met" : "**missed**"));
        notes.Add("(5b) Each page records the moment (Date.now()) a MutationObserver sees the open-petitions figure change; the benchmark takes the commit time on the same machine clock right after PetitionService.RegisterAsync returns, so the figure includes the notifier, the debounce, the dashboard query, the render batch, the WebSocket and the browser's DOM update.");
    }

    private static Task WatchOpenCountAsync(IPage page) => page.EvaluateAsync("""
        () => {
          const el = document.querySelector("[data-testid='kpi-open-value']");
          window.__cdChangedAt = null;
          if (window.__cdObserver) { window.__cdObserver.disconnect(); }
          let last = el.innerText;
          window.__cdObserver = new MutationObserver(() => {
            const now = document.querySelector("[data-testid='kpi-open-value']");
            if (now && now.innerText !== last) { last = now.innerText; window.__cdChangedAt = Date.now(); }
          });
          window.__cdObserver.observe(document.querySelector('#app-layout') ?? document.body, { subtree: true, childList: true, characterData: true });
        }
        """);

    // ── (7) HTTP requests/s ──────────────────────────────────────────

    private async Task HttpAsync(Uri caseDesk)
    {
        const int Concurrency = 16;
        Console.WriteLine($"(7) HTTP: {Concurrency} concurrent clients, {httpSeconds} s per endpoint");
        await using var minimal = await MinimalEndpointAsync();
        var baseline = await LoadAsync(new Uri(minimal.Address, "/"), Concurrency);
        foreach (var (path, what) in new[] { ("/Account/Login", "the sign-in page (server-rendered, antiforgery token)"), ("/healthz", "`/healthz` (asks the database)") })
        {
            var result = await LoadAsync(new Uri(caseDesk, path), Concurrency);
            rows.Add(new($"(7) HTTP GET {what}: {Concurrency} concurrent keep-alive clients for {httpSeconds} s (in-process load loop, HttpClient)",
                result.Describe(), $"minimal endpoint (`MapGet(\"/\", () => \"ok\")`, same Kestrel, same run): {baseline.Describe()}",
                $"{(result.PerSecond / baseline.PerSecond).ToString("F2", CultureInfo.InvariantCulture)}× the minimal endpoint's requests/s",
                "— (no goal set)", result.Errors == 0 ? "0 errors" : $"**{result.Errors} errors**"));
        }

        notes.Add($"(7) The load loop runs in the same process and on the same 2 cores as the server, as a local load tool would; each figure is the requests completed in {httpSeconds} s after a 2 s warm-up, with latencies per request.");
    }

    private sealed record LoadResult(double PerSecond, Sample Latency, int Requests, int Errors)
    {
        public string Describe() => $"{PerSecond:N0} req/s ({Requests:N0} requests), latency median {Ms(Latency.Median)} ms, p99 {Ms(Latency.P99)} ms, errors {Errors}";
    }

    private async Task<LoadResult> LoadAsync(Uri target, int concurrency)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler);
        async Task<(List<double> Latencies, int Errors)> RunAsync(TimeSpan duration)
        {
            var latencies = new ConcurrentBag<double>();
            var errors = 0;
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < until)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await client.GetAsync(target, HttpCompletionOption.ResponseContentRead);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            })));
            return ([.. latencies], errors);
        }

        await RunAsync(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();
        var (measured, failed) = await RunAsync(TimeSpan.FromSeconds(httpSeconds));
        clock.Stop();
        return new(measured.Count / clock.Elapsed.TotalSeconds, Sample.Of(measured), measured.Count, failed);
    }

    private static async Task<MinimalEndpoint> MinimalEndpointAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MinimalEndpoint(app, new Uri(address));
    }

    private sealed class MinimalEndpoint(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    // ── CaseDesk in this process ─────────────────────────────────────

    private static async Task SignInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.UserName", SupervisorUser);
        await page.FillAsync("#Input\\.Password", BenchPassword);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#app-layout[data-circuit='ready']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.CloseAsync();
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("#app-layout[data-circuit='ready']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        if (path == "/dashboard")
        {
            await page.WaitForSelectorAsync("[data-testid='kpi-open-value']");
        }

        return page;
    }

    /// <summary>The generated office's users have no passwords; the benchmark gives its supervisor one to sign in with.</summary>
    private static async Task SetSupervisorPasswordAsync(CaseDeskHost app)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(SupervisorUser) ?? throw new InvalidOperationException($"The generated office has no user {SupervisorUser}.");
        if (!await users.CheckPasswordAsync(user, BenchPassword))
        {
            if (await users.HasPasswordAsync(user))
            {
                await users.RemovePasswordAsync(user);
            }

            var set = await users.AddPasswordAsync(user, BenchPassword);
            if (!set.Succeeded)
            {
                throw new InvalidOperationException("Setting the benchmark supervisor's password failed: " + string.Join("; ", set.Errors.Select(e => e.Description)));
            }
        }
    }

    private static async Task<Actor> SupervisorActorAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(SupervisorUser) ?? throw new InvalidOperationException($"No user {SupervisorUser}.");
        return new Actor(user.Id, user.DisplayName, new HashSet<string> { Roles.Supervisor }, user.StaffMemberId, null);
    }

    private static async Task<(int Unit, int Handler)> AnyHandlerAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<CaseDesk.Domain.Data.CaseDeskDbFactory>().OpenReadOnlyAsync();
        var clerk = db.Staff.Where(s => s.UnitId != null && s.IsActive).OrderBy(s => s.Id).Select(s => new { s.Id, Unit = s.UnitId!.Value }).First();
        return (clerk.Unit, clerk.Id);
    }

    /// <summary>CaseDesk.Web on the benchmark's database, on a loopback port, with no demo data and no job server.</summary>
    private sealed class CaseDeskHost(DatabaseProvider provider, string connectionString) : WebApplicationFactory<CaseDesk.Web.Components.App>
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "casedesk-bench-web", Guid.NewGuid().ToString("N"));

        public Uri Start()
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
            return ClientOptions.BaseAddress;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            Directory.CreateDirectory(_folder);
            builder.UseEnvironment("Development"); // static web assets from the build output, as `dotnet run` serves them
            builder.UseSetting(DatabaseEngine.ProviderKey, provider.ToString());
            builder.UseSetting("ConnectionStrings:CaseDesk", connectionString);
            builder.UseSetting("Demo:Seed", "false");
            builder.UseSetting("Hangfire:StorageFile", Path.Combine(_folder, "hangfire.db"));
            builder.UseSetting("Hangfire:Server", "false");
            builder.UseSetting("Mail:PickupDirectory", Path.Combine(_folder, "mail"));
            builder.UseSetting("Installments:DocumentFolder", Path.Combine(_folder, "documents"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Security:SignInAttemptsPerMinute", "10000");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The stock Blazor Server template app, unchanged, on a loopback port.</summary>
    private sealed class TemplateHost : WebApplicationFactory<BlazorTemplateApp.Components.App>
    {
        public Uri Start()
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
            return ClientOptions.BaseAddress;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Not at the solution's top level, where the factory would look for it by its name.
            builder.UseSolutionRelativeContentRoot(Path.Combine("benchmarks", "BlazorTemplateApp"));
            builder.UseEnvironment("Development");
            builder.UseSetting("Logging:LogLevel:Default", "Error");
        }
    }
}
