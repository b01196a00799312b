using Microsoft.AspNetCore.Identity;

namespace CaseDesk.Domain.Users;

/// <summary>A sign-in account. The person behind it is a <see cref="Reference.StaffMember"/>.</summary>
public sealed class AppUser : IdentityUser
{
    public const int DisplayNameMaxLength = 50;

    public string DisplayName { get; set; } = "";

    public int? StaffMemberId { get; set; }

    /// <summary>Non-urgent mail (the morning digest) on or off; urgent reminders are always e-mailed.</summary>
    public bool EmailNonUrgent { get; set; } = true;
}
