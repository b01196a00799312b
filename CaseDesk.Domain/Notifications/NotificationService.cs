using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Notifications;

public sealed record NotificationView(long Id, NotificationKind Kind, bool IsUrgent, string ItemType, int ItemId, string ItemNumber, DateOnly DueOn, DateTime CreatedAtUtc, DateTime? ReadAtUtc)
{
    public string Link => ItemType switch
    {
        "Petition" => $"/petitions/{ItemId}",
        "InstallmentPlan" => $"/installments/{ItemId}",
        "DutyPool" => $"/duty?pool={ItemId}&month={DueOn:yyyy-MM}",
        "AfterHoursCall" => $"/calls/{ItemId}",
        "Referral" => $"/referrals/{ItemId}",
        _ => "/",
    };
}

/// <summary>The bell: a user's own notifications, unread count, marking read, and the e-mail preference.</summary>
public sealed class NotificationService(CaseDeskDbFactory dbFactory)
{
    public async Task<int> CountUnreadAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.Notifications.CountAsync(n => n.UserId == actor.UserId && n.ReadAtUtc == null, ct);
    }

    public async Task<PagedResult<NotificationView>> ListAsync(Actor actor, bool unreadOnly, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var mine = db.Notifications.Where(n => n.UserId == actor.UserId);
        if (unreadOnly)
        {
            mine = mine.Where(n => n.ReadAtUtc == null);
        }

        var total = await mine.CountAsync(ct);
        var items = await mine.OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id).Skip(page.Skip).Take(page.Take)
            .Select(n => new NotificationView(n.Id, n.Kind, n.IsUrgent, n.ItemType, n.ItemId, n.ItemNumber, n.DueOn, n.CreatedAtUtc, n.ReadAtUtc))
            .ToListAsync(ct);
        return new PagedResult<NotificationView>(items, total);
    }

    public async Task MarkReadAsync(Actor actor, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var now = dbFactory.Clock.GetUtcNow().UtcDateTime;
        var changed = await db.Notifications.Where(n => n.Id == id && n.UserId == actor.UserId && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
        if (changed > 0)
        {
            dbFactory.Notifier.Publish(ChangeSet.For(nameof(Notification), actor.UserId));
        }
    }

    public async Task MarkAllReadAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var now = dbFactory.Clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserId == actor.UserId && n.ReadAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), ct);
        dbFactory.Notifier.Publish(ChangeSet.For(nameof(Notification), actor.UserId));
    }

    /// <summary>Whether non-urgent mail (the morning digest) is sent to this user; urgent mail always is.</summary>
    public async Task<bool> GetEmailNonUrgentAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.EmailNonUrgent).SingleOrDefaultAsync(ct);
    }

    public async Task SetEmailNonUrgentAsync(Actor actor, bool enabled, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        await db.Users.Where(u => u.Id == actor.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailNonUrgent, enabled), ct);
        db.AddAudit("User", actor.UserId, Auditing.AuditActions.Updated, enabled ? "開啟非急迫通知的電子郵件（晨報）" : "關閉非急迫通知的電子郵件（晨報）");
        await db.SaveChangesAsync(ct);
    }
}
