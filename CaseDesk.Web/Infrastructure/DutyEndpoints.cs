using System.Text;
using CaseDesk.Domain.Duty;

namespace CaseDesk.Web.Infrastructure;

internal static class DutyEndpoints
{
    /// <summary>
    /// Each person's lunch-duty turns as an iCalendar feed. Calendar programs cannot sign in, so the URL
    /// carries an unguessable per-person token (renewable from the roster page); an unknown token is a 404.
    /// </summary>
    public static void MapDutyEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/duty/feed/{token}.ics", async (HttpContext http, string token, DutyService duty, CancellationToken ct) =>
        {
            var ics = await duty.IcsAsync(token, ct);
            if (ics is null)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "private, no-store";
            return Results.File(Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", "lunch-duty.ics");
        }).AllowAnonymous();
}
