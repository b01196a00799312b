using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using CaseDesk.Domain.Users;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Security;

namespace CaseDesk.Web.Components.Account;

/// <summary>
/// The circuit's sign-in, checked again every <see cref="IdleSessions.RevalidationInterval"/>: it ends (the page goes
/// to the sign-in form) when the user has been idle for <see cref="SecurityOptions.IdleTimeoutMinutes"/>, when an
/// Admin locked the account, or when its security stamp changed (password reset).
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<SecurityOptions> security,
        CircuitActivity activity,
        AccountAuditService accountAudit)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => IdleSessions.RevalidationInterval(security.Value);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (activity.IsIdle(security.Value.IdleTimeout))
        {
            await accountAudit.RecordAsync(AccountEvent.IdleSignedOut, user.Identity?.Name ?? "", ActorAccessor.FromPrincipal(user), null, cancellationToken);
            return false;
        }

        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await ValidateSecurityStampAsync(userManager, user);
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<AppUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null || await userManager.IsLockedOutAsync(user))
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp;
        }
    }
}
