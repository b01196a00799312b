using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Domain.Notifications;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Notifications;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Server;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;

namespace CaseDesk.Web.Jobs;

/// <summary>
/// The "Hangfire" section. On SQLite the jobs get their own file beside the app database, so the two never fight
/// over SQLite's single writer; on PostgreSQL they live in the CaseDesk database's own "hangfire" schema, shared by
/// every server, so a recurring job runs once per schedule however many servers there are.
/// </summary>
public sealed class HangfireOptions
{
    public const string SectionName = "Hangfire";

    public string StorageFile { get; set; } = "App_Data/hangfire.db";

    /// <summary>Run the job server in this process (off in most tests).</summary>
    public bool Server { get; set; } = true;

    public int Workers { get; set; } = 2;

    /// <summary>How often the server looks for recurring and delayed jobs that are due (Hangfire's default is 15 s).</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);
}

internal static class HangfireSetup
{
    public const string PostgresSchema = "hangfire";

    public static void AddCaseDeskJobs(this WebApplicationBuilder builder, DatabaseEngine engine)
    {
        var options = builder.Configuration.GetSection(HangfireOptions.SectionName).Get<HangfireOptions>() ?? new HangfireOptions();

        builder.Services.AddOptions<MailOptions>().Bind(builder.Configuration.GetSection(MailOptions.SectionName));
        var pickup = builder.Configuration[$"{MailOptions.SectionName}:{nameof(MailOptions.PickupDirectory)}"];
        if (string.IsNullOrWhiteSpace(pickup))
        {
            builder.Services.AddSingleton<IMailSender, SmtpMailSender>();
        }
        else
        {
            builder.Services.AddSingleton<IMailSender, PickupDirectoryMailSender>();
        }

        builder.Services.AddTransient<DeadlineScanJob>();
        builder.Services.AddTransient<MailDeliveryJob>();
        builder.Services.AddTransient<MorningDigestJob>();
        builder.Services.AddTransient<PlannerStatisticsJob>();
        var sqliteFile = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, options.StorageFile));

        // This app's own store, made when first needed (not Hangfire's process-wide JobStorage.Current, which two
        // apps in one process — the tests' two servers — would overwrite for each other).
        builder.Services.AddSingleton(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return CreateStorage(engine, sqliteFile);
        });
        builder.Services.AddHangfire((sp, c) => c
            .UseLogProvider(new HostSafeLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (options.Server)
        {
            builder.Services.AddSingleton(options);
            builder.Services.AddHostedService<DeferredJobServer>();
        }
    }

    /// <summary>The job store follows the database engine (data-setup code: the one place that picks per engine).</summary>
    private static JobStorage CreateStorage(DatabaseEngine engine, string sqliteFile)
    {
        switch (engine.Provider)
        {
            case DatabaseProvider.Postgres:
                var postgres = new PostgreSqlStorageOptions { SchemaName = PostgresSchema, QueuePollInterval = TimeSpan.FromSeconds(1), PrepareSchemaIfNecessary = true };
                return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(engine.ConnectionString, postgres, null), postgres);
            default:
                Directory.CreateDirectory(Path.GetDirectoryName(sqliteFile)!);
                return new SQLiteStorage(sqliteFile, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
        }
    }

    /// <summary>Once the database answers: every recurring job, registered (or updated) in one place.</summary>
    public static void RegisterRecurringJobs(IServiceProvider services) =>
        JobSchedule.Register(services.GetRequiredService<IRecurringJobManager>(), services.GetRequiredService<IOptions<NotificationOptions>>().Value.MorningDigestTime);

    public static void MapCaseDeskJobDashboard(this WebApplication app)
    {
        // The dashboard's pipeline needs the job store, which needs the database: it is built on the first request
        // (the database-unavailable page answers until then), not while the app starts.
        var builder = ((IEndpointRouteBuilder)app).CreateApplicationBuilder();
        var dashboard = new Lazy<RequestDelegate>(
            () =>
            {
                var storage = app.Services.GetRequiredService<JobStorage>();
                var options = new DashboardOptions
                {
                    Authorization = [new AdminOnlyDashboardFilter()],
                    DashboardTitle = "CaseDesk 排程工作",
                    AppPath = "/",
                    TimeZoneResolver = app.Services.GetService<ITimeZoneResolver>(),
                };
                var routes = app.Services.GetRequiredService<Hangfire.Dashboard.RouteCollection>();
                return builder.UsePathBase("/hangfire").UseMiddleware<Hangfire.Dashboard.AspNetCoreDashboardMiddleware>(storage, options, routes).Build();
            },
            LazyThreadSafetyMode.PublicationOnly);
        app.Map("/hangfire/{**path}", context => dashboard.Value(context))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
    }

    /// <summary>Checked by Hangfire on every dashboard request as well: Admins only, whatever the endpoint says.</summary>
    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }

    /// <summary>
    /// The job server, started once the database answers (Hangfire's own hosted service would need its store at
    /// start-up, and a server that cannot reach PostgreSQL would then not start at all).
    /// </summary>
    private sealed class DeferredJobServer(IServiceProvider services, DatabaseReadiness readiness, HangfireOptions options) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await readiness.WhenReady.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var serverOptions = new BackgroundJobServerOptions
            {
                WorkerCount = options.Workers,
                SchedulePollingInterval = options.SchedulePollingInterval,
                Activator = services.GetService<JobActivator>(),
                FilterProvider = services.GetService<Hangfire.Common.IJobFilterProvider>(),
                TimeZoneResolver = services.GetService<ITimeZoneResolver>(),
            };
            using var server = new BackgroundJobServer(serverOptions, services.GetRequiredService<JobStorage>(), services.GetServices<IBackgroundProcess>());
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                server.SendStop();
            }
        }
    }
}
