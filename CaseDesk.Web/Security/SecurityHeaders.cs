using System.Security.Cryptography;

namespace CaseDesk.Web.Security;

/// <summary>
/// The headers every response carries. The Content-Security-Policy allows scripts only from CaseDesk itself plus the
/// one inline script Blazor writes (the import map), by a nonce fresh for each response; styles may be inline
/// because MudBlazor sets them on elements and writes its theme as a style block. The Blazor circuit's WebSocket is
/// same-origin ('self'). Frames: none, in both directions.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "casedesk-csp-nonce";

    /// <summary>The nonce of this response's Content-Security-Policy (for the import map's script tag).</summary>
    public static string? CspNonce(this HttpContext context) => context.Items[NonceKey] as string;

    public static string PolicyFor(string nonce, bool hangfireDashboard) =>
        string.Join("; ",
            "default-src 'self'",
            // Hangfire's dashboard (Admins only) writes inline scripts of its own; CaseDesk's pages need only the nonce.
            hangfireDashboard ? "script-src 'self' 'unsafe-inline'" : $"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    public static Task ApplyAsync(HttpContext context, Func<Task> next)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        var hangfire = context.Request.Path.StartsWithSegments("/hangfire");
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = PolicyFor(nonce, hangfire);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next();
    }
}
