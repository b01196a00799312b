using CaseDesk.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Data;

/// <summary>
/// Opens one short-lived context per operation (a Blazor circuit lives for hours; a context must not),
/// already told who is acting and what time it is, so no save can forget to stamp or audit.
/// </summary>
public sealed class CaseDeskDbFactory(IDbContextFactory<CaseDeskDbContext> inner, TimeProvider clock, IChangeNotifier notifier, Providers.DatabaseEngine engine)
{
    public Providers.DatabaseEngine Engine => engine;

    public IChangeNotifier Notifier => notifier;

    public TimeProvider Clock => clock;

    public async Task<CaseDeskDbContext> OpenAsync(Actor actor, CancellationToken ct = default)
    {
        var db = await inner.CreateDbContextAsync(ct);
        db.Actor = actor;
        db.Clock = clock;
        db.Notifier = notifier;
        return db;
    }

    /// <summary>A read-only context: no tracking, no actor needed.</summary>
    public async Task<CaseDeskDbContext> OpenReadOnlyAsync(CancellationToken ct = default)
    {
        var db = await inner.CreateDbContextAsync(ct);
        db.Clock = clock;
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return db;
    }
}
