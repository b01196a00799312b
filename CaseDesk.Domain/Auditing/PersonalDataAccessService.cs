using CaseDesk.Domain.Calls;
using CaseDesk.Domain.Cases;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Installments;
using CaseDesk.Domain.Petitions;
using CaseDesk.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Auditing;

/// <summary>
/// A period (Taipei office days, both ends included) and optionally one user. <paramref name="Refusals"/> turns the
/// report from looks at personal data to refused attempts: pages, exports, changes and approvals the user may not make.
/// </summary>
public sealed record PersonalDataAccessQuery(DateOnly? From, DateOnly? To, string? UserId = null, bool Refusals = false);

/// <summary>One look at (or refused request for) a full ID, phone or address.</summary>
public sealed record PersonalDataAccessRow(long Id, DateTime AtUtc, string UserId, string UserName, string EntityType, string EntityId, bool Refused, string Summary)
{
    /// <summary>The page the look was made from: the full values are shown only on the record's own page, its edit form or its print form.</summary>
    public string? PagePath => PersonalDataAccessService.PageOf(EntityType, EntityId);
}

public sealed record PersonalDataAccessUser(string UserId, string UserName, int Views, int Refused);

public sealed record PersonalDataAccessPage(IReadOnlyList<PersonalDataAccessRow> Items, int TotalCount, IReadOnlyList<PersonalDataAccessUser> PerUser);

/// <summary>
/// The Admins' report of who looked at which obligor's or petitioner's personal data, when and from where: the
/// audit rows that every reveal (and every refused reveal) writes, per user and period, paged in SQL; the export
/// of it is itself audited.
/// </summary>
public sealed class PersonalDataAccessService(CaseDeskDbFactory dbFactory, AuditService audit)
{
    public const string ExportName = "個資檢視紀錄";

    public const string RefusalsExportName = "越權存取紀錄";

    public const int MaxExportRows = 50_000;
    public const int MaxPeriodDays = 366;

    private static readonly string[] Actions = [AuditActions.ViewedPersonalData, AuditActions.RefusedPersonalData];

    private static readonly string[] RefusalActions = [AuditActions.Refused, AuditActions.RefusedExport, AuditActions.RefusedPersonalData];

    public static bool CanRead(Actor actor) => actor.IsAdmin;

    public async Task<Result<PersonalDataAccessPage>> GetAsync(Actor actor, PersonalDataAccessQuery query, PageRequest page, CancellationToken ct = default)
    {
        var checkedQuery = Check(actor, query);
        if (!checkedQuery.Succeeded)
        {
            return Result<PersonalDataAccessPage>.Fail(checkedQuery.Errors);
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var rows = Filter(db, checkedQuery.Value, query.Refusals, query.UserId);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id).Skip(page.Skip).Take(page.Take)
            .Select(a => new PersonalDataAccessRow(a.Id, a.AtUtc, a.UserId, a.UserName, a.EntityType, a.EntityId, a.Action != AuditActions.ViewedPersonalData, a.Summary))
            .ToListAsync(ct);
        var perUser = await PerUserAsync(db, checkedQuery.Value, query.Refusals, ct);
        return Result.Success(new PersonalDataAccessPage(items, total, perUser));
    }

    /// <summary>Everything the period holds (up to <see cref="MaxExportRows"/>), oldest first, for the Excel/CSV file; the export is audited.</summary>
    public async Task<Result<IReadOnlyList<PersonalDataAccessRow>>> ExportAsync(Actor actor, PersonalDataAccessQuery query, CancellationToken ct = default)
    {
        var checkedQuery = Check(actor, query);
        if (!checkedQuery.Succeeded)
        {
            if (checkedQuery.Errors[0].Code == "forbidden")
            {
                await audit.RecordExportAsync(actor, query.Refusals ? RefusalsExportName : ExportName, $"{RocDate.Format(query.From)}～{RocDate.Format(query.To)}", checkedQuery.Errors[0].Message, ct);
            }

            return Result<IReadOnlyList<PersonalDataAccessRow>>.Fail(checkedQuery.Errors);
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var (from, to, _, _) = checkedQuery.Value;
        var rows = await Filter(db, checkedQuery.Value, query.Refusals, query.UserId).OrderBy(a => a.AtUtc).ThenBy(a => a.Id).Take(MaxExportRows)
            .Select(a => new PersonalDataAccessRow(a.Id, a.AtUtc, a.UserId, a.UserName, a.EntityType, a.EntityId, a.Action != AuditActions.ViewedPersonalData, a.Summary))
            .ToListAsync(ct);
        await audit.RecordExportAsync(actor, query.Refusals ? RefusalsExportName : ExportName, $"{RocDate.Format(from)}～{RocDate.Format(to)}{(query.UserId is null ? "" : "，單一使用者")}，共 {rows.Count} 筆", ct: ct);
        return Result.Success<IReadOnlyList<PersonalDataAccessRow>>(rows);
    }

    /// <summary>The page a record's full personal data is shown on.</summary>
    public static string? PageOf(string entityType, string entityId) => entityType switch
    {
        nameof(EnforcementCase) => $"/cases/{entityId}",
        nameof(Petition) => $"/petitions/{entityId}",
        nameof(InstallmentPlan) => $"/installments/{entityId}",
        nameof(Referral) => $"/referrals/{entityId}",
        nameof(AfterHoursCall) => $"/calls/{entityId}",
        "Page" => entityId.StartsWith('/') ? entityId : null,
        _ => null,
    };

    private static Result<(DateOnly From, DateOnly To, DateTime FromUtc, DateTime ToUtc)> Check(Actor actor, PersonalDataAccessQuery query)
    {
        if (!CanRead(actor))
        {
            return DomainError.Forbidden("只有系統管理員可以查閱個資檢視紀錄。");
        }

        if (query.From is not { } from || query.To is not { } to)
        {
            return new DomainError("period_required", "請輸入查詢期間的起日與迄日。", "Period");
        }

        if (to < from)
        {
            return new DomainError("period_order", "迄日不可早於起日。", "Period");
        }

        if (to.DayNumber - from.DayNumber >= MaxPeriodDays)
        {
            return new DomainError("period_too_long", $"查詢期間最長 {MaxPeriodDays} 天，請縮短期間。", "Period");
        }

        return Result.Success((from, to, TaipeiTime.ToUtc(from, TimeOnly.MinValue), TaipeiTime.ToUtc(to.AddDays(1), TimeOnly.MinValue)));
    }

    private static IQueryable<AuditEntry> Filter(CaseDeskDbContext db, (DateOnly From, DateOnly To, DateTime FromUtc, DateTime ToUtc) period, bool refusals, string? userId = null)
    {
        var actions = refusals ? RefusalActions : Actions;
        var rows = db.AuditEntries.AsNoTracking().Where(a => actions.Contains(a.Action) && a.AtUtc >= period.FromUtc && a.AtUtc < period.ToUtc);
        return userId is null ? rows : rows.Where(a => a.UserId == userId);
    }

    private static async Task<IReadOnlyList<PersonalDataAccessUser>> PerUserAsync(CaseDeskDbContext db, (DateOnly From, DateOnly To, DateTime FromUtc, DateTime ToUtc) period, bool refusals, CancellationToken ct)
    {
        var counts = await Filter(db, period, refusals)
            .GroupBy(a => new { a.UserId, a.Action })
            .Select(g => new { g.Key.UserId, g.Key.Action, Count = g.Count(), Name = g.Max(a => a.UserName) })
            .ToListAsync(ct);
        return counts.GroupBy(c => c.UserId)
            .Select(g => new PersonalDataAccessUser(g.Key, g.Max(c => c.Name) ?? "", g.Where(c => c.Action == AuditActions.ViewedPersonalData).Sum(c => c.Count), g.Where(c => c.Action != AuditActions.ViewedPersonalData).Sum(c => c.Count)))
            .OrderByDescending(u => u.Views + u.Refused).ThenBy(u => u.UserName, StringComparer.Ordinal)
            .ToList();
    }
}
