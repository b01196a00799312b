using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace CaseDesk.Web.Security;

/// <summary>
/// When this circuit's user last typed, clicked or navigated. Every inbound call from the browser (an event, a
/// navigation, a JS interop reply) counts as use; the revalidating authentication state provider ends the
/// circuit's authority once the idle time has passed (see <see cref="IsIdle"/>).
/// </summary>
public sealed class CircuitActivity(TimeProvider clock)
{
    private long _lastTicks = clock.GetUtcNow().UtcTicks;

    public DateTimeOffset LastUse => new(Interlocked.Read(ref _lastTicks), TimeSpan.Zero);

    public void Touch() => Interlocked.Exchange(ref _lastTicks, clock.GetUtcNow().UtcTicks);

    public bool IsIdle(TimeSpan idleTimeout) => clock.GetUtcNow() - LastUse >= idleTimeout;
}

/// <summary>Feeds <see cref="CircuitActivity"/> from the circuit's inbound activity.</summary>
public sealed class CircuitActivityHandler(CircuitActivity activity) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            activity.Touch();
            return next(context);
        };
}

/// <summary>How often a circuit checks its user is still signed in, active and not locked.</summary>
public static class IdleSessions
{
    /// <summary>A quarter of the idle time, between 1 second and 1 minute: a session ends at most that late.</summary>
    public static TimeSpan RevalidationInterval(SecurityOptions options) =>
        TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));

    public static void AddCaseDeskIdleSessions(this IServiceCollection services)
    {
        // Idle is the person's wall-clock time, not the app's clock (tests move that one by days).
        services.AddScoped(_ => new CircuitActivity(TimeProvider.System));
        services.AddScoped<CircuitHandler, CircuitActivityHandler>();
        // The sign-in cookie lasts the idle time from the last request or keep-alive (casedesk.js sends one, at most
        // every minute, while the user types or clicks in a page that needs no requests of its own).
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SecurityOptions>>((cookie, security) =>
            {
                cookie.ExpireTimeSpan = security.Value.IdleTimeout;
                cookie.SlidingExpiration = true;
            });
    }
}
