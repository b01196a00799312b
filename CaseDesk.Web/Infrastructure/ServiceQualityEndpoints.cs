using System.Globalization;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.ServiceQuality;
using MiniExcelLibs;

namespace CaseDesk.Web.Infrastructure;

internal static class ServiceQualityEndpoints
{
    public const string ExportName = "服務品質季報";

    /// <summary>
    /// The quarterly service-quality report as Excel, one sheet per section, from the same sections as the page;
    /// the service refuses whoever may not see it and a quarter not yet started. Every export, and every refusal, is audited.
    /// </summary>
    public static void MapServiceQualityEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/reports/service-quality/export", async (HttpContext http, int year, int quarter, ServiceQualityReportService reports, AuditService audit, CancellationToken ct) =>
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

            var sheets = new Dictionary<string, object>();
            foreach (var section in report.Value.Sections())
            {
                sheets[SheetName(section.Title, sheets.Count + 1)] = Sheet(section);
            }

            await audit.RecordExportAsync(actor, ExportName, $"{period} Excel", ct: ct);
            var stream = new MemoryStream();
            await stream.SaveAsAsync(sheets, cancellationToken: ct);
            stream.Position = 0;
            return Results.File(stream, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"服務品質季報_{year}年第{quarter}季.xlsx");
        }).RequireAuthorization();

    /// <summary>The table with numbers as numbers, then the section's narrative and frozen-quarter note under it.</summary>
    private static List<Dictionary<string, object>> Sheet(ReportSection section)
    {
        var rows = section.Rows.Select(r =>
        {
            var line = new Dictionary<string, object> { [section.Headers[0]] = r.Label };
            for (var i = 0; i < r.Cells.Count; i++)
            {
                line[section.Headers[i + 1]] = decimal.TryParse(r.Cells[i].Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : r.Cells[i];
            }

            return line;
        }).ToList();
        foreach (var text in new[] { "", section.Narrative, section.FrozenNote ?? "" }.Where((t, i) => i < 2 || t.Length > 0))
        {
            var line = section.Headers.ToDictionary(h => h, _ => (object)"");
            line[section.Headers[0]] = text;
            rows.Add(line);
        }

        return rows;
    }

    /// <summary>Excel sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string title, int number)
    {
        var clean = new string(title.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        var name = $"{number}.{clean}";
        return name.Length > 31 ? name[..31] : name;
    }
}
