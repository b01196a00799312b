using Microsoft.AspNetCore.Identity;

namespace CaseDesk.Web.Security;

/// <summary>Identity's messages (password policy, user names) in the words a clerk reads.</summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密碼至少需要 {length} 個字元。" };

    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "密碼須包含至少一個數字（0–9）。" };

    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "密碼須包含至少一個小寫英文字母（a–z）。" };

    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = "密碼須包含至少一個大寫英文字母（A–Z）。" };

    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "密碼須包含至少一個符號（例如 # 或 !）。" };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"密碼須包含至少 {uniqueChars} 種不同的字元。" };

    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "密碼不正確。" };

    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"帳號「{userName}」已有人使用。" };

    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = $"帳號「{userName}」只能使用英文字母、數字與 - . _ @ +。" };

    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "這個帳號剛被其他人修改，請重新載入後再試。" };

    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "帳號資料無法儲存，請再試一次。" };
}
