using System.Data.Common;
using System.Net.Sockets;
using CaseDesk.Tests.Support;
using CaseDesk.Web.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

/// <summary>The app with a switch that makes every database query fail as if the database server were gone.</summary>
public sealed class DatabaseOutageBrowserHost : BrowserHost
{
    public DatabaseOutageBrowserHost()
        : this(new DatabaseOutage())
    {
    }

    private DatabaseOutageBrowserHost(DatabaseOutage outage)
        : base(new CaseDeskAppFactory { ExtraServices = services => services.AddSingleton<IInterceptor>(outage) }) => Outage = outage;

    public DatabaseOutage Outage { get; }
}

/// <summary>While on, every query fails the way a connection to a database that went away does (a socket error).</summary>
public sealed class DatabaseOutage : DbCommandInterceptor
{
    private volatile bool _down;

    public int Refused { get; private set; }

    public void Begin() => _down = true;

    public void End() => _down = false;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Fail(result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Fail(result));

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Fail(result));

    private T Fail<T>(T result)
    {
        if (!_down)
        {
            return result;
        }

        Refused++;
        throw new SocketException((int)SocketError.ConnectionRefused);
    }
}

public sealed class DatabaseReconnectingBrowserTests(DatabaseOutageBrowserHost host) : IClassFixture<DatabaseOutageBrowserHost>
{
    [BrowserFact]
    public async Task APageWhoseLoadFindsTheDatabaseGone_ShowsReconnecting_AndTheCircuitSurvivesIt()
    {
        var page = await host.SignedInPageAsync(DemoAccounts.Supervisor);
        await page.SeeAsync("[data-testid='kpi-open-value']");
        await page.EvaluateAsync("() => { window.__sameCircuit = true; }");

        host.Outage.Begin();
        try
        {
            await page.ClickAsync("#nav-petitions");
            var alert = await page.SeeAsync("#database-reconnecting");
            Assert.NotNull(alert);
            Assert.True(host.Outage.Refused > 0, "the petitions page's load reached the database");
            Assert.Equal(0, await page.Locator("#unexpected-error").CountAsync());
            Assert.Equal(0, await page.Locator("#petitions-table").CountAsync());
            await BrowserHost.ScreenshotAsync(page, "database-reconnecting");
        }
        finally
        {
            host.Outage.End();
        }

        // The database is back: 再試一次 loads the page in the same circuit, and navigating works again.
        await page.ClickAsync("#database-reconnecting button");
        await page.SeeAsync("#petitions-table");
        Assert.Equal(0, await page.Locator("#database-reconnecting").CountAsync());
        await page.ClickAsync("#nav-dashboard");
        await page.SeeAsync("[data-testid='kpi-open-value']");
        await page.ClickAsync("#nav-petitions");
        await page.SeeAsync("#petitions-table");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameCircuit === true"), "the page must not have reloaded: the circuit survived");
        Assert.EndsWith("/petitions", new Uri(page.Url).AbsolutePath);
        await page.Context.CloseAsync();
    }
}
