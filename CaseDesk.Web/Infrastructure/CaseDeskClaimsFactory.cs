using System.Globalization;
using System.Security.Claims;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Web.Infrastructure;

public static class CaseDeskClaims
{
    public const string DisplayName = "casedesk:display_name";
    public const string StaffId = "casedesk:staff_id";
    public const string UnitId = "casedesk:unit_id";
}

/// <summary>Adds the person behind the sign-in (name, staff record, unit) to the cookie's claims.</summary>
public sealed class CaseDeskClaimsFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    CaseDeskDbFactory dbFactory)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CaseDeskClaims.DisplayName, user.DisplayName));
        if (user.StaffMemberId is { } staffId)
        {
            identity.AddClaim(new Claim(CaseDeskClaims.StaffId, staffId.ToString(CultureInfo.InvariantCulture)));
            await using var db = await dbFactory.OpenReadOnlyAsync();
            var unitId = await db.Staff.Where(s => s.Id == staffId).Select(s => s.UnitId).SingleOrDefaultAsync();
            if (unitId is { } u)
            {
                identity.AddClaim(new Claim(CaseDeskClaims.UnitId, u.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return identity;
    }
}
