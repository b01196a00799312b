using System.Globalization;
using CaseDesk.Domain;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Users;
using CaseDesk.Web.Components;
using CaseDesk.Web.Components.Account;
using CaseDesk.Web.Jobs;
using CaseDesk.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor;
using MudBlazor.Services;

namespace CaseDesk.Web.Infrastructure;

internal static class CaseDeskWebSetup
{
    public const string ConnectionStringName = "CaseDesk";
    public static readonly CultureInfo[] Cultures = [new("zh-TW"), new("en")];

    public static void AddCaseDeskWeb(this WebApplicationBuilder builder)
    {
        builder.UseProgramFolderAppSettings();
        var services = builder.Services;
        var config = builder.Configuration;

        var connectionString = config.GetConnectionString(ConnectionStringName)
            ?? throw new ConfigurationProblem($"appsettings.json 缺少 ConnectionStrings:{ConnectionStringName}（CaseDesk 資料庫位置）。");
        var engine = DatabaseEngine.Create(config, connectionString, builder.Environment.ContentRootPath);
        services.AddCaseDeskDomain(config, engine);
        services.AddSingleton<DatabaseReadiness>();
        services.AddSingleton<DatabaseStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseStartup>());

        // Sign-in cookies and antiforgery tokens are protected with keys kept in the database: a cookie issued by
        // one server is accepted by every other, and survives a restart.
        services.AddDataProtection().SetApplicationName("CaseDesk").PersistKeysToDbContext<CaseDeskDbContext>();
        services.AddOptions<OfficeOptions>().Bind(config.GetSection(OfficeOptions.SectionName));

        services.AddCaseDeskRequestLimits(services.AddRazorComponents().AddInteractiveServerComponents(), config);
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        services.AddTransient<MudLocalizer, CaseDeskMudLocalizer>();
        services.AddLocalization();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<ActorAccessor>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "CaseDesk.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Lifetime: the idle time (Security:IdleTimeoutMinutes), see IdleSessions.
            o.Events.OnValidatePrincipal = context =>
            {
                if (context.HttpContext.Request.Path.Equals(AccountEndpoints.KeepAlivePath, StringComparison.OrdinalIgnoreCase))
                {
                    context.ShouldRenew = true;
                }

                return Task.CompletedTask;
            };
        });
        services.AddCaseDeskIdleSessions();
        services.AddCaseDeskSignInRateLimit();
        services.AddAuthorization();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, Security.AuditingAuthorizationResultHandler>();

        // The identity tables live in the CaseDesk database; the stores take a context per request scope.
        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CaseDeskDbContext>>().CreateDbContext());
        services.AddIdentityCore<AppUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CaseDeskDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<CaseDeskClaimsFactory>();

        services.AddScoped<UserAdminService>();
        services.AddOptions<IdentityOptions>().Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>((o, security) =>
        {
            o.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedSignIns;
            o.Lockout.DefaultLockoutTimeSpan = security.Value.Lockout;
        });
        builder.Logging.AddConsole(o => o.FormatterName = RedactingConsoleFormatter.FormatterName)
            .AddConsoleFormatter<RedactingConsoleFormatter, Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        // Every /healthz poll of an unhealthy server (a load balancer polls every few seconds) would log an error of its
        // own; DatabaseStartup already states the problem once, and /healthz answers with it.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        builder.AddCaseDeskJobs(engine);
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<DocumentFolder>();

        // Data Protection's own hosted service reads the key ring while the app starts, and with the database down logs
        // a stack trace (EF Core's and its own). DatabaseStartup loads the key ring under the start-up lock once the
        // database answers, so that service is left out (last: authentication and antiforgery add Data Protection again).
        foreach (var keyRingAtStart in services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList())
        {
            services.Remove(keyRingAtStart);
        }
    }

    /// <summary>
    /// The first attempt at the database's start-up work, before the server listens. When the database cannot be
    /// reached the server starts anyway (see <see cref="DatabaseStartup"/>) and keeps trying in the background.
    /// </summary>
    public static Task<bool> InitializeCaseDeskAsync(this WebApplication app) =>
        app.Services.GetRequiredService<DatabaseStartup>().TryStartAsync();

    /// <summary>The trusted reverse proxies' addresses (<c>"Network:KnownProxies": ["127.0.0.1"]</c>); none by default.</summary>
    public static List<System.Net.IPAddress> KnownProxies(IConfiguration configuration)
    {
        var addresses = new List<System.Net.IPAddress>();
        foreach (var text in configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [])
        {
            if (!System.Net.IPAddress.TryParse(text.Trim(), out var address))
            {
                throw new ConfigurationProblem($"設定 {KnownProxiesKey} 的「{text}」不是 IP 位址（例如 127.0.0.1）。 ({KnownProxiesKey}: '{text}' is not an IP address.)");
            }

            addresses.Add(address);
        }

        return addresses;
    }

    /// <summary>Where "/" leads: supervisors to their dashboard, clerks to their desk, everyone else to the cases.</summary>
    public static string HomeFor(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Supervisor) ? "/dashboard" : user.IsInRole(Roles.Clerk) ? "/desk" : "/cases";

    public const string KnownProxiesKey = "Network:KnownProxies";

    public static void UseCaseDeskPipeline(this WebApplication app)
    {
        // Behind a reverse proxy every request comes from the proxy's address: with the proxy named in
        // Network:KnownProxies, its X-Forwarded-For / X-Forwarded-Proto give the client's address (the sign-in rate
        // limit and the audit rows use it) and scheme. Without the setting the headers are ignored: anyone could send them.
        if (KnownProxies(app.Configuration) is { Count: > 0 } proxies)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(proxy);
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.Use(SecurityHeaders.ApplyAsync);
        app.Use(RequestLimits.RefuseOversizedAsync);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.Use(DatabaseStartup.UnavailablePageAsync);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // zh-TW unless the user chose otherwise: the browser's language does not decide.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            // "Healthy", or "Unhealthy: 無法連線到資料庫 PostgreSQL db1:5432/casedesk：…" for the operator and the load balancer.
            ResponseWriter = (context, report) =>
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                var problems = report.Entries.Values.Where(e => e.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy).Select(e => e.Description);
                return context.Response.WriteAsync(report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                    ? "Healthy"
                    : $"{report.Status}: {string.Join("; ", problems)}");
            },
        }).AllowAnonymous();
        app.MapGet("/", (HttpContext http) => Results.Redirect(HomeFor(http.User))).AllowAnonymous();
        app.MapCultureEndpoint();
        app.MapExportEndpoints();
        app.MapServiceQualityEndpoints();
        app.MapDutyEndpoints();
        app.MapDocumentEndpoints();
        app.MapCaseDeskJobDashboard();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
    }
}

/// <summary>The "Office" section: who this installation belongs to.</summary>
public sealed class OfficeOptions
{
    public const string SectionName = "Office";

    public string Name { get; set; } = "法務部行政執行署桃園分署";

    public string ShortName { get; set; } = "桃園分署";
}
