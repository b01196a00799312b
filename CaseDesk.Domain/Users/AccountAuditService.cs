using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;

namespace CaseDesk.Domain.Users;

/// <summary>What happened to an account: each one is a row of the audit trail (entity type <c>Account</c>, id = user name).</summary>
public enum AccountEvent
{
    SignedIn,
    SignInFailed,
    LockedOut,
    SignedOut,
    IdleSignedOut,
}

/// <summary>Writes sign-ins, failures, lockouts and sign-outs into the audit trail, with the client address.</summary>
public sealed class AccountAuditService(CaseDeskDbFactory dbFactory)
{
    public const string EntityType = "Account";

    public async Task RecordAsync(AccountEvent what, string userName, Actor? who, string? clientAddress, CancellationToken ct = default)
    {
        var name = Clip(string.IsNullOrWhiteSpace(userName) ? "（未填帳號）" : userName.Trim(), AuditEntry.EntityIdMaxLength);
        var from = string.IsNullOrEmpty(clientAddress) ? "" : $"（來源 {clientAddress}）";
        var summary = what switch
        {
            AccountEvent.SignedIn => $"登入成功{from}",
            AccountEvent.SignInFailed => $"登入失敗：帳號或密碼不正確{from}",
            AccountEvent.LockedOut => $"帳號已鎖定：連續登入失敗{from}",
            AccountEvent.SignedOut => $"登出{from}",
            AccountEvent.IdleSignedOut => "閒置逾時，自動登出",
            _ => what.ToString(),
        };
        await using var db = await dbFactory.OpenAsync(who ?? new Actor("anonymous", "（未登入）", new HashSet<string>()), ct);
        db.AddAudit(EntityType, name, what.ToString(), summary);
        await db.SaveChangesAsync(ct);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
