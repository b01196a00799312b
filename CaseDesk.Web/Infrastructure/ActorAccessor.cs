using System.Security.Claims;
using CaseDesk.Domain.Common;
using Microsoft.AspNetCore.Components.Authorization;

namespace CaseDesk.Web.Infrastructure;

/// <summary>Turns the signed-in user of this circuit into the <see cref="Actor"/> every domain service asks for.</summary>
public sealed class ActorAccessor(AuthenticationStateProvider authenticationState)
{
    public async Task<Actor> GetAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return FromPrincipal(state.User);
    }

    public static Actor FromPrincipal(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return new Actor("anonymous", "訪客", new HashSet<string>());
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        return new Actor(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.FindFirstValue(CaseDeskClaims.DisplayName) ?? user.Identity.Name ?? "",
            roles,
            ParseInt(user.FindFirstValue(CaseDeskClaims.StaffId)),
            ParseInt(user.FindFirstValue(CaseDeskClaims.UnitId)));
    }

    private static int? ParseInt(string? s) => int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
}
