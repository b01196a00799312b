using CaseDesk.Domain.Calendar;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Duty;

/// <summary>
/// Writes a generated rotation into the database: days that keep their person are left alone, changed
/// days are updated (audited with the reason), the owed-turn ledger is rebuilt for the range. Fixed days
/// (approved swaps, overrides) are kept. Runs inside the caller's save.
/// </summary>
internal static class DutyRoster
{
    public sealed record Outcome(GenerateResult Result, IReadOnlyDictionary<int, DateOnly> Affected);

    public static async Task<Outcome> RegenerateAsync(CaseDeskDbContext db, DutyPool pool, DateOnly from, DateOnly to, WorkingCalendar calendar, string why, CancellationToken ct)
    {
        var members = pool.Members.OrderBy(m => m.Order).Select(m => m.StaffId).ToList();
        var memberSet = members.ToHashSet();
        var existing = await db.DutyAssignments.Where(a => a.PoolId == pool.Id && a.Date >= from && a.Date <= to).ToListAsync(ct);

        // A swapped or supervisor-set day that is no longer a working day (a typhoon day declared later) goes,
        // and so does the fixed status of its swap partner: both return to the rotation, nobody gains or loses.
        var onHoliday = existing.Where(a => a.IsFixed && !calendar.IsWorkingDay(a.Date)).Select(a => a.Id).ToList();
        var partners = onHoliday.Count == 0 ? [] : await db.DutySwaps.Where(s => s.State == SwapState.Approved && (onHoliday.Contains(s.RequesterAssignmentId) || onHoliday.Contains(s.CounterpartAssignmentId)))
            .Select(s => onHoliday.Contains(s.RequesterAssignmentId) ? s.CounterpartAssignmentId : s.RequesterAssignmentId).ToListAsync(ct);
        var fixedSlots = existing.Where(a => a.IsFixed && memberSet.Contains(a.StaffId) && calendar.IsWorkingDay(a.Date) && !partners.Contains(a.Id)).ToList();
        var fixedRepayDays = fixedSlots.Where(a => a.RepaysOwedTurn).Select(a => a.Date).ToHashSet();
        var lastRotation = await db.DutyAssignments.AsNoTracking()
            .Where(a => a.PoolId == pool.Id && a.Date < from && a.RotationStaffId != null)
            .OrderByDescending(a => a.Date).ThenByDescending(a => a.Slot)
            .Select(a => a.RotationStaffId).FirstOrDefaultAsync(ct);

        // The ledger of the range is rebuilt: turns skipped in it are skipped again (or not), repayments in it are redone.
        // (A turn repaid on a day kept fixed — a swapped repay day — stays repaid.)
        var ledger = (await db.DutyOwedTurns.Where(o => o.PoolId == pool.Id && (o.RepaidOn == null || o.RepaidOn >= from) && o.SkippedOn <= to).ToListAsync(ct))
            .Where(o => o.RepaidOn is not { } repaid || !fixedRepayDays.Contains(repaid)).ToList();
        foreach (var o in ledger.Where(o => o.SkippedOn >= from))
        {
            db.DutyOwedTurns.Remove(o);
        }

        var stillOwed = ledger.Where(o => o.SkippedOn < from).ToList();
        foreach (var o in stillOwed)
        {
            o.Unrepay();
        }

        // Absences as they will be after this save: the stored ones, less those being removed, plus those being added.
        var pending = db.ChangeTracker.Entries<DutyAbsence>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        var pendingIds = pending.Select(e => e.Entity.Id).ToHashSet();
        var absences = (await db.DutyAbsences.AsNoTracking().Where(a => a.From <= to && a.To >= from && memberSet.Contains(a.StaffId))
            .Select(a => new { a.Id, a.StaffId, a.From, a.To }).ToListAsync(ct))
            .Where(a => !pendingIds.Contains(a.Id)).Select(a => (a.StaffId, a.From, a.To))
            .Concat(pending.Where(e => e.State != EntityState.Deleted && memberSet.Contains(e.Entity.StaffId)).Select(e => (e.Entity.StaffId, e.Entity.From, e.Entity.To)))
            .ToList();
        var since = from.AddDays(-31);
        var lastTurns = await db.DutyAssignments.AsNoTracking().Where(a => a.PoolId == pool.Id && a.Date < from && a.Date >= since)
            .GroupBy(a => a.StaffId).Select(g => new { StaffId = g.Key, Last = g.Max(a => a.Date) }).ToListAsync(ct);

        // Turns lost to an override before the range are still repaid from the covering colleague's next turn.
        var owedDates = stillOwed.Select(o => o.SkippedOn).Distinct().ToList();
        var overrides = owedDates.Count == 0 ? [] : await db.DutyAssignments.AsNoTracking()
            .Where(a => a.PoolId == pool.Id && a.Source == AssignmentSource.Override && a.DisplacedStaffId != null && owedDates.Contains(a.Date))
            .Select(a => new { a.Date, Displaced = a.DisplacedStaffId!.Value, a.StaffId }).ToListAsync(ct);

        var rotation = Rotation.Generate(
            members,
            lastRotation,
            stillOwed.Select(o => new OwedTurn(o.StaffId, o.SkippedOn, overrides.FirstOrDefault(x => x.Date == o.SkippedOn && x.Displaced == o.StaffId)?.StaffId)).ToList(),
            absences,
            fixedSlots.Select(f => new FixedSlot(f.Date, f.Slot, f.StaffId, f.RotationStaffId, f.Source == AssignmentSource.Override ? f.DisplacedStaffId : null)).ToList(),
            lastTurns.ToDictionary(l => l.StaffId, l => l.Last),
            pool.PeopleOn,
            calendar,
            from,
            to);

        var affected = new Dictionary<int, DateOnly>();
        void Touch(int staffId, DateOnly date)
        {
            if (!affected.TryGetValue(staffId, out var d) || date < d)
            {
                affected[staffId] = date;
            }
        }

        var wanted = rotation.Assignments.ToDictionary(a => (a.Date, a.Slot));
        int created = 0, changed = 0, removed = 0;
        var changedIds = new HashSet<int>();
        foreach (var a in existing.Where(a => !fixedSlots.Contains(a)))
        {
            if (wanted.Remove((a.Date, a.Slot), out var slot))
            {
                if (slot.StaffId != a.StaffId || slot.Repays != a.RepaysOwedTurn || a.IsFixed)
                {
                    if (slot.StaffId != a.StaffId)
                    {
                        Touch(a.StaffId, a.Date);
                        Touch(slot.StaffId, a.Date);
                        changedIds.Add(a.Id);
                        changed++;
                    }

                    a.Regenerate(slot.StaffId, slot.Repays, $"重新排班（{why}）");
                }
            }
            else
            {
                Touch(a.StaffId, a.Date);
                changedIds.Add(a.Id);
                db.DutyAssignments.Remove(a);
                removed++;
            }
        }

        foreach (var slot in wanted.Values)
        {
            db.DutyAssignments.Add(DutyAssignment.Generate(pool.Id, slot.Date, slot.Slot, slot.StaffId, slot.Repays));
            Touch(slot.StaffId, slot.Date);
            created++;
        }

        foreach (var (turn, repaidOn) in rotation.Repaid)
        {
            stillOwed.FirstOrDefault(o => o.StaffId == turn.StaffId && o.SkippedOn == turn.SkippedOn && o.RepaidOn is null)?.Repay(repaidOn);
        }

        foreach (var turn in rotation.NewOwed)
        {
            var owed = DutyOwedTurn.Create(pool.Id, turn.StaffId, turn.SkippedOn);
            var repay = rotation.Repaid.FirstOrDefault(r => r.Turn == turn);
            if (repay.Turn is not null)
            {
                owed.Repay(repay.RepaidOn);
            }

            db.DutyOwedTurns.Add(owed);
        }

        // Open swap requests on a day that changed hands no longer make sense.
        if (changedIds.Count > 0)
        {
            var open = await db.DutySwaps.Where(s => s.PoolId == pool.Id && (s.State == SwapState.Requested || s.State == SwapState.Accepted)
                && (changedIds.Contains(s.RequesterAssignmentId) || changedIds.Contains(s.CounterpartAssignmentId))).ToListAsync(ct);
            foreach (var s in open)
            {
                s.Void($"輪值表重新排班（{why}）");
            }
        }

        var unfilled = rotation.Unfilled.Select(u => u.Date).Distinct().ToList();
        pool.MarkGenerated(from, to, $"排班 {RocDate.Format(from)}–{RocDate.Format(to)}（{why}）：新排 {created}、異動 {changed}、取消 {removed}" + (unfilled.Count > 0 ? $"，{unfilled.Count} 天人數不足" : ""));
        return new Outcome(new GenerateResult(from, to, created, changed, removed, rotation.NewOwed.Count, rotation.Repaid.Count, unfilled), affected);
    }
}
