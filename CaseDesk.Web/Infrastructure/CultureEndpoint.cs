using Microsoft.AspNetCore.Localization;

namespace CaseDesk.Web.Infrastructure;

internal static class CultureEndpoint
{
    /// <summary><c>/culture?name=en&amp;redirect=/cases</c>: remembers the language in a cookie and goes back.</summary>
    public static void MapCultureEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/culture", (HttpContext context, string? name, string? redirect) =>
        {
            var culture = CaseDeskWebSetup.Cultures.FirstOrDefault(c => c.Name == name) ?? CaseDeskWebSetup.Cultures[0];
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            var target = redirect is { Length: > 0 } && Uri.IsWellFormedUriString(redirect, UriKind.Relative) && !redirect.StartsWith("//", StringComparison.Ordinal)
                ? redirect
                : "/";
            return Results.LocalRedirect(target.StartsWith('/') ? target : "/" + target);
        }).AllowAnonymous();
}
