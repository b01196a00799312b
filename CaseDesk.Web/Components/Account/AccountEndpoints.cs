using CaseDesk.Domain.Users;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CaseDesk.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an antiforgery token (the user menu's form).</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Account/Logout", async (HttpContext context, [FromServices] SignInManager<AppUser> signInManager, [FromServices] AccountAuditService audit) =>
        {
            if (context.User.Identity is { IsAuthenticated: true, Name: { } name })
            {
                await audit.RecordAsync(AccountEvent.SignedOut, name, ActorAccessor.FromPrincipal(context.User), context.Connection.RemoteIpAddress?.ToString());
            }

            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });

        // casedesk.js calls this while the user works in a page: the sign-in cookie's idle time starts again
        // (see the cookie's OnValidatePrincipal). Nothing else happens.
        // No antiforgery token: all a forged call could do is keep its own victim signed in a little longer.
        // A plain 401 for an anonymous caller (a script, not a person: no sign-in page, no status-code page).
        endpoints.MapPost(KeepAlivePath, (HttpContext context) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                return Results.NoContent();
            }

            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return Results.Unauthorized();
        }).AllowAnonymous().DisableAntiforgery();
    }

    public const string KeepAlivePath = "/Account/KeepAlive";
}
