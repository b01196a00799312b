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
        if (SubmissionScope.Current is { Checked: false } submission)
        {
            // A form pressed 儲存 again under the key of a save that did go through: answer before the service validates
            // (it would otherwise refuse the repeat as, say, a duplicate case number) and before anything is written.
            submission.Checked = true;
            var earlier = await db.FindSubmissionAsync(submission.Key, ct);
            if (earlier is not null)
            {
                await db.DisposeAsync();
                throw new DuplicateSubmissionException(earlier.Key, earlier.EntityType, earlier.EntityId);
            }
        }

        return db;
    }

    /// <summary>
    /// Records a refused attempt — a change, an approval or a record the actor may not touch, whether it came from a
    /// menu, a typed URL or a crafted request — in the audit trail, in its own context so nothing the caller had
    /// pending is saved with it, and hands the refusal back to return.
    /// </summary>
    public async Task<Common.DomainError> RefuseAsync(Actor actor, string entityType, object? entityId, Common.DomainError refusal, CancellationToken ct = default, [System.Runtime.CompilerServices.CallerMemberName] string operation = "")
    {
        await using var db = await OpenAsync(actor, ct);
        var id = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        db.AddAudit(entityType, id.Length > Auditing.AuditEntry.EntityIdMaxLength ? id[..Auditing.AuditEntry.EntityIdMaxLength] : id, Auditing.AuditActions.Refused,
            $"遭拒：{refusal.Message}（{(operation.EndsWith("Async", StringComparison.Ordinal) ? operation[..^5] : operation)}）");
        await db.SaveChangesAsync(ct);
        return refusal;
    }

    /// <summary>
    /// Passes an entity's answer through, recording it like <see cref="RefuseAsync"/> when the entity refused the actor
    /// (four-eyes: the preparer approving their own work) rather than the state of the record.
    /// </summary>
    public async Task<Common.Result> AuditRefusalAsync(Actor actor, string entityType, object? entityId, Common.Result result, CancellationToken ct = default, [System.Runtime.CompilerServices.CallerMemberName] string operation = "")
    {
        if (result.Errors.FirstOrDefault(e => e.Code is "forbidden" or "four_eyes") is { } refusal)
        {
            await RefuseAsync(actor, entityType, entityId, refusal, ct, operation);
        }

        return result;
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
