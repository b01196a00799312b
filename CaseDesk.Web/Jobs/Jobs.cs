using CaseDesk.Domain.Notifications;

namespace CaseDesk.Web.Jobs;

// Jobs are thin: each calls one domain service. Their schedules are all in JobSchedule.

/// <summary>Every few minutes: end deferrals that ran out, record reminders for items crossing their warning point or due date.</summary>
public sealed class DeadlineScanJob(ReminderService reminders, ILogger<DeadlineScanJob> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var result = await reminders.ScanAsync(ct);
        logger.LogInformation("Deadline scan: {Reminders} reminders, {Notifications} notifications, {Mails} mails queued, {DeferralsEnded} deferrals ended", result.Reminders, result.Notifications, result.Mails, result.DeferralsEnded);
    }
}

/// <summary>Every minute: send what the outbox holds, retrying failures with back-off.</summary>
public sealed class MailDeliveryJob(MailOutboxService outbox, IMailSender sender, ILogger<MailDeliveryJob> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var result = await outbox.DeliverDueAsync(sender, ct);
        if (result.Sent + result.Failed + result.Cancelled > 0)
        {
            logger.LogInformation("Mail delivery: {Sent} sent, {Failed} failed (will retry), {Cancelled} stale, {Waiting} waiting", result.Sent, result.Failed, result.Cancelled, result.Waiting);
        }
    }
}

/// <summary>Every day at Notifications:MorningDigestAt (08:30 by default); the service itself skips non-working days.</summary>
public sealed class MorningDigestJob(MorningDigestService digest, ILogger<MorningDigestJob> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var result = await digest.QueueAsync(ct);
        logger.LogInformation("Morning digest: {Reason}", result.Reason);
    }
}

/// <summary>Every night at 03:15: the query planner's statistics (SQLite's ANALYZE; nothing on PostgreSQL, whose autovacuum does it).</summary>
public sealed class PlannerStatisticsJob(CaseDesk.Domain.Data.Providers.DatabaseEngine engine, ILogger<PlannerStatisticsJob> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await engine.RefreshPlannerStatisticsAsync(ct);
        logger.LogInformation("Planner statistics refreshed on {Target} in {Seconds:F1} s", engine.Target, watch.Elapsed.TotalSeconds);
    }
}
