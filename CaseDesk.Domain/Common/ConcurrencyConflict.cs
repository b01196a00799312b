using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Common;

public static class ConcurrencyConflict
{
    public const string Code = "concurrency_conflict";

    /// <summary>The message the second writer sees; it names who changed the record and when.</summary>
    public static DomainError Error(DateTime? changedAtUtc, string? changedBy)
    {
        if (changedAtUtc is null)
        {
            return new DomainError(Code, "這筆資料已被其他人刪除；您輸入的內容仍保留在畫面上，請複製後重新載入。");
        }

        var local = TaipeiTime.ToLocal(changedAtUtc.Value);
        var who = string.IsNullOrWhiteSpace(changedBy) ? "其他使用者" : changedBy;
        return new DomainError(
            Code,
            $"這筆資料已於 {RocDate.Format(DateOnly.FromDateTime(local))} {local:HH:mm} 由 {who} 修改；請重新載入後再儲存，您輸入的內容仍保留在畫面上。");
    }
}
