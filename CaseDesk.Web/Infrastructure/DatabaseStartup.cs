using CaseDesk.Domain.Data;
using CaseDesk.Domain.Data.Providers;
using CaseDesk.Web.Jobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CaseDesk.Web.Infrastructure;

/// <summary>Whether start-up work on the database (migrations, reference data, jobs) is done, and if not, why.</summary>
public sealed class DatabaseReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    public Task WhenReady => _ready.Task;

    /// <summary>The operator's one line while the database cannot be reached (names the host, never the password).</summary>
    public string? Problem { get; private set; }

    internal void Unavailable(string problem) => Problem = problem;

    internal void Ready()
    {
        Problem = null;
        _ready.TrySetResult();
    }
}

/// <summary>
/// Start-up work on the database, once per server and one server at a time: the engine's migrations, the
/// calendar and reference data, the roles (and in Development the demo office), the recurring jobs. When the
/// database cannot be reached, CaseDesk still starts: it says so in one line naming the host, answers /healthz
/// with Unhealthy and every page with a "database unavailable" page, and tries again every few seconds — no
/// crash loop, no stack traces.
/// </summary>
internal sealed class DatabaseStartup(
    IServiceProvider services,
    DatabaseEngine engine,
    DatabaseReadiness readiness,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseStartup> logger) : BackgroundService
{
    private int _attempts;

    private TimeSpan RetryEvery => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Database:StartupRetrySeconds", 5)));

    /// <summary>The first attempt, before the server listens; false when the database could not be reached (the retries then run in the background).</summary>
    public async Task<bool> TryStartAsync(CancellationToken ct = default)
    {
        _attempts++;
        try
        {
            await using (await engine.AcquireStartupLockAsync(ct))
            {
                await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEnabledAsync(ct);
                HangfireSetup.RegisterRecurringJobs(services);

                // The key that protects sign-in cookies is made (or found) now, under the lock: servers started together
                // share one key from the start instead of each making its own and refusing the other's cookies.
                services.GetRequiredService<IDataProtectionProvider>().CreateProtector("CaseDesk.Startup").Protect("ready");
            }

            if (_attempts > 1)
            {
                logger.LogWarning("資料庫已可連線（{Target}），CaseDesk 開始服務。 (Database reachable; serving.)", engine.Target);
            }

            readiness.Ready();
            return true;
        }
        catch (Exception ex) when (engine.IsUnavailable(ex))
        {
            var problem = engine.DescribeFailure(ex);
            var repeated = problem == readiness.Problem;
            readiness.Unavailable(problem);
            if (!repeated || _attempts % 12 == 0)
            {
                // One line, no stack trace: what cannot be reached, and that CaseDesk keeps trying.
                logger.LogError("{Problem}；CaseDesk 每 {Seconds} 秒重試一次，/healthz 回報 Unhealthy。 (retrying every {Seconds} s)", problem, RetryEvery.TotalSeconds, RetryEvery.TotalSeconds);
            }

            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.IsReady && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await TryStartAsync(stoppingToken);
            }
            catch (ConfigurationProblem problem)
            {
                // The database answered at last, and refused the settings (a wrong password, say): no retry can help.
                // One line, and the server stops with the exit code of a configuration problem (Program.cs), no crash loop.
                logger.LogCritical("CaseDesk 無法啟動：{Problem}", problem.Message);
                Environment.ExitCode = 3;
                lifetime.StopApplication();
                return;
            }
        }
    }

    /// <summary>Until the database is ready, pages get a plain "database unavailable" answer (503) and /healthz its report.</summary>
    public static async Task UnavailablePageAsync(HttpContext context, RequestDelegate next)
    {
        var readiness = context.RequestServices.GetRequiredService<DatabaseReadiness>();
        if (readiness.IsReady || context.Request.Path.StartsWithSegments("/healthz"))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "10";
        context.Response.ContentType = "text/html; charset=utf-8";
        var problem = System.Net.WebUtility.HtmlEncode(readiness.Problem ?? "資料庫啟動中 (starting)");
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="zh-TW"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10"><title>CaseDesk 暫時無法使用</title></head>
            <body style="font-family: 'Noto Sans TC', 'Microsoft JhengHei', sans-serif; margin: 3rem;">
            <h1 id="database-unavailable">CaseDesk 暫時無法連線到資料庫</h1>
            <p>系統正在自動重試，本頁每 10 秒重新整理；您不需要做任何事。若持續超過數分鐘，請通知系統管理員。</p>
            <p>CaseDesk cannot reach its database and keeps retrying; this page reloads every 10 seconds.</p>
            <p style="color:#666">{problem}</p>
            </body></html>
            """);
    }
}

/// <summary>/healthz answers 200 only when start-up work is done and the database answers a query.</summary>
internal sealed class DatabaseHealthCheck(CaseDeskDbFactory dbFactory, DatabaseReadiness readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy(readiness.Problem ?? "database start-up not finished");
        }

        try
        {
            await using var db = await dbFactory.OpenReadOnlyAsync(cancellationToken);
            var units = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Units, cancellationToken);
            return HealthCheckResult.Healthy($"database answers ({units} units)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(dbFactory.Engine.DescribeFailure(ex));
        }
    }
}
