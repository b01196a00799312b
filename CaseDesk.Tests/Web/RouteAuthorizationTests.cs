using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using CaseDesk.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CaseDesk.Tests.Web;

/// <summary>Every routable page of the web assembly requires sign-in, except the few that must not.</summary>
public sealed class RouteAuthorizationTests(CaseDeskAppFactory factory) : IClassFixture<CaseDeskAppFactory>
{
    // Pages an anonymous visitor must reach: signing in, the error and not-found pages, the counter's survey kiosk.
    private static readonly string[] Anonymous = ["/Account/", "/not-found", "/Error", "/survey"];

    private static bool IsAllowedAnonymous(string template) =>
        Anonymous.Any(a => a.EndsWith('/') ? template.StartsWith(a, StringComparison.OrdinalIgnoreCase) : string.Equals(template, a, StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<(Type Page, string Template)> Routes() =>
        typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>(inherit: false).Select(r => (t, r.Template)))
            .OrderBy(r => r.Template, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void EveryRoutablePage_CarriesAuthorize_ExceptTheAllowList()
    {
        var routes = Routes();
        Assert.True(routes.Count > 30, $"only {routes.Count} routes found");
        Assert.Contains(routes, r => r.Template == "/Account/Login");

        var open = routes.Where(r => !IsAllowedAnonymous(r.Template))
            .Where(r => !r.Page.IsDefined(typeof(AuthorizeAttribute), inherit: true) || r.Page.IsDefined(typeof(AllowAnonymousAttribute), inherit: true))
            .Select(r => $"{r.Template} ({r.Page.Name})")
            .ToList();
        Assert.True(open.Count == 0, "pages without [Authorize]: " + string.Join(", ", open));

        // The allow-list is not a blanket: each entry names a page that exists.
        Assert.All(Anonymous, a => Assert.Contains(routes, r => IsAllowedAnonymous(r.Template) && r.Template.StartsWith(a.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task EveryProtectedPage_SendsAnonymousVisitorsToSignIn()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var paths = Routes().Where(r => !IsAllowedAnonymous(r.Template)).Select(r => Regex.Replace(r.Template, @"\{[^}]+\}", "1")).Distinct().ToList();
        Assert.True(paths.Count > 30);

        var wrong = new List<string>();
        foreach (var path in paths)
        {
            var response = await client.GetAsync(path);
            var location = response.Headers.Location?.OriginalString ?? "";
            if (response.StatusCode != HttpStatusCode.Redirect || !location.Contains("/Account/Login", StringComparison.Ordinal))
            {
                wrong.Add($"{path}: {(int)response.StatusCode} {location}");
            }
        }

        Assert.True(wrong.Count == 0, "not sent to sign-in: " + string.Join("; ", wrong));
    }
}
