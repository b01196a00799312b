using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Petitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Notifications;

public sealed record DeliveryResult(int Sent, int Failed, int Cancelled, int Waiting);

public sealed record OutboxRow(long Id, string ToAddress, string Kind, bool IsUrgent, MailState State, int Attempts, DateTime NextAttemptAtUtc, string? LastError, DateTime CreatedAtUtc, DateTime? SentAtUtc);

/// <summary>
/// Sends what the outbox holds. Each mail is claimed before sending (two servers never send the same one),
/// marked sent right after the server accepts it, and on failure kept with its error and retried with
/// back-off. Non-urgent mail waits for office hours on a working day.
/// </summary>
public sealed class MailOutboxService(CaseDeskDbFactory dbFactory, CalendarService calendars, IOptions<NotificationOptions> options)
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    public async Task<DeliveryResult> DeliverDueAsync(IMailSender sender, CancellationToken ct = default)
    {
        var now = dbFactory.Clock.GetUtcNow().UtcDateTime;
        var calendar = await calendars.GetAsync(ct);
        var officeHours = calendar.IsOfficeHours(now);
        var pending = MailState.Pending;
        List<long> due;
        await using (var db = await dbFactory.OpenReadOnlyAsync(ct))
        {
            due = await db.OutboxMails
                .Where(m => m.State == pending && m.NextAttemptAtUtc <= now && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
                .Where(m => m.IsUrgent || officeHours)
                .OrderBy(m => m.Id)
                .Take(options.Value.DeliveryBatchSize)
                .Select(m => m.Id)
                .ToListAsync(ct);
        }

        int sent = 0, failed = 0, cancelled = 0;
        foreach (var id in due)
        {
            switch (await DeliverOneAsync(sender, id, now, ct))
            {
                case MailState.Sent:
                    sent++;
                    break;
                case MailState.Cancelled:
                    cancelled++;
                    break;
                case MailState.Pending:
                    failed++;
                    break;
            }
        }

        await using var count = await dbFactory.OpenReadOnlyAsync(ct);
        var waiting = await count.OutboxMails.CountAsync(m => m.State == pending, ct);
        return new DeliveryResult(sent, failed, cancelled, waiting);
    }

    /// <summary>What the outbox holds now (admins): waiting and failing mails first, with their errors.</summary>
    public async Task<Result<(IReadOnlyList<OutboxRow> Rows, int Waiting, int Failing, int SentToday)>> GetQueueAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdmin)
        {
            return await dbFactory.RefuseAsync(actor, "MailQueue", "", DomainError.Forbidden("只有系統管理員可以查看郵件佇列。"), ct);
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var pending = MailState.Pending;
        var since = TaipeiTime.ToUtc(TaipeiTime.Today(dbFactory.Clock), TimeOnly.MinValue);
        IReadOnlyList<OutboxRow> rows = await db.OutboxMails
            .OrderBy(m => m.State == pending ? 0 : 1).ThenByDescending(m => m.Id)
            .Take(200)
            .Select(m => new OutboxRow(m.Id, m.ToAddress, m.DigestKey != null ? "Digest" : m.AttachmentName != null ? "Document" : "Notification", m.IsUrgent, m.State, m.Attempts, m.NextAttemptAtUtc, m.LastError, m.CreatedAtUtc, m.SentAtUtc))
            .ToListAsync(ct);
        var waiting = await db.OutboxMails.CountAsync(m => m.State == pending, ct);
        var failing = await db.OutboxMails.CountAsync(m => m.State == pending && m.Attempts > 0, ct);
        var sentToday = await db.OutboxMails.CountAsync(m => m.SentAtUtc >= since, ct);
        return Result.Success((rows, waiting, failing, sentToday));
    }

    private async Task<MailState> DeliverOneAsync(IMailSender sender, long id, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.OpenAsync(Actor.System, ct);
        var pending = MailState.Pending;
        var claimedUntil = now + ClaimFor;
        var claimed = await db.OutboxMails
            .Where(m => m.Id == id && m.State == pending && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntilUtc, claimedUntil), ct);
        if (claimed == 0)
        {
            return MailState.Cancelled;
        }

        var mail = await db.OutboxMails.AsNoTracking().SingleAsync(m => m.Id == id, ct);
        var message = await ComposeAsync(db, mail, ct);
        if (message is null)
        {
            // The item closed or got a new due date since: no stale reminder goes out.
            await db.OutboxMails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, MailState.Cancelled).SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), ct);
            return MailState.Cancelled;
        }

        try
        {
            await sender.SendAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var retry = options.Value.RetryMinutes;
            var wait = TimeSpan.FromMinutes(retry[Math.Min(mail.Attempts, retry.Length - 1)]);
            var error = ex.Message.Length > OutboxMail.ErrorMaxLength ? ex.Message[..OutboxMail.ErrorMaxLength] : ex.Message;
            await db.OutboxMails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.NextAttemptAtUtc, now + wait)
                .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), ct);
            return MailState.Pending;
        }

        await db.OutboxMails.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, MailState.Sent)
            .SetProperty(m => m.SentAtUtc, now)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1)
            .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
        return MailState.Sent;
    }

    private async Task<OutgoingMail?> ComposeAsync(CaseDeskDbContext db, OutboxMail mail, CancellationToken ct)
    {
        if (mail.NotificationId is not { } notificationId)
        {
            return new OutgoingMail(mail.ToAddress, mail.Subject ?? "CaseDesk", mail.Body ?? "", mail.AttachmentName, mail.AttachmentHtml);
        }

        var n = await db.Notifications.AsNoTracking().SingleOrDefaultAsync(x => x.Id == notificationId, ct);
        if (n is null)
        {
            return null;
        }

        if (n.ItemType == nameof(Petition))
        {
            var p = await db.Petitions.AsNoTracking().Where(x => x.Id == n.ItemId).Select(x => new { x.State, x.DueOn, x.Subject, x.HandlerId }).SingleOrDefaultAsync(ct);
            if (p is null || Petition.IsFinished(p.State) || p.DueOn != n.DueOn)
            {
                return null;
            }

            // A reminder meant for the handler goes only to whoever handles the item now.
            if (n.Kind != NotificationKind.Escalation && !await db.Users.AnyAsync(u => u.Id == n.UserId && u.StaffMemberId == p.HandlerId, ct))
            {
                return null;
            }

            var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/petitions/{n.ItemId}";
            var what = n.Kind switch
            {
                NotificationKind.Escalation => "（貴股）陳情案件已逾函復期限",
                NotificationKind.Overdue => "您承辦的陳情案件已逾函復期限",
                _ => "您承辦的陳情案件即將到期",
            };
            var subject = $"【CaseDesk】{what}：{n.ItemNumber}（期限 {RocDate.Format(n.DueOn)}）";
            var body = $"""
                {what}

                陳情編號：{n.ItemNumber}
                主旨：{p.Subject}
                函復期限：{RocDate.FormatLongWithWeekday(n.DueOn)}

                無法如期函復者，請先以電話向陳情人說明處理進度並於系統記錄期中聯繫。
                開啟案件：{link}

                （本信由 CaseDesk 自動寄出）
                """;
            return new OutgoingMail(mail.ToAddress, subject, body);
        }

        if (n.ItemType == nameof(Installments.InstallmentPlan))
        {
            var plan = await db.InstallmentPlans.AsNoTracking().Where(x => x.Id == n.ItemId)
                .Select(x => new { x.State, x.OldestUnpaidDueOn, x.CaseId }).SingleOrDefaultAsync(ct);
            if (plan is null || plan.State != Installments.PlanState.Active || plan.OldestUnpaidDueOn != n.DueOn)
            {
                return null;
            }

            var clerk = await db.Cases.Where(c => c.Id == plan.CaseId).Select(c => c.ResponsibleClerkId).SingleAsync(ct);
            if (n.Kind != NotificationKind.Escalation && !await db.Users.AnyAsync(u => u.Id == n.UserId && u.StaffMemberId == clerk, ct))
            {
                return null;
            }

            var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/installments/{n.ItemId}";
            var what = n.Kind switch
            {
                NotificationKind.Escalation => "（貴股）分期繳納已遲延",
                NotificationKind.Overdue => "您承辦案件的分期繳納已遲延",
                _ => "您承辦案件的分期款即將到期，尚未收到繳款",
            };
            var subject = $"【CaseDesk】{what}：{n.ItemNumber}（應繳日 {RocDate.Format(n.DueOn)}）";
            var body = $"""
                {what}

                執行案號：{n.ItemNumber}
                應繳日：{RocDate.FormatLongWithWeekday(n.DueOn)}

                分期遲延時是否廢止，由主管決定；義務人補繳後分期可繼續。
                開啟分期：{link}

                （本信由 CaseDesk 自動寄出）
                """;
            return new OutgoingMail(mail.ToAddress, subject, body);
        }

        if (n.ItemType == Calls.CallService.ItemType)
        {
            var call = await db.AfterHoursCalls.AsNoTracking().Where(x => x.Id == n.ItemId)
                .Select(x => new { x.State, x.CallbackDueOn, x.CallbackDueAtUtc, x.AssignedStaffId, x.ReceivedAtUtc }).SingleOrDefaultAsync(ct);
            if (call is null || call.State is not (Calls.CallState.CallbackOpen or Calls.CallState.Triage) || call.CallbackDueOn != n.DueOn)
            {
                return null;
            }

            // Meant for the clerk who calls back: only while that is still who calls back.
            if (n.Kind is NotificationKind.Overdue or NotificationKind.CallbackAssigned && !await db.Users.AnyAsync(u => u.Id == n.UserId && u.StaffMemberId == call.AssignedStaffId, ct))
            {
                return null;
            }

            var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/calls/{n.ItemId}";
            var what = n.Kind switch
            {
                NotificationKind.Escalation => "（貴股）下班時間來電逾期未回電",
                NotificationKind.Overdue => "您的下班時間來電回電已逾期",
                NotificationKind.CallTriage => "下班時間來電待分派承辦人（急件）",
                _ => "下班時間來電請回電（急件）",
            };
            var subject = $"【CaseDesk】{what}：{n.ItemNumber}";
            var body = $"""
                {what}

                來電編號：{n.ItemNumber}
                來電時間：{RocDate.FormatInstant(call.ReceivedAtUtc)}
                回電期限：{RocDate.FormatInstant(call.CallbackDueAtUtc!.Value)}

                來電人與詢問內容請於系統中查看（電子郵件不含個人資料）。
                開啟來電紀錄：{link}

                （本信由 CaseDesk 自動寄出）
                """;
            return new OutgoingMail(mail.ToAddress, subject, body);
        }

        return null;
    }
}
