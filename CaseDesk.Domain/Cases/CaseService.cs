using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Cases;

/// <summary>Enforcement cases: find, read, create, edit; reveal a full ID (audited).</summary>
public sealed partial class CaseService(CaseDeskDbFactory dbFactory)
{
    public async Task<PagedResult<CaseRow>> SearchAsync(Actor actor, CaseQuery query, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var cases = Filter(db.Cases, query);
        var total = await cases.CountAsync(ct);
        var rows = await Sort(cases, query)
            .Skip(page.Skip)
            .Take(page.Take)
            .ProjectToType<CaseRow>(DomainMapping.Config)
            .ToListAsync(ct);

        if (!CaseAccess.CanSeeAmounts(actor))
        {
            rows = rows.Select(r => r with { AmountOwed = null }).ToList();
        }

        return new PagedResult<CaseRow>(rows, total);
    }

    public async Task<CaseDetail?> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var detail = await db.Cases.Where(c => c.Id == id).ProjectToType<CaseDetail>(DomainMapping.Config).SingleOrDefaultAsync(ct);
        if (detail is null)
        {
            return null;
        }

        return detail with
        {
            AmountOwed = CaseAccess.CanSeeAmounts(actor) ? detail.AmountOwed : null,
            ObligorAddress = CaseAccess.CanSeeAmounts(actor) ? detail.ObligorAddress : null,
            CanEdit = CaseAccess.CanChange(actor, detail.UnitId),
            CanRevealId = CaseAccess.CanRevealId(actor, detail.UnitId),
        };
    }

    /// <summary>
    /// The case as its edit form needs it. The form holds the full ID and phone, so opening it is recorded
    /// like any other view of personal data.
    /// </summary>
    public async Task<Result<(CaseInput Input, int Version)>> GetForEditAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var entity = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (entity is null)
        {
            return DomainError.NotFound();
        }

        if (!CaseAccess.CanChange(actor, entity.UnitId))
        {
            return await dbFactory.RefuseAsync(actor, nameof(EnforcementCase), id, DomainError.Forbidden("只有本股書記官或主管可以修改這件案件。"), ct);
        }

        db.AddAudit(nameof(EnforcementCase), id, AuditActions.ViewedPersonalData, $"開啟 {entity.CaseNumber} 編輯畫面（含完整身分證號與電話）");
        await db.SaveChangesAsync(ct);
        return Result.Success((entity.Adapt<CaseInput>(DomainMapping.Config), entity.Version));
    }

    /// <summary>Shows the full national ID or phone to a role that needs it, and records who looked.</summary>
    public async Task<Result<(string IdNumber, string? Phone)>> RevealPersonalDataAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var found = await db.Cases.Where(c => c.Id == id)
            .Select(c => new { c.UnitId, c.CaseNumber, c.ObligorIdNumber, c.ObligorPhone })
            .SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return DomainError.NotFound();
        }

        if (!CaseAccess.CanRevealId(actor, found.UnitId))
        {
            db.AddAudit(nameof(EnforcementCase), id, AuditActions.RefusedPersonalData, $"要求檢視 {found.CaseNumber} 義務人完整個資，遭拒（無權限）");
            await db.SaveChangesAsync(ct);
            return DomainError.Forbidden("只有本股書記官或主管可以檢視完整身分證號。");
        }

        db.AddAudit(nameof(EnforcementCase), id, AuditActions.ViewedPersonalData, $"檢視 {found.CaseNumber} 義務人完整身分證號與電話");
        await db.SaveChangesAsync(ct);
        return Result.Success((found.ObligorIdNumber, found.ObligorPhone));
    }

    public async Task<Result<int>> CreateAsync(Actor actor, CaseInput input, CancellationToken ct = default)
    {
        if (!CaseAccess.CanCreate(actor))
        {
            return await dbFactory.RefuseAsync(actor, nameof(EnforcementCase), "new", DomainError.Forbidden("只有書記官或主管可以新增執行案件。"), ct);
        }

        if (input.Status != CaseStatus.InEnforcement)
        {
            input = input with { Status = CaseStatus.InEnforcement };
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var valid = await ValidateAsync(db, actor, input, existingId: null, ct);
        if (!valid.Succeeded)
        {
            return Result<int>.Fail(valid.Errors);
        }

        var entity = EnforcementCase.Create(valid.Value);
        db.Cases.Add(entity);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone saved the same number between our check and our insert.
            if (await IsFreeAsync(valid.Value.Number, null, ct))
            {
                throw;
            }

            return DuplicateNumber(valid.Value.Number);
        }

        return Result.Success(entity.Id);
    }

    public async Task<Result> UpdateAsync(Actor actor, int id, int expectedVersion, CaseInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var entity = await db.Cases.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (entity is null)
        {
            return Result.Fail(ConcurrencyConflict.Error(null, null));
        }

        if (!CaseAccess.CanChange(actor, entity.UnitId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(EnforcementCase), id, DomainError.Forbidden("只有本股書記官或主管可以修改這件案件。"), ct));
        }

        var valid = await ValidateAsync(db, actor, input, id, ct);
        if (!valid.Succeeded)
        {
            return Result.Fail(valid.Errors);
        }

        if (!EnforcementCase.CanMove(entity.Status, valid.Value.Status))
        {
            return Result.Fail(new DomainError("case_status_move", valid.Value.Status == CaseStatus.Deferred && entity.Status != CaseStatus.Closed
                ? "暫緩執行須填寫期限（最長 6 個月）與原因：請存檔後在案件頁按「暫緩執行」。"
                : $"已結案的案件只能改回「{EnforcementCase.StatusName(CaseStatus.InEnforcement)}」。", nameof(CaseInput.Status)));
        }

        db.ExpectVersion(entity, expectedVersion);
        entity.Update(valid.Value);
        try
        {
            return await db.SaveOrConflictAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await IsFreeAsync(valid.Value.Number, id, ct))
            {
                throw;
            }

            return Result.Fail(DuplicateNumber(valid.Value.Number).Errors);
        }
    }

    /// <summary>Defers enforcement (暫緩執行) until a date, with a reason; audited like any change of the case.</summary>
    public Task<Result> DeferAsync(Actor actor, int id, int version, DeferralInput input, CancellationToken ct = default) =>
        ChangeDeferralAsync(actor, id, version, ct, (entity, today, errors) =>
        {
            var reason = Clean(input.Reason);
            errors.AddIf(entity.Status == CaseStatus.Closed, "defer_closed", "已結案的案件不能暫緩執行。");
            errors.AddIf(entity.Status == CaseStatus.Deferred, "defer_already",
                $"案件已暫緩執行{(entity.DeferredUntil is { } current ? $"至 {RocDate.Format(current)}" : "")}；要延後期限請用「延長暫緩」。");
            if (!errors.Any)
            {
                EnforcementCase.ValidateDeferral(input.Until, reason, today, errors);
            }

            if (!errors.Any)
            {
                entity.Defer(input.Until!.Value, reason!);
            }
        });

    /// <summary>Moves a deferral's end date later (still at most six months from today), with the reason.</summary>
    public Task<Result> ExtendDeferralAsync(Actor actor, int id, int version, DeferralInput input, CancellationToken ct = default) =>
        ChangeDeferralAsync(actor, id, version, ct, (entity, today, errors) =>
        {
            var reason = Clean(input.Reason);
            if (entity.Status != CaseStatus.Deferred)
            {
                errors.Add("defer_not_deferred", "案件目前沒有暫緩執行；請用「暫緩執行」。");
                return;
            }

            EnforcementCase.ValidateDeferral(input.Until, reason, today, errors);
            errors.AddIf(input.Until <= entity.DeferredUntil, "defer_extend_earlier",
                $"延長後的期限應晚於目前的期限（{RocDate.Format(entity.DeferredUntil)}）；要提前恢復執行請用「解除暫緩」。", nameof(DeferralInput.Until));
            if (!errors.Any)
            {
                entity.ExtendDeferral(input.Until!.Value, reason!);
            }
        });

    /// <summary>Ends a deferral before its end date (the obligor paid, the partner's help ended): the case is back in enforcement.</summary>
    public Task<Result> LiftDeferralAsync(Actor actor, int id, int version, string? reason, CancellationToken ct = default) =>
        ChangeDeferralAsync(actor, id, version, ct, (entity, today, errors) =>
        {
            var why = Clean(reason);
            if (entity.Status != CaseStatus.Deferred)
            {
                errors.Add("defer_not_deferred", "案件目前沒有暫緩執行。");
                return;
            }

            errors.AddIf(why is null, "defer_lift_reason", "請填寫解除暫緩的原因（例如：義務人已繳清、轉介已結案）。", nameof(DeferralInput.Reason));
            errors.AddIf(why?.Length > EnforcementCase.DeferralReasonMaxLength, "defer_reason", $"原因最多 {EnforcementCase.DeferralReasonMaxLength} 字。", nameof(DeferralInput.Reason));
            if (!errors.Any)
            {
                entity.EndDeferral(why!);
            }
        });

    /// <summary>Deferrals whose end date has passed end by themselves (the deadline scan calls this): each case is audited and versioned as if a person had lifted it.</summary>
    public async Task<int> EndExpiredDeferralsAsync(CancellationToken ct = default)
    {
        var today = TaipeiTime.Today(dbFactory.Clock);
        var deferred = CaseStatus.Deferred;
        var ended = 0;
        await using var db = await dbFactory.OpenAsync(Actor.System, ct);
        var due = await db.Cases.Where(c => c.Status == deferred && c.DeferredUntil < today).OrderBy(c => c.Id).Take(500).ToListAsync(ct);
        foreach (var entity in due)
        {
            ended += entity.EndExpiredDeferral(today) ? 1 : 0;
        }

        if (ended == 0)
        {
            return 0;
        }

        // A clerk who extended one of them a moment ago wins: nothing is saved and the next scan (minutes later) ends the others.
        var saved = await db.SaveOrConflictAsync(ct);
        return saved.Succeeded ? ended : 0;
    }

    private async Task<Result> ChangeDeferralAsync(Actor actor, int id, int version, CancellationToken ct, Action<EnforcementCase, DateOnly, ErrorList> change)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var entity = await db.Cases.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (entity is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        if (!CaseAccess.CanChange(actor, entity.UnitId))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, nameof(EnforcementCase), id, DomainError.Forbidden("只有本股書記官或主管可以變更這件案件的暫緩執行。"), ct));
        }

        if (entity.Version != version)
        {
            return Result.Fail(ConcurrencyConflict.Error(entity.UpdatedAtUtc, entity.UpdatedBy));
        }

        db.ExpectVersion(entity, version);
        var errors = new ErrorList();
        change(entity, TaipeiTime.Today(dbFactory.Clock), errors);
        return errors.Any ? Result.Fail(errors.Items) : await db.SaveOrConflictAsync(ct);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<bool> IsFreeAsync(CaseNumber number, int? exceptId, CancellationToken ct)
    {
        await using var check = await dbFactory.OpenReadOnlyAsync(ct);
        var value = number.Value;
        return !await check.Cases.AnyAsync(c => c.CaseNumber == value && c.Id != exceptId, ct);
    }

    private static async Task<Result<ValidCaseInput>> ValidateAsync(CaseDeskDbContext db, Actor actor, CaseInput input, int? existingId, CancellationToken ct)
    {
        var basic = input.Validate(TaipeiTime.Today(db.Clock));
        var errors = new ErrorList();
        foreach (var e in basic.Errors)
        {
            errors.Add(e);
        }

        if (input.ReferringAgencyId is { } agencyId && !await db.Agencies.AnyAsync(a => a.Id == agencyId && a.IsActive, ct))
        {
            errors.Add("agency_unknown", "所選的移送機關不存在或已停用。", nameof(CaseInput.ReferringAgencyId));
        }

        if (input.UnitId is { } unitId)
        {
            if (!await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct))
            {
                errors.Add("unit_unknown", "所選的執行股不存在或已停用。", nameof(CaseInput.UnitId));
            }
            else if (!actor.IsSupervisor && actor.UnitId != unitId)
            {
                errors.Add("unit_not_own", "書記官只能將案件放在自己的執行股；請主管移股。", nameof(CaseInput.UnitId));
            }
        }

        if (input.ResponsibleClerkId is { } clerkId)
        {
            var clerk = await db.Staff.Where(s => s.Id == clerkId).Select(s => new { s.Title, s.UnitId, s.IsActive }).SingleOrDefaultAsync(ct);
            if (clerk is null || !clerk.IsActive || clerk.Title != StaffTitle.Clerk)
            {
                errors.Add("clerk_unknown", "承辦書記官必須是在職的書記官。", nameof(CaseInput.ResponsibleClerkId));
            }
            else if (clerk.UnitId != input.UnitId)
            {
                errors.Add("clerk_other_unit", "承辦書記官不屬於所選的執行股。", nameof(CaseInput.ResponsibleClerkId));
            }
        }

        if (basic.Succeeded)
        {
            var number = basic.Value.Number.Value;
            if (await db.Cases.AnyAsync(c => c.CaseNumber == number && c.Id != existingId, ct))
            {
                errors.Add(DuplicateNumber(basic.Value.Number).Errors[0]);
            }
        }

        return errors.Any ? Result<ValidCaseInput>.Fail(errors.Items) : basic;
    }

    private static Result<int> DuplicateNumber(CaseNumber number) =>
        new DomainError("case_number_duplicate", $"執行案號 {number.Value} 已經登錄過了；請用搜尋找到原案件。", nameof(CaseInput.CaseNumber));

    private static IQueryable<EnforcementCase> Filter(IQueryable<EnforcementCase> cases, CaseQuery query)
    {
        if (query.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }

        if (query.UnitId is { } unitId)
        {
            cases = cases.Where(c => c.UnitId == unitId);
        }

        if (query.ReferringAgencyId is { } agencyId)
        {
            cases = cases.Where(c => c.ReferringAgencyId == agencyId);
        }

        if (query.ResponsibleClerkId is { } clerkId)
        {
            cases = cases.Where(c => c.ResponsibleClerkId == clerkId);
        }

        var text = TextNormalizer.ToHalfWidth(query.Text).Trim();
        if (text.Length == 0)
        {
            return cases;
        }

        var compact = TextNormalizer.CompactUpper(text);
        if (TaiwanId.IsValid(compact))
        {
            return cases.Where(c => c.ObligorIdNumber == compact);
        }

        if (Cases.CaseNumber.Parse(text) is { Succeeded: true } number)
        {
            var value = number.Value.Value;
            return cases.Where(c => c.CaseNumber == value);
        }

        // Digits alone: a case's sequence number (padded or not) or a business number.
        if (compact.Length <= 10 && compact.All(char.IsAsciiDigit))
        {
            var sequence = long.Parse(compact, System.Globalization.CultureInfo.InvariantCulture);
            return cases.Where(c => c.Sequence == sequence || c.ObligorIdNumber == compact);
        }

        if (compact.Length is >= 2 and < 10 && compact[0] is >= 'A' and <= 'Z' && compact[1..].All(char.IsAsciiDigit))
        {
            var end = TextSearch.PrefixEnd(compact);
            return cases.Where(c => string.Compare(c.ObligorIdNumber, compact) >= 0 && string.Compare(c.ObligorIdNumber, end) < 0);
        }

        var prefixEnd = TextSearch.PrefixEnd(text);
        return text.Length > 2 && char.IsAsciiDigit(text[0]) && text.Contains('年')
            ? cases.Where(c => string.Compare(c.CaseNumber, text) >= 0 && string.Compare(c.CaseNumber, prefixEnd) < 0)
            : cases.Where(c => string.Compare(c.ObligorName, text) >= 0 && string.Compare(c.ObligorName, prefixEnd) < 0);
    }

    private static IQueryable<EnforcementCase> Sort(IQueryable<EnforcementCase> cases, CaseQuery query)
    {
        var ordered = (query.Sort, query.Descending) switch
        {
            (CaseSort.CaseNumber, false) => cases.OrderBy(c => c.CaseNumber),
            (CaseSort.CaseNumber, true) => cases.OrderByDescending(c => c.CaseNumber),
            (CaseSort.AmountOwed, false) => cases.OrderBy(c => c.AmountOwed),
            (CaseSort.AmountOwed, true) => cases.OrderByDescending(c => c.AmountOwed),
            (CaseSort.ObligorName, false) => cases.OrderBy(c => c.ObligorName),
            (CaseSort.ObligorName, true) => cases.OrderByDescending(c => c.ObligorName),
            (CaseSort.Status, false) => cases.OrderBy(c => c.Status),
            (CaseSort.Status, true) => cases.OrderByDescending(c => c.Status),
            (CaseSort.UpdatedAt, false) => cases.OrderBy(c => c.UpdatedAtUtc),
            (CaseSort.UpdatedAt, true) => cases.OrderByDescending(c => c.UpdatedAtUtc),
            (_, false) => cases.OrderBy(c => c.ReferredOn),
            (_, true) => cases.OrderByDescending(c => c.ReferredOn),
        };
        return query.Descending ? ordered.ThenByDescending(c => c.Id) : ordered.ThenBy(c => c.Id);
    }
}
