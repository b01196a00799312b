using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Referrals;

public sealed record PartnerView(int Id, int Version, string Name, string ContactName, string? Phone, string? Fax, string? Email, string? Address, WelfareNeed Services, bool AcceptsEmail, bool IsActive, int ReferralCount);

public enum ReferralFilter
{
    /// <summary>Drafts and everything still in the loop.</summary>
    Open,
    Mine,
    Drafts,
    AwaitingAcknowledgement,
    AcknowledgementOverdue,

    /// <summary>Acknowledged by the partner or in service.</summary>
    InService,
    /// <summary>Follow-up date today or earlier: what the clerk should follow up now.</summary>
    FollowUpDue,

    /// <summary>Follow-up date before today: follow-ups missed (the dashboard's card).</summary>
    FollowUpOverdue,
    Finished,
    All,
}

public sealed record ReferralQuery(ReferralFilter Filter = ReferralFilter.Open, string? Search = null, int? PartnerId = null, int? CaseId = null);

public sealed record ReferralListItem(
    int Id,
    string Number,
    string ObligorName,
    string? CaseNumber,
    string PartnerName,
    WelfareNeed Needs,
    ReferralState State,
    ReferralUrgency Urgency,
    string ClerkName,
    DateTime CreatedAtUtc,
    DateOnly? SentOn,
    DateOnly? AckDueOn,
    DateOnly? FollowUpOn);

public sealed record ReferralDetail
{
    public required int Id { get; init; }

    public required int Version { get; init; }

    public required string Number { get; init; }

    public required ReferralState State { get; init; }

    public int? CaseId { get; init; }

    public string? CaseNumber { get; init; }

    public CaseDeferral? Deferral { get; init; }

    public required string UnitName { get; init; }

    public required string ClerkName { get; init; }

    public required string ObligorName { get; init; }

    public string? ObligorIdMasked { get; init; }

    public string? ObligorPhoneMasked { get; init; }

    public string? ObligorAddress { get; init; }

    public required PartnerView Partner { get; init; }

    public required WelfareNeed Needs { get; init; }

    public string? OtherNeed { get; init; }

    public required string Situation { get; init; }

    public int? HouseholdSize { get; init; }

    public int? Dependents { get; init; }

    public long? MonthlyIncome { get; init; }

    public required IncomeStatus IncomeStatus { get; init; }

    public string? SpecialCircumstances { get; init; }

    public required ReferralUrgency Urgency { get; init; }

    public DateOnly? ConsentOn { get; init; }

    public ConsentMethod? ConsentMethod { get; init; }

    public string? ConsentRecordedBy { get; init; }

    public DateOnly? SentOn { get; init; }

    public SendMethod? SendMethod { get; init; }

    public DateOnly? AckDueOn { get; init; }

    public DateOnly? AcknowledgedOn { get; init; }

    public string? PartnerReference { get; init; }

    public DateOnly? InServiceOn { get; init; }

    public DateOnly? ClosedOn { get; init; }

    public ReferralOutcome? Outcome { get; init; }

    public string? OutcomeNote { get; init; }

    public string? StateReason { get; init; }

    public DateOnly? FollowUpOn { get; init; }

    public DateOnly? LastFollowUpOn { get; init; }

    public string? LastFollowUpNote { get; init; }

    public required DateTime CreatedAtUtc { get; init; }

    public required string CreatedBy { get; init; }

    public bool HasConsent => ConsentOn is not null;

    public bool IsAckOverdue(DateOnly today) => State == ReferralState.Sent && AckDueOn < today;

    public bool IsFollowUpDue(DateOnly today) => Referral.IsActive(State) && FollowUpOn <= today;

    /// <summary>The follow-up date has passed (as the desk and the dashboard count it); on the day itself it is only due.</summary>
    public bool IsFollowUpOverdue(DateOnly today) => Referral.IsActive(State) && FollowUpOn < today;

    /// <summary>The actions that make sense now (the service still decides).</summary>
    public IEnumerable<ReferralAction> PossibleActions => Enum.GetValues<ReferralAction>().Where(a => ReferralService.StateRefusal(State, a) is null)
        .Where(a => a != ReferralAction.RecordConsent || !HasConsent);
}

public sealed record CaseDeferral(DateOnly Until, string Reason);

/// <summary>The dashboard's referral cards; overdue means past the date (not on it), for acknowledgements and follow-ups alike, as on the desk.</summary>
public sealed record ReferralCounts(int Drafts, int AwaitingAcknowledgement, int AcknowledgementOverdue, int InService, int FollowUpOverdue);

public sealed partial class ReferralService
{
    public async Task<IReadOnlyList<PartnerView>> GetPartnersAsync(bool includeInactive = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var partners = db.WelfarePartners.AsQueryable();
        if (!includeInactive)
        {
            partners = partners.Where(p => p.IsActive);
        }

        return await partners.OrderByDescending(p => p.IsActive).ThenBy(p => p.Name)
            .Select(p => new PartnerView(p.Id, p.Version, p.Name, p.ContactName, p.Phone, p.Fax, p.Email, p.Address, (WelfareNeed)p.ServicesMask, p.AcceptsEmail, p.IsActive,
                db.Referrals.Count(r => r.PartnerId == p.Id)))
            .ToListAsync(ct);
    }

    private static IQueryable<Referral> Visible(CaseDeskDbContext db, Actor actor)
    {
        if (actor.IsSupervisor && actor.UnitId is null)
        {
            return db.Referrals;
        }

        if ((actor.IsClerk || actor.IsSupervisor) && actor.UnitId is { } unit)
        {
            var me = actor.StaffId;
            return db.Referrals.Where(r => r.UnitId == unit || r.ClerkStaffId == me);
        }

        return actor.StaffId is { } staff ? db.Referrals.Where(r => r.ClerkStaffId == staff) : db.Referrals.Where(r => false);
    }

    public async Task<PagedResult<ReferralListItem>> ListAsync(Actor actor, ReferralQuery query, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var today = Today;
        var referrals = Visible(db, actor);
        referrals = query.Filter switch
        {
            ReferralFilter.Open => referrals.Where(r => r.State == ReferralState.Draft || r.State == ReferralState.Sent || r.State == ReferralState.Acknowledged || r.State == ReferralState.InService),
            ReferralFilter.Mine => referrals.Where(r => r.ClerkStaffId == actor.StaffId && (r.State == ReferralState.Draft || r.State == ReferralState.Sent || r.State == ReferralState.Acknowledged || r.State == ReferralState.InService)),
            ReferralFilter.Drafts => referrals.Where(r => r.State == ReferralState.Draft),
            ReferralFilter.AwaitingAcknowledgement => referrals.Where(r => r.State == ReferralState.Sent),
            ReferralFilter.AcknowledgementOverdue => referrals.Where(r => r.State == ReferralState.Sent && r.AckDueOn < today),
            ReferralFilter.InService => referrals.Where(r => r.State == ReferralState.Acknowledged || r.State == ReferralState.InService),
            ReferralFilter.FollowUpDue => referrals.Where(r => (r.State == ReferralState.Sent || r.State == ReferralState.Acknowledged || r.State == ReferralState.InService) && r.FollowUpOn <= today),
            ReferralFilter.FollowUpOverdue => referrals.Where(r => (r.State == ReferralState.Sent || r.State == ReferralState.Acknowledged || r.State == ReferralState.InService) && r.FollowUpOn < today),
            ReferralFilter.Finished => referrals.Where(r => r.State == ReferralState.Closed || r.State == ReferralState.Rejected || r.State == ReferralState.Withdrawn),
            _ => referrals,
        };
        if (query.PartnerId is { } partnerId)
        {
            referrals = referrals.Where(r => r.PartnerId == partnerId);
        }

        if (query.CaseId is { } caseId)
        {
            referrals = referrals.Where(r => r.CaseId == caseId);
        }

        var search = TextNormalizer.ToHalfWidth(query.Search).Trim();
        if (search.Length > 0)
        {
            var end = TextSearch.PrefixEnd(search);
            referrals = referrals.Where(r => r.Number == search || (r.ObligorName.CompareTo(search) >= 0 && r.ObligorName.CompareTo(end) < 0));
        }

        var total = await referrals.CountAsync(ct);
        var ordered = query.Filter switch
        {
            ReferralFilter.AwaitingAcknowledgement or ReferralFilter.AcknowledgementOverdue => referrals.OrderBy(r => r.AckDueOn).ThenBy(r => r.Id),
            ReferralFilter.FollowUpDue or ReferralFilter.FollowUpOverdue => referrals.OrderBy(r => r.FollowUpOn).ThenBy(r => r.Id),
            _ => referrals.OrderByDescending(r => r.Id),
        };
        var items = await ordered.Skip(page.Skip).Take(page.Take)
            .Select(r => new ReferralListItem(
                r.Id,
                r.Number,
                r.ObligorName,
                db.Cases.Where(c => c.Id == r.CaseId).Select(c => c.CaseNumber).FirstOrDefault(),
                db.WelfarePartners.Where(p => p.Id == r.PartnerId).Select(p => p.Name).First(),
                (WelfareNeed)r.NeedsMask,
                r.State,
                r.Urgency,
                db.Staff.Where(s => s.Id == r.ClerkStaffId).Select(s => s.Name).First(),
                r.CreatedAtUtc,
                r.SentOn,
                r.AckDueOn,
                r.FollowUpOn))
            .ToListAsync(ct);
        return new PagedResult<ReferralListItem>(items, total);
    }

    public async Task<ReferralDetail?> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var r = await db.Referrals.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || !ReferralAccess.CanWork(actor, r.UnitId, r.ClerkStaffId))
        {
            return null;
        }

        var partner = await db.WelfarePartners.Where(p => p.Id == r.PartnerId)
            .Select(p => new PartnerView(p.Id, p.Version, p.Name, p.ContactName, p.Phone, p.Fax, p.Email, p.Address, (WelfareNeed)p.ServicesMask, p.AcceptsEmail, p.IsActive, 0)).SingleAsync(ct);
        var enforcementCase = r.CaseId is { } caseId
            ? await db.Cases.Where(c => c.Id == caseId).Select(c => new { c.CaseNumber, c.Status, c.DeferredUntil, c.DeferralReason }).SingleOrDefaultAsync(ct)
            : null;
        return new ReferralDetail
        {
            Id = r.Id,
            Version = r.Version,
            Number = r.Number,
            State = r.State,
            CaseId = r.CaseId,
            CaseNumber = enforcementCase?.CaseNumber,
            Deferral = enforcementCase is { Status: Cases.CaseStatus.Deferred, DeferredUntil: { } until } ? new CaseDeferral(until, enforcementCase.DeferralReason ?? "") : null,
            UnitName = await db.Units.Where(u => u.Id == r.UnitId).Select(u => u.Name).SingleAsync(ct),
            ClerkName = await db.Staff.Where(s => s.Id == r.ClerkStaffId).Select(s => s.Name).SingleAsync(ct),
            ObligorName = r.ObligorName,
            ObligorIdMasked = r.ObligorIdNumber is null ? null : Mask.ObligorId(r.ObligorIdNumber),
            ObligorPhoneMasked = PhoneNumber.Mask(r.ObligorPhone),
            ObligorAddress = r.ObligorAddress,
            Partner = partner,
            Needs = r.Needs,
            OtherNeed = r.OtherNeed,
            Situation = r.Situation,
            HouseholdSize = r.HouseholdSize,
            Dependents = r.Dependents,
            MonthlyIncome = r.MonthlyIncome,
            IncomeStatus = r.IncomeStatus,
            SpecialCircumstances = r.SpecialCircumstances,
            Urgency = r.Urgency,
            ConsentOn = r.ConsentOn,
            ConsentMethod = r.ConsentMethod,
            ConsentRecordedBy = r.ConsentRecordedBy,
            SentOn = r.SentOn,
            SendMethod = r.SendMethod,
            AckDueOn = r.AckDueOn,
            AcknowledgedOn = r.AcknowledgedOn,
            PartnerReference = r.PartnerReference,
            InServiceOn = r.InServiceOn,
            ClosedOn = r.ClosedOn,
            Outcome = r.Outcome,
            OutcomeNote = r.OutcomeNote,
            StateReason = r.StateReason,
            FollowUpOn = r.FollowUpOn,
            LastFollowUpOn = r.LastFollowUpOn,
            LastFollowUpNote = r.LastFollowUpNote,
            CreatedAtUtc = r.CreatedAtUtc,
            CreatedBy = r.CreatedBy,
        };
    }

    /// <summary>What the edit form starts from: the draft as typed (full ID and phone, for whoever may work it; audited).</summary>
    public async Task<(ReferralInput Input, int Version)?> GetDraftInputAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var r = await db.Referrals.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || r.State != ReferralState.Draft || !ReferralAccess.CanWork(actor, r.UnitId, r.ClerkStaffId))
        {
            return null;
        }

        var caseNumber = r.CaseId is { } caseId ? await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseNumber).SingleOrDefaultAsync(ct) : null;
        db.AddAudit(nameof(Referral), r.Id, AuditActions.ViewedPersonalData, $"開啟轉介草稿 {r.Number} 編修（含完整個人資料）");
        await db.SaveChangesAsync(ct);
        var input = new ReferralInput
        {
            CaseNumber = caseNumber,
            ObligorName = r.ObligorName,
            ObligorIdNumber = r.ObligorIdNumber,
            ObligorPhone = r.ObligorPhone,
            ObligorAddress = r.ObligorAddress,
            PartnerId = r.PartnerId,
            Needs = r.Needs,
            OtherNeed = r.OtherNeed,
            Situation = r.Situation,
            HouseholdSize = r.HouseholdSize,
            Dependents = r.Dependents,
            MonthlyIncome = r.MonthlyIncome,
            IncomeStatus = r.IncomeStatus,
            SpecialCircumstances = r.SpecialCircumstances,
            Urgency = r.Urgency,
            ConsentGiven = r.HasConsent,
            Consent = r.HasConsent ? new ConsentInput(r.ConsentOn, r.ConsentMethod, r.ConsentRecordedBy) : null,
        };
        return (input, r.Version);
    }

    /// <summary>
    /// A new referral's form prefilled from an earlier one (the partner rejected it, or another partner is
    /// needed): the obligor, the needs and the situation; the partner and the consent are chosen anew.
    /// </summary>
    public async Task<Result<ReferralInput>> PrefillFromReferralAsync(Actor actor, int referralId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var r = await db.Referrals.AsNoTracking().SingleOrDefaultAsync(x => x.Id == referralId, ct);
        if (r is null || !ReferralAccess.CanCreate(actor) || !ReferralAccess.CanWork(actor, r.UnitId, r.ClerkStaffId))
        {
            return r is null ? DomainError.NotFound() : await dbFactory.RefuseAsync(actor, nameof(Referral), referralId, DomainError.Forbidden(), ct);
        }

        var caseNumber = r.CaseId is { } caseId ? await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseNumber).SingleOrDefaultAsync(ct) : null;
        db.AddAudit(nameof(Referral), r.Id, AuditActions.ViewedPersonalData, $"以轉介 {r.Number} 填寫新的個案轉介單");
        await db.SaveChangesAsync(ct);
        return Result.Success(new ReferralInput
        {
            CaseNumber = caseNumber,
            ObligorName = r.ObligorName,
            ObligorIdNumber = r.ObligorIdNumber,
            ObligorPhone = r.ObligorPhone,
            ObligorAddress = r.ObligorAddress,
            Needs = r.Needs,
            OtherNeed = r.OtherNeed,
            Situation = r.Situation,
            HouseholdSize = r.HouseholdSize,
            Dependents = r.Dependents,
            MonthlyIncome = r.MonthlyIncome,
            IncomeStatus = r.IncomeStatus,
            SpecialCircumstances = r.SpecialCircumstances,
            Urgency = r.Urgency,
        });
    }

    /// <summary>The obligor's full national ID (or phone) for whoever works the referral; every look is audited.</summary>
    public async Task<Result<string?>> RevealAsync(Actor actor, int id, bool phone, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var r = await db.Referrals.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.UnitId, x.ClerkStaffId, x.Number, x.ObligorIdNumber, x.ObligorPhone }).SingleOrDefaultAsync(ct);
        if (r is null)
        {
            return DomainError.Forbidden();
        }

        if (!ReferralAccess.CanWork(actor, r.UnitId, r.ClerkStaffId))
        {
            db.AddAudit(nameof(Referral), id, AuditActions.RefusedPersonalData, $"要求查看轉介 {r.Number} 的完整{(phone ? "電話" : "身分證統一編號")}，遭拒（無權限）");
            await db.SaveChangesAsync(ct);
            return DomainError.Forbidden();
        }

        db.AddAudit(nameof(Referral), id, AuditActions.ViewedPersonalData, $"查看轉介 {r.Number} 的完整{(phone ? "電話" : "身分證統一編號")}");
        await db.SaveChangesAsync(ct);
        return Result.Success(phone ? r.ObligorPhone : r.ObligorIdNumber);
    }

    /// <summary>The id of the case with this number, if any (the form then prefills from it).</summary>
    public async Task<int?> FindCaseIdAsync(string caseNumber, CancellationToken ct = default)
    {
        var parsed = Cases.CaseNumber.Parse(caseNumber);
        if (!parsed.Succeeded)
        {
            return null;
        }

        var number = parsed.Value.Value;
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        return await db.Cases.Where(c => c.CaseNumber == number).Select(c => (int?)c.Id).SingleOrDefaultAsync(ct);
    }

    /// <summary>A new referral's form prefilled from the enforcement case (the obligor's details as the case holds them).</summary>
    public async Task<Result<ReferralInput>> PrefillFromCaseAsync(Actor actor, int caseId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null)
        {
            return DomainError.NotFound();
        }

        if (!ReferralAccess.CanCreate(actor) || !Cases.CaseAccess.CanChange(actor, c.UnitId))
        {
            return await dbFactory.RefuseAsync(actor, "EnforcementCase", caseId, DomainError.Forbidden("這件執行案件不是貴股的案件，請由承辦股辦理轉介。"), ct);
        }

        db.AddAudit(nameof(Cases.EnforcementCase), c.Id, AuditActions.ViewedPersonalData, $"以執行案件 {c.CaseNumber} 填寫個案轉介單");
        await db.SaveChangesAsync(ct);
        return Result.Success(new ReferralInput
        {
            CaseNumber = c.CaseNumber,
            ObligorName = c.ObligorName,
            ObligorIdNumber = c.ObligorKind == Cases.ObligorKind.Person ? c.ObligorIdNumber : null,
            ObligorPhone = c.ObligorPhone,
            ObligorAddress = c.ObligorAddress,
        });
    }

    /// <summary>The referral form (個案轉介單) with the obligor's full data, for printing; every look is audited.</summary>
    public async Task<ReferralFormModel?> GetFormAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var r = await db.Referrals.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || !ReferralAccess.CanWork(actor, r.UnitId, r.ClerkStaffId))
        {
            return null;
        }

        var form = await FormModelAsync(db, r, ct);
        db.AddAudit(nameof(Referral), r.Id, AuditActions.ViewedPersonalData, $"列印個案轉介單 {r.Number}");
        await db.SaveChangesAsync(ct);
        return form;
    }

    private async Task<ReferralFormModel> FormModelAsync(CaseDeskDbContext db, Referral r, CancellationToken ct)
    {
        var partner = await db.WelfarePartners.AsNoTracking().SingleAsync(p => p.Id == r.PartnerId, ct);
        var clerk = await db.Staff.Where(s => s.Id == r.ClerkStaffId).Select(s => new { s.Name, s.Phone }).SingleAsync(ct);
        var unit = await db.Units.Where(u => u.Id == r.UnitId).Select(u => u.Name).SingleAsync(ct);
        var caseNumber = r.CaseId is { } caseId ? await db.Cases.Where(c => c.Id == caseId).Select(c => c.CaseNumber).SingleOrDefaultAsync(ct) : null;
        return new ReferralFormModel(
            Options.OfficeName, r.Number, r.SentOn ?? Today, r.State == ReferralState.Draft, unit, clerk.Name, clerk.Phone,
            partner.Name, partner.ContactName, partner.Phone, partner.Fax, partner.Email,
            r.ObligorName, r.ObligorIdNumber, r.ObligorPhone, r.ObligorAddress, caseNumber,
            r.Needs, r.OtherNeed, r.Situation, r.HouseholdSize, r.Dependents, r.MonthlyIncome, r.IncomeStatus, r.SpecialCircumstances, r.Urgency,
            r.ConsentOn, r.ConsentMethod, r.ConsentRecordedBy);
    }

    /// <summary>Dashboard counts for the actor's scope (a unit's supervisor: the unit; over every unit: all), from indexed counts.</summary>
    public async Task<ReferralCounts> CountsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var today = Today;
        var visible = Visible(db, actor);
        var byState = await visible.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var ackOverdue = await visible.CountAsync(r => r.State == ReferralState.Sent && r.AckDueOn < today, ct);
        var followUpOverdue = await visible.CountAsync(r => (r.State == ReferralState.Sent || r.State == ReferralState.Acknowledged || r.State == ReferralState.InService) && r.FollowUpOn < today, ct);
        int Count(ReferralState s) => byState.FirstOrDefault(x => x.Key == s)?.Count ?? 0;
        return new ReferralCounts(Count(ReferralState.Draft), Count(ReferralState.Sent), ackOverdue, Count(ReferralState.Acknowledged) + Count(ReferralState.InService), followUpOverdue);
    }
}
