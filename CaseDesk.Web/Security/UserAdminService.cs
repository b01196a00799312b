using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Web.Security;

public sealed record UserRow(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset? LockedUntil, int FailedSignIns)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil > now;
}

/// <summary>
/// Accounts for Admins: lock, unlock and reset passwords. Every action is refused to anyone but an Admin (here, not
/// only in the page), an Admin cannot lock themself out, and each one is a row of the audit trail. Locking or
/// resetting changes the account's security stamp, so its open pages end within a revalidation interval.
/// </summary>
public sealed class UserAdminService(UserManager<AppUser> users, CaseDeskDbFactory dbFactory, TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<UserRow>>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdmin)
        {
            return DomainError.Forbidden("只有系統管理員可以管理帳號。");
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var accounts = await db.Users.OrderBy(u => u.UserName).Select(u => new { u.Id, u.UserName, u.DisplayName, u.LockoutEnd, u.AccessFailedCount }).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        return Result.Success<IReadOnlyList<UserRow>>(accounts
            .Select(u => new UserRow(u.Id, u.UserName ?? "", u.DisplayName, roles.Where(r => r.UserId == u.Id).Select(r => r.Name ?? "").Order().ToList(), u.LockoutEnd, u.AccessFailedCount))
            .ToList());
    }

    public Task<Result> LockAsync(Actor actor, string userId, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, "AccountLocked", async user =>
        {
            if (user.Id == actor.UserId)
            {
                return (IdentityResult.Failed(new IdentityError { Code = "self", Description = "不能鎖定自己的帳號。" }), "");
            }

            var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
            if (result.Succeeded)
            {
                result = await users.UpdateSecurityStampAsync(user);
            }

            return (result, $"鎖定帳號 {user.UserName}（{user.DisplayName}）：直到管理員解除鎖定");
        }, ct);

    public Task<Result> UnlockAsync(Actor actor, string userId, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, "AccountUnlocked", async user =>
        {
            var result = await users.SetLockoutEndDateAsync(user, null);
            if (result.Succeeded)
            {
                result = await users.ResetAccessFailedCountAsync(user);
            }

            return (result, $"解除鎖定帳號 {user.UserName}（{user.DisplayName}）");
        }, ct);

    /// <summary>Sets a new password the Admin hands to the user (in person): the office's password policy applies.</summary>
    public Task<Result> ResetPasswordAsync(Actor actor, string userId, string newPassword, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, "PasswordReset", async user =>
        {
            if (string.IsNullOrWhiteSpace(newPassword))
            {
                return (IdentityResult.Failed(new IdentityError { Code = "required", Description = "請輸入新密碼。" }), "");
            }

            var token = await users.GeneratePasswordResetTokenAsync(user);
            var result = await users.ResetPasswordAsync(user, token, newPassword);
            if (result.Succeeded)
            {
                await users.ResetAccessFailedCountAsync(user);
                await users.SetLockoutEndDateAsync(user, null);
            }

            return (result, $"重設帳號 {user.UserName}（{user.DisplayName}）的密碼");
        }, ct);

    private async Task<Result> ChangeAsync(Actor actor, string userId, string action, Func<AppUser, Task<(IdentityResult Result, string Summary)>> change, CancellationToken ct)
    {
        if (!actor.IsAdmin)
        {
            return Result.Fail(DomainError.Forbidden("只有系統管理員可以管理帳號。"));
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Result.Fail(new DomainError("not_found", "找不到這個帳號，可能已被刪除；請重新整理。"));
        }

        var (result, summary) = await change(user);
        if (!result.Succeeded)
        {
            return Result.Fail(result.Errors.Select(e => new DomainError("identity_" + e.Code, e.Description, "Password")).ToList());
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        db.AddAudit(AccountAuditService.EntityType, user.UserName ?? user.Id, action, summary);
        await db.SaveChangesAsync(ct);
        return Result.Success();
    }

    public DateTimeOffset Now => clock.GetUtcNow();
}
