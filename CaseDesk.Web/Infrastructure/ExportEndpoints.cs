using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Referrals;
using CaseDesk.Web.Components.Pages.Calls;
using CaseDesk.Web.Components.Pages.Petitions;
using CaseDesk.Web.Components.Pages.Referrals;
using CaseDesk.Web.Resources;
using Microsoft.Extensions.Localization;

namespace CaseDesk.Web.Infrastructure;

internal static class ExportEndpoints
{
    /// <summary>The statistics exports (petitions, referral results, service statistics) as Excel or CSV; the services refuse whoever may not see them.</summary>
    public static void MapExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPetitionStatisticsExport();
        endpoints.MapReferralResultsExport();
        endpoints.MapServiceStatisticsExport();
        endpoints.MapPersonalDataViewsExport();
        endpoints.MapCasesExport();
    }

    /// <summary>
    /// The cases list as filtered and sorted on screen; the service masks the IDs of cases outside the exporter's unit
    /// (all of them for an Admin), refuses duty officers and audits the file.
    /// </summary>
    private static void MapCasesExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/cases/export", async (HttpContext http, string? text, CaseStatus? status, int? unit, int? agency, int? clerk, CaseSort? sort, bool? desc, string? format, CaseService cases, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var actor = ActorAccessor.FromPrincipal(http.User);
            var query = new CaseQuery { Text = text, Status = status, UnitId = unit, ReferringAgencyId = agency, ResponsibleClerkId = clerk, Sort = sort ?? CaseSort.ReferredOn, Descending = desc ?? true };
            var result = await cases.ExportAsync(actor, query, TableExport.FormatName(format), ct);
            if (!result.Succeeded)
            {
                return Results.Problem(result.Errors[0].Message, statusCode: StatusCodes.Status403Forbidden);
            }

            string[] headers = [l["CaseNumber"], l["Obligor"], l["ObligorId"], l["Agency"], l["AmountOwed"], l["ReferredOn"], l["Unit"], l["ResponsibleClerk"], l["Status"]];
            var rows = result.Value.Rows.Select(r => (IReadOnlyList<object>)new object?[]
            {
                r.CaseNumber, r.ObligorName, r.ObligorId, r.AgencyName, r.AmountOwed ?? (object)"", RocDate.Format(r.ReferredOn), r.UnitName, r.ClerkName ?? "", l["CaseStatus." + r.Status].Value,
            }!).ToList();
            var today = RocDate.FormatCompact(TaipeiTime.Today(http.RequestServices.GetRequiredService<TimeProvider>()));
            return await TableExport.FileAsync(format, $"{CaseService.ExportName}_{today}", [new ExportTable(CaseService.ExportName, headers, rows)], ct);
        }).RequireAuthorization();

    /// <summary>The Admins' personal-data views of a period as Excel or CSV; the service refuses anyone else and audits the export.</summary>
    private static void MapPersonalDataViewsExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/admin/personal-data/export", async (HttpContext http, DateOnly? from, DateOnly? to, string? user, string? format, bool? refusals, PersonalDataAccessService views, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var actor = ActorAccessor.FromPrincipal(http.User);
            var result = await views.ExportAsync(actor, new PersonalDataAccessQuery(from, to, string.IsNullOrWhiteSpace(user) ? null : user, refusals == true), ct);
            if (!result.Succeeded)
            {
                var error = result.Errors[0];
                return Results.Problem(error.Message, statusCode: error.Code == "forbidden" ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest);
            }

            string[] headers = [l["PdViewsAt"], l["PdViewsUser"], l["PdViewsRecord"], l["PdViewsResult"], l["PdViewsWhat"]];
            var rows = result.Value.Select(r => (IReadOnlyList<object>)new object[]
            {
                RocDate.FormatInstant(r.AtUtc),
                r.UserName,
                AuditLabels.Record(l, r.EntityType, r.EntityId),
                r.Refused ? l["PdViewsRefused"].Value : l["PdViewsShown"].Value,
                r.Summary,
            }).ToList();
            var title = refusals == true ? PersonalDataAccessService.RefusalsExportName : PersonalDataAccessService.ExportName;
            var name = $"{title}_{RocDate.FormatCompact(from!.Value)}-{RocDate.FormatCompact(to!.Value)}";
            return await TableExport.FileAsync(format, name, [new ExportTable(title, headers, rows)], ct);
        }).RequireAuthorization();

    /// <summary>Quarterly petition statistics as Excel or CSV; the service refuses whoever may not see them.</summary>
    private static void MapPetitionStatisticsExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/petitions/statistics/export", async (HttpContext http, int year, string? format, PetitionStatisticsService statistics, AuditService audit, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var actor = ActorAccessor.FromPrincipal(http.User);
            var report = await statistics.GetQuarterlyAsync(actor, year, ct);
            if (!report.Succeeded)
            {
                await audit.RecordExportAsync(actor, "陳情案件統計", $"{year}年", report.Errors[0].Message, ct);
                return Results.Problem(report.Errors[0].Message, statusCode: StatusCodes.Status403Forbidden);
            }

            var headers = QuarterlyTable.Headers(l);
            var rows = QuarterlyTable.Build(report.Value, l);
            await audit.RecordExportAsync(actor, "陳情案件統計", $"{year}年 {TableExport.FormatName(format)}", ct: ct);
            var table = new ExportTable($"{year}年", headers, [.. rows.Select(r => (IReadOnlyList<object>)[r.Label, .. r.Values])]);
            return await TableExport.FileAsync(format, $"陳情案件統計_{year}年", [table], ct);
        }).RequireAuthorization();

    /// <summary>
    /// The referral results (轉介成果表) of a ROC year as Excel (a sheet per table) or CSV (the tables one after another),
    /// from the same rows as the page; the service refuses whoever may not see them.
    /// </summary>
    private static void MapReferralResultsExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/reports/referrals/export", async (HttpContext http, int year, string? format, ReferralStatisticsService statistics, TimeProvider clock, AuditService audit, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var actor = ActorAccessor.FromPrincipal(http.User);
            var report = await statistics.GetYearAsync(actor, year, ct);
            if (!report.Succeeded)
            {
                await audit.RecordExportAsync(actor, "轉介成果表", $"{year}年", report.Errors[0].Message, ct);
                return Results.Problem(report.Errors[0].Message, statusCode: StatusCodes.Status403Forbidden);
            }

            var sections = ReferralTable.Build(report.Value, TaipeiTime.Today(clock), l);
            await audit.RecordExportAsync(actor, "轉介成果表", $"{year}年 {TableExport.FormatName(format)}", ct: ct);
            var tables = sections.Select(section => new ExportTable(section.Title, section.Headers, [.. section.Rows.Select(r => (IReadOnlyList<object>)[r.Label, .. r.Values])])).ToList();
            return await TableExport.FileAsync(format, $"轉介成果表_{year}年", tables, ct);
        }).RequireAuthorization();

    /// <summary>
    /// The service statistics (為民服務統計: lunch hours, after-hours calls, callbacks by outcome) of a ROC year as
    /// Excel or CSV, from the same rows as the page; the service refuses whoever may not see them.
    /// </summary>
    private static void MapServiceStatisticsExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/reports/service/export", async (HttpContext http, int year, string? format, CallService calls, AuditService audit, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var actor = ActorAccessor.FromPrincipal(http.User);
            var report = await calls.QuarterlyAsync(actor, year, ct);
            if (!report.Succeeded)
            {
                await audit.RecordExportAsync(actor, "為民服務統計", $"{year}年", report.Errors[0].Message, ct);
                var forbidden = report.Errors.Any(e => e.Code == "forbidden");
                return Results.Problem(report.Errors[0].Message, statusCode: forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest);
            }

            var headers = ServiceTable.Headers(l);
            var rows = ServiceTable.Build(report.Value, l);
            await audit.RecordExportAsync(actor, "為民服務統計", $"{year}年 {TableExport.FormatName(format)}", ct: ct);
            // Numbers stay numbers in the sheet, so the office can add them up.
            var table = new ExportTable($"{year}年", headers, [.. rows.Select(r => (IReadOnlyList<object>)[r.Label, .. r.Values.Cast<object>()])]);
            return await TableExport.FileAsync(format, $"為民服務統計_{year}年", [table], ct);
        }).RequireAuthorization();

    /// <summary>An uploaded supporting document, for those who work the case (its unit's clerks, supervisors); the service records the view.</summary>
    public static void MapDocumentEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/installments/{planId:int}/documents/{documentId:int}", async (HttpContext http, int planId, int documentId, CaseDesk.Domain.Installments.InstallmentService plans, DocumentFolder folder, CancellationToken ct) =>
        {
            var found = await plans.OpenDocumentAsync(ActorAccessor.FromPrincipal(http.User), planId, documentId, folder.Path, ct);
            if (!found.Succeeded)
            {
                return found.Errors.Any(e => e.Code == "forbidden") ? Results.StatusCode(StatusCodes.Status403Forbidden) : Results.NotFound();
            }

            return File.Exists(found.Value.Path) ? Results.File(found.Value.Path, found.Value.ContentType, found.Value.FileName) : Results.NotFound();
        }).RequireAuthorization(p => p.RequireRole(CaseDesk.Domain.Common.Roles.Clerk, CaseDesk.Domain.Common.Roles.Supervisor));

    /// <summary>A CSV field, as every export writes it (see <see cref="TableExport.Csv"/>).</summary>
    internal static string Csv(string value) => TableExport.Csv(value);
}
