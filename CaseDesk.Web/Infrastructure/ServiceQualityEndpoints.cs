using System.Globalization;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.ServiceQuality;

namespace CaseDesk.Web.Infrastructure;

internal static class ServiceQualityEndpoints
{
    public const string ExportName = "服務品質季報";

    /// <summary>
    /// The quarterly service-quality report as Excel (one sheet per section) or CSV, from the same sections as the page;
    /// the service refuses whoever may not see it and a quarter not yet started. Every export, and every refusal, is audited.
    /// </summary>
    public static void MapServiceQualityEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/reports/service-quality/export", async (HttpContext http, int year, int quarter, string? format, ServiceQualityReportService reports, AuditService audit, CancellationToken ct) =>
        {
            var actor = ActorAccessor.FromPrincipal(http.User);
            var period = $"{year}年第{quarter}季";
            var report = await reports.GetAsync(actor, year, quarter, ct);
            if (!report.Succeeded)
            {
                var error = report.Errors[0];
                await audit.RecordExportAsync(actor, ExportName, period, error.Message, ct);
                return Results.Problem(error.Message, statusCode: error.Code == "forbidden" ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest);
            }

            var tables = report.Value.Sections().Select((section, i) => Table(section, i + 1)).ToList();
            await audit.RecordExportAsync(actor, ExportName, $"{period} {TableExport.FormatName(format)}", ct: ct);
            return await TableExport.FileAsync(format, $"服務品質季報_{year}年第{quarter}季", tables, ct);
        }).RequireAuthorization();

    /// <summary>The section's table with numbers as numbers, then its narrative and frozen-quarter note under it.</summary>
    private static ExportTable Table(ReportSection section, int number)
    {
        var rows = section.Rows.Select(r => (IReadOnlyList<object>)[r.Label, .. r.Cells.Select(c =>
            decimal.TryParse(c.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : (object)c)]).ToList();
        foreach (var text in new[] { "", section.Narrative, section.FrozenNote ?? "" }.Where((t, i) => i < 2 || t.Length > 0))
        {
            rows.Add([text]);
        }

        return new ExportTable($"{number}.{section.Title}", section.Headers, rows);
    }
}
