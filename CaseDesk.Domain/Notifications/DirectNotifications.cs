using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Notifications;

/// <summary>
/// Notifications raised by someone's action (a swap request, a call to call back), added to the same
/// save as the action. After the save commits, <see cref="Publish"/> rings the recipients' bells.
/// </summary>
internal sealed class DirectNotifications(CaseDeskDbContext db, DateTime nowUtc)
{
    private readonly HashSet<string> _users = [];

    public async Task ToStaffAsync(IEnumerable<int> staffIds, NotificationKind kind, string itemType, int itemId, string itemNumber, DateOnly dueOn, CancellationToken ct, bool urgent = false)
    {
        var ids = staffIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var users = await db.Users.Where(u => u.StaffMemberId != null && ids.Contains(u.StaffMemberId.Value)).Select(u => u.Id).ToListAsync(ct);
        Add(users, kind, itemType, itemId, itemNumber, dueOn, urgent);
    }

    /// <summary>
    /// The supervisors over <paramref name="unitId"/> (and those over every unit); when the unit is unknown, all
    /// supervisors — or, with <paramref name="officeWideOnly"/>, only those over every unit (an office-wide pool).
    /// </summary>
    public async Task ToSupervisorsAsync(int? unitId, NotificationKind kind, string itemType, int itemId, string itemNumber, DateOnly dueOn, CancellationToken ct, bool urgent = false, bool officeWideOnly = false)
    {
        var users = await (
            from u in db.Users
            join s in db.Staff on u.StaffMemberId equals s.Id
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where r.Name == Roles.Supervisor && (s.UnitId == null || (unitId == null ? !officeWideOnly : s.UnitId == unitId))
            select u.Id).Distinct().ToListAsync(ct);
        Add(users, kind, itemType, itemId, itemNumber, dueOn, urgent);
    }

    public void Publish(IChangeNotifier notifier)
    {
        if (_users.Count > 0)
        {
            notifier.Publish(ChangeSet.For(nameof(Notification), [.. _users]));
        }
    }

    private void Add(IEnumerable<string> users, NotificationKind kind, string itemType, int itemId, string itemNumber, DateOnly dueOn, bool urgent)
    {
        foreach (var user in users)
        {
            if (db.Actor.UserId == user)
            {
                continue; // nobody is told of what they did themselves
            }

            db.Notifications.Add(Notification.Create(user, kind, urgent, itemType, itemId, itemNumber.Length > Notification.NumberMaxLength ? itemNumber[..Notification.NumberMaxLength] : itemNumber, dueOn, nowUtc));
            _users.Add(user);
        }
    }
}
