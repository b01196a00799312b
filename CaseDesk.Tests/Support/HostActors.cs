using CaseDesk.Domain.Common;
using CaseDesk.Domain.Users;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CaseDesk.Tests.Support;

/// <summary>The actor a demo account becomes when it signs in (the same claims the sign-in cookie carries).</summary>
public static class HostActors
{
    public static async Task<Actor> ForAsync(IServiceProvider services, string userName)
    {
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"No account {userName}.");
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return ActorAccessor.FromPrincipal(principal);
    }
}
