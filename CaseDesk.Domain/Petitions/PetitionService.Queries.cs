using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using CaseDesk.Domain.Reference;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Petitions;

public sealed partial class PetitionService
{
    /// <summary>Today in Taipei and the last due date that counts as "due soon" today.</summary>
    public async Task<(DateOnly Today, DateOnly WarnLimit)> DeadlineWindowAsync(CancellationToken ct = default)
    {
        var today = TaipeiTime.Today(Clock);
        var calendar = await calendars.GetAsync(ct);
        return (today, calendar.AddWorkingDays(today, Policy.WarningWorkingDays));
    }

    public async Task<PagedResult<PetitionRow>> SearchAsync(Actor actor, PetitionQuery query, PageRequest page, CancellationToken ct = default)
    {
        var (today, warnLimit) = await DeadlineWindowAsync(ct);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var petitions = Visible(db.Petitions, actor, query.Scope);
        petitions = Filter(petitions, query, today, warnLimit);
        var total = await petitions.CountAsync(ct);
        var ordered = (query.Sort, query.Descending) switch
        {
            (PetitionSort.ReceivedOn, false) => petitions.OrderBy(p => p.ReceivedAtUtc),
            (PetitionSort.ReceivedOn, true) => petitions.OrderByDescending(p => p.ReceivedAtUtc),
            (PetitionSort.Number, false) => petitions.OrderBy(p => p.RocYear).ThenBy(p => p.Sequence),
            (PetitionSort.Number, true) => petitions.OrderByDescending(p => p.RocYear).ThenByDescending(p => p.Sequence),
            (_, true) => petitions.OrderByDescending(p => p.DueOn).ThenByDescending(p => p.Id),
            _ => petitions.OrderBy(p => p.DueOn).ThenBy(p => p.Id),
        };
        var rows = await ordered.Skip(page.Skip).Take(page.Take)
            .Select(p => new PetitionRow
            {
                Id = p.Id,
                Number = p.Number,
                ReceivedOn = p.ReceivedOn,
                Channel = p.Channel,
                Category = p.Category,
                Subject = p.Subject,
                PetitionerName = p.PetitionerName,
                HandlerName = db.Staff.Where(s => s.Id == p.HandlerId).Select(s => s.Name).FirstOrDefault(),
                UnitName = db.Units.Where(u => u.Id == p.UnitId).Select(u => u.Name).FirstOrDefault(),
                State = p.State,
                DueOn = p.DueOn,
                HasExtension = p.HasExtension,
                FirstInterimContactOn = p.FirstInterimContactOn,
                RepliedOn = p.RepliedOn,
            })
            .ToListAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        var withStatus = rows.Select(r => r with
        {
            Status = Petition.StatusOn(today, warnLimit, r.State, r.DueOn, r.HasExtension, r.FirstInterimContactOn),
            WorkingDaysLeft = calendar.CountWorkingDays(today, r.DueOn),
        }).ToList();
        return new PagedResult<PetitionRow>(withStatus, total);
    }

    public async Task<PetitionDetail?> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var p = await db.Petitions.Include(x => x.Contacts).Include(x => x.Extensions).AsSplitQuery().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (p is null || !PetitionAccess.CanRead(actor, p.UnitId, p.HandlerId, p.RegisteredByStaffId))
        {
            return null;
        }

        var names = await db.Staff.Where(s => s.Id == p.HandlerId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        var unit = await db.Units.Where(u => u.Id == p.UnitId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        var section = await db.Sections.Where(s => s.Id == p.SectionId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        var caseNumber = await db.Cases.Where(c => c.Id == p.CaseId).Select(c => c.CaseNumber).FirstOrDefaultAsync(ct);
        var related = await db.Petitions.Where(x => x.Id == p.RelatedPetitionId).Select(x => x.Number).FirstOrDefaultAsync(ct);
        var isDirector = actor.StaffId is { } me && await db.Staff.AnyAsync(s => s.Id == me && s.Title == StaffTitle.Director, ct);
        var (today, warnLimit) = await DeadlineWindowAsync(ct);
        var calendar = await calendars.GetAsync(ct);

        var work = PetitionAccess.CanWork(actor, p.UnitId, p.HandlerId);
        var open = p.IsOpen;
        var editable = open && p.State is not (PetitionState.SubmittedForSignOff or PetitionState.Approved);
        var actions = new PetitionActions(
            Edit: work && editable,
            Assign: open && (actor.IsSupervisor || (actor.IsClerk && p.HandlerId is null && p.UnitId == actor.UnitId)) && p.State is not (PetitionState.SubmittedForSignOff or PetitionState.Approved),
            Start: work && p.State is PetitionState.Assigned && p.HandlerId is not null,
            LogContact: work && open,
            Extend: open && PetitionAccess.CanExtend(actor, p.HandlerId),
            ExtendBeyondSectionChief: open && PetitionAccess.CanExtend(actor, p.HandlerId) && isDirector,
            Submit: work && p.State is PetitionState.InProgress or PetitionState.Assigned,
            Approve: p.State == PetitionState.SubmittedForSignOff && PetitionAccess.CanApprove(actor, p.HandlerId, p.SubmittedByStaffId),
            Return: p.State == PetitionState.SubmittedForSignOff && PetitionAccess.CanApprove(actor, p.HandlerId, p.SubmittedByStaffId),
            MarkReplied: work && p.State == PetitionState.Approved,
            Close: work && p.State == PetitionState.Replied,
            Transfer: work && editable,
            File: work && editable,
            Reopen: !open && PetitionAccess.CanReopen(actor));

        return new PetitionDetail
        {
            Id = p.Id,
            Version = p.Version,
            Number = p.Number,
            Channel = p.Channel,
            ReceivedAtUtc = p.ReceivedAtUtc,
            ReceivedOn = p.ReceivedOn,
            PetitionerName = p.PetitionerName,
            PetitionerPhone = p.PetitionerPhone,
            PetitionerEmail = p.PetitionerEmail,
            PetitionerAddress = p.PetitionerAddress,
            RecordReadBack = p.RecordReadBack,
            RecordSignedBy = p.RecordSignedBy,
            RecordSignedAtUtc = p.RecordSignedAtUtc,
            ForwardingAuthority = p.ForwardingAuthority,
            ForwardingDocumentNumber = p.ForwardingDocumentNumber,
            CaseId = p.CaseId,
            CaseNumber = caseNumber,
            RelatedPetitionId = p.RelatedPetitionId,
            RelatedPetitionNumber = related,
            Category = p.Category,
            Subject = p.Subject,
            Content = p.Content,
            UnitId = p.UnitId,
            UnitName = unit,
            SectionId = p.SectionId,
            SectionName = section,
            HandlerId = p.HandlerId,
            HandlerName = names,
            State = p.State,
            DeadlineDays = p.DeadlineDays,
            DueOn = p.DueOn,
            DeadlineCountsFrom = p.DeadlineCountsFrom,
            ReopenedAtUtc = p.ReopenedAtUtc,
            HasExtension = p.HasExtension,
            FirstInterimContactOn = p.FirstInterimContactOn,
            ReplyText = p.ReplyText,
            ApprovedBy = p.ApprovedBy,
            ApprovedAtUtc = p.ApprovedAtUtc,
            SubmittedAtUtc = p.SubmittedAtUtc,
            ReturnComment = p.ReturnComment,
            RepliedOn = p.RepliedOn,
            ReplyMethod = p.ReplyMethod,
            ReplyReference = p.ReplyReference,
            TransferredTo = p.TransferredTo,
            TransferDocumentNumber = p.TransferDocumentNumber,
            TransferredOn = p.TransferredOn,
            PetitionerToldOn = p.PetitionerToldOn,
            FilingReason = p.FilingReason,
            FilingNote = p.FilingNote,
            ClosedOn = p.ClosedOn,
            ReopenReason = p.ReopenReason,
            UpdatedAtUtc = p.UpdatedAtUtc,
            UpdatedBy = p.UpdatedBy,
            Contacts = p.Contacts.OrderBy(c => c.ContactedAtUtc).Select(c => new InterimContactView(c.ContactedAtUtc, c.Method, c.PersonReached, c.Summary, c.LoggedBy)).ToList(),
            Extensions = p.Extensions.OrderBy(e => e.ApprovedAtUtc).Select(e => new ExtensionView(e.Days, e.Reason, e.ApprovedBy, e.ByDirector, e.NoticeSentOn, e.NoticeReference, e.ApprovedAtUtc, e.ApprovedAtUtc < p.ReopenedAtUtc)).ToList(),
            Status = Petition.StatusOn(today, warnLimit, p.State, p.DueOn, p.HasExtension, p.FirstInterimContactOn),
            WorkingDaysLeft = calendar.CountWorkingDays(today, p.DueOn),
            Deadline = p.ComputeDeadline(p.DeadlineDays, Policy, calendar),
            Actions = actions,
        };
    }

    /// <summary>Shows the petitioner's full phone number to whoever works the petition, and records who looked.</summary>
    public async Task<Result<string?>> RevealPetitionerPhoneAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var p = await db.Petitions.Where(x => x.Id == id).Select(x => new { x.Number, x.UnitId, x.HandlerId, x.PetitionerPhone }).SingleOrDefaultAsync(ct);
        if (p is null)
        {
            return Result<string?>.Fail(DomainError.NotFound());
        }

        if (!PetitionAccess.CanWork(actor, p.UnitId, p.HandlerId))
        {
            db.AddAudit(nameof(Petition), id, Auditing.AuditActions.RefusedPersonalData, $"要求檢視 {p.Number} 陳情人完整電話，遭拒（無權限）");
            await db.SaveChangesAsync(ct);
            return Result<string?>.Fail(DomainError.Forbidden("只有承辦人或主管可以檢視陳情人完整電話。"));
        }

        db.AddAudit(nameof(Petition), id, Auditing.AuditActions.ViewedPersonalData, $"檢視 {p.Number} 陳情人完整電話");
        await db.SaveChangesAsync(ct);
        return Result.Success(p.PetitionerPhone);
    }

    /// <summary>The petition as its edit form needs it (with the petitioner's full phone, so opening it is audited).</summary>
    public async Task<Result<(PetitionInput Input, int Version)>> GetForEditAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenAsync(actor, ct);
        var p = await db.Petitions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return DomainError.NotFound();
        }

        if (!PetitionAccess.CanWork(actor, p.UnitId, p.HandlerId))
        {
            return await dbFactory.RefuseAsync(actor, nameof(Petition), id, DomainError.Forbidden("只有承辦人或主管可以修改這件陳情。"), ct);
        }

        var caseNumber = await db.Cases.Where(c => c.Id == p.CaseId).Select(c => c.CaseNumber).FirstOrDefaultAsync(ct);
        var related = await db.Petitions.Where(x => x.Id == p.RelatedPetitionId).Select(x => x.Number).FirstOrDefaultAsync(ct);
        if (p.PetitionerPhone is not null)
        {
            db.AddAudit(nameof(Petition), id, Auditing.AuditActions.ViewedPersonalData, $"開啟 {p.Number} 編輯畫面（含陳情人完整電話）");
            await db.SaveChangesAsync(ct);
        }

        var local = TaipeiTime.ToLocal(p.ReceivedAtUtc);
        var signed = p.RecordSignedAtUtc is { } s ? TaipeiTime.ToLocal(s) : (DateTime?)null;
        return Result.Success((new PetitionInput
        {
            Channel = p.Channel,
            ReceivedOn = p.ReceivedOn,
            ReceivedAt = new TimeOnly(local.Hour, local.Minute),
            PetitionerName = p.PetitionerName,
            PetitionerPhone = p.PetitionerPhone,
            PetitionerEmail = p.PetitionerEmail,
            PetitionerAddress = p.PetitionerAddress,
            RecordReadBack = p.RecordReadBack == true,
            RecordSignedBy = p.RecordSignedBy,
            RecordSignedOn = signed is { } d ? DateOnly.FromDateTime(d) : null,
            RecordSignedAt = signed is { } t ? new TimeOnly(t.Hour, t.Minute) : null,
            ForwardingAuthority = p.ForwardingAuthority,
            ForwardingDocumentNumber = p.ForwardingDocumentNumber,
            CaseNumber = caseNumber,
            RelatedPetitionNumber = related,
            Category = p.Category,
            Subject = p.Subject,
            Content = p.Content,
            UnitId = p.UnitId,
            SectionId = p.SectionId,
            HandlerId = p.HandlerId,
        }, p.Version));
    }

    private static IQueryable<Petition> Visible(IQueryable<Petition> petitions, Actor actor, PetitionScope scope)
    {
        var me = actor.StaffId ?? -1;
        var unit = actor.UnitId ?? -1;
        return scope switch
        {
            PetitionScope.All when actor.IsSupervisor => petitions,
            PetitionScope.MyUnit when actor.IsClerk || actor.IsSupervisor => petitions.Where(p => p.UnitId == unit || p.HandlerId == me),
            _ when actor.IsClerk || actor.IsSupervisor => petitions.Where(p => p.HandlerId == me || (p.HandlerId == null && p.RegisteredByStaffId == me)),
            _ => petitions.Where(_ => false),
        };
    }

    private static IQueryable<Petition> Filter(IQueryable<Petition> petitions, PetitionQuery query, DateOnly today, DateOnly warnLimit)
    {
        if (query.Category is { } category)
        {
            petitions = petitions.Where(p => p.Category == category);
        }

        if (query.Channel is { } channel)
        {
            petitions = petitions.Where(p => p.Channel == channel);
        }

        if (query.State is { } state)
        {
            petitions = petitions.Where(p => p.State == state);
        }

        if (query.OpenOnly)
        {
            petitions = petitions.Where(PetitionDeadlineFilter.Open);
        }

        if (query.Status is { } status)
        {
            petitions = petitions.WhereStatus(status, today, warnLimit);
        }

        if (query.DueOn is { } dueOn)
        {
            petitions = petitions.Where(p => p.DueOn == dueOn);
        }

        if (query.OverdueOnly)
        {
            petitions = petitions.WhereStatus(DeadlineStatus.Overdue, today, warnLimit);
        }

        if (query.UnitId is { } unitId)
        {
            petitions = petitions.Where(p => p.UnitId == unitId);
        }

        if (query.HandlerId is { } handlerId)
        {
            petitions = petitions.Where(p => p.HandlerId == handlerId);
        }

        if (query.WithoutUnit)
        {
            petitions = petitions.Where(p => p.UnitId == null);
        }

        if (query.WithoutHandler)
        {
            petitions = petitions.Where(p => p.HandlerId == null);
        }

        if (query.ReceivedFrom is { } from)
        {
            petitions = petitions.Where(p => p.ReceivedOn >= from);
        }

        if (query.ReceivedTo is { } to)
        {
            petitions = petitions.Where(p => p.ReceivedOn <= to);
        }

        var text = (query.Text ?? "").Trim();
        if (text.Length > 0)
        {
            var end = TextSearch.PrefixEnd(text);
            petitions = petitions.Where(p => p.Number == text
                || (string.Compare(p.Subject, text) >= 0 && string.Compare(p.Subject, end) < 0)
                || (string.Compare(p.PetitionerName, text) >= 0 && string.Compare(p.PetitionerName, end) < 0));
        }

        return petitions;
    }
}
