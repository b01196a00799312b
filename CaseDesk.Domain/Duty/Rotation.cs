using CaseDesk.Domain.Calendar;

namespace CaseDesk.Domain.Duty;

/// <summary>One generated turn. <paramref name="Repays"/>: an extra turn that repays one owed from an absence (outside the rotation).</summary>
public sealed record RotationSlot(DateOnly Date, int Slot, int StaffId, bool Repays);

/// <param name="CoveredBy">The turn was lost to a supervisor's override: it is repaid by taking this colleague's next rotation turn.</param>
public sealed record OwedTurn(int StaffId, DateOnly SkippedOn, int? CoveredBy = null);

/// <summary>A day kept as it is while regenerating (an approved swap or a supervisor's override).</summary>
/// <param name="RotationStaffId">Whose rotation turn the slot was before it was changed; that person's next turn is consumed.</param>
/// <param name="Displaced">A supervisor's override took the day from this person: they owe the turn and take the covering colleague's next one.</param>
public sealed record FixedSlot(DateOnly Date, int Slot, int StaffId, int? RotationStaffId, int? Displaced = null);

public sealed record RotationResult(
    IReadOnlyList<RotationSlot> Assignments,
    IReadOnlyList<OwedTurn> NewOwed,
    IReadOnlyList<(OwedTurn Turn, DateOnly RepaidOn)> Repaid,
    IReadOnlyList<(DateOnly Date, int Slot)> Unfilled);

/// <summary>
/// The lunch-duty rotation (中午輪值). It advances only on working days of the office calendar: a holiday
/// skips the day and nobody loses a turn; a make-up Saturday is staffed. Somebody on leave when the turn
/// comes is skipped (the next person moves up) and owes the turn; an owed turn is repaid, before the
/// rotation continues, on the first day the person is back and has not served in the last
/// <see cref="RepayGapDays"/> days. Days fixed by a swap or an override are kept and count as the
/// rotation turn of the person they originally belonged to, so a swap never gives anyone an extra turn;
/// the person an override displaced takes the covering colleague's next rotation turn (or, if not free
/// that day, repays the turn like any other owed one).
/// Pure: the same inputs always give the same roster.
/// </summary>
public static class Rotation
{
    /// <summary>An owed turn is not repaid within this many days of the person's last turn (no double shifts after leave).</summary>
    public const int RepayGapDays = 5;

    public static RotationResult Generate(
        IReadOnlyList<int> membersInOrder,
        int? lastRotationStaffId,
        IReadOnlyList<OwedTurn> openOwed,
        IReadOnlyList<(int StaffId, DateOnly From, DateOnly To)> absences,
        IReadOnlyList<FixedSlot> fixedSlots,
        IReadOnlyDictionary<int, DateOnly> lastTurnBefore,
        Func<DayOfWeek, int> peoplePerDay,
        WorkingCalendar calendar,
        DateOnly from,
        DateOnly to)
    {
        var assignments = new List<RotationSlot>();
        var newOwed = new List<OwedTurn>();
        var repaid = new List<(OwedTurn, DateOnly)>();
        var unfilled = new List<(DateOnly, int)>();
        if (membersInOrder.Count == 0)
        {
            return new RotationResult(assignments, newOwed, repaid, unfilled);
        }

        var members = membersInOrder.ToHashSet();
        var owed = openOwed.Where(o => members.Contains(o.StaffId) && (o.CoveredBy is not { } c || !members.Contains(c))).OrderBy(o => o.SkippedOn).ToList();
        var paybacks = openOwed.Where(o => members.Contains(o.StaffId) && o.CoveredBy is { } c && members.Contains(c)).OrderBy(o => o.SkippedOn).ToList();
        var lastTurn = new Dictionary<int, DateOnly>(lastTurnBefore);
        var fixedByDay = fixedSlots.Where(f => members.Contains(f.StaffId)).ToLookup(f => f.Date);
        var consumed = new List<int>();
        var deferred = new List<int>();
        var onDuty = new HashSet<int>();
        var position = lastRotationStaffId is { } last && members.Contains(last) ? (IndexOf(membersInOrder, last) + 1) % membersInOrder.Count : 0;
        bool Absent(int staffId, DateOnly day) => absences.Any(a => a.StaffId == staffId && day >= a.From && day <= a.To);

        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (!calendar.IsWorkingDay(day))
            {
                continue;
            }

            onDuty.Clear();
            var fixedToday = fixedByDay[day].GroupBy(f => f.Slot).ToDictionary(g => g.Key, g => g.First());
            foreach (var f in fixedToday.Values)
            {
                onDuty.Add(f.StaffId);
                lastTurn[f.StaffId] = day;
                if (f.Displaced is { } displaced && displaced != f.StaffId && members.Contains(displaced))
                {
                    var lost = new OwedTurn(displaced, day, f.StaffId);
                    newOwed.Add(lost);
                    paybacks.Add(lost);
                }

                if (f.RotationStaffId is { } owner && members.Contains(owner))
                {
                    // The fixed day was this person's rotation turn: it is used up.
                    if (membersInOrder[position] == owner)
                    {
                        position = (position + 1) % membersInOrder.Count;
                    }
                    else
                    {
                        consumed.Add(owner);
                    }
                }
            }

            var needed = peoplePerDay(day.DayOfWeek);
            for (var slot = 0; slot < needed; slot++)
            {
                if (fixedToday.ContainsKey(slot))
                {
                    continue;
                }

                // An owed turn first: the person is back, free today, and has not just served.
                var repay = owed.FirstOrDefault(o => !Absent(o.StaffId, day) && !onDuty.Contains(o.StaffId)
                    && (!lastTurn.TryGetValue(o.StaffId, out var lt) || day.DayNumber - lt.DayNumber >= RepayGapDays));
                if (repay is not null)
                {
                    owed.Remove(repay);
                    repaid.Add((repay, day));
                    Assign(day, slot, repay.StaffId, repays: true);
                    continue;
                }

                // A rotation turn passed over earlier because the person was already on duty that day.
                var late = deferred.FirstOrDefault(s => !onDuty.Contains(s) && !Absent(s, day));
                if (late != 0 && deferred.Remove(late))
                {
                    AssignTurn(day, slot, late);
                    continue;
                }

                var filled = false;
                for (var tries = 0; tries < membersInOrder.Count && !filled; tries++)
                {
                    var candidate = membersInOrder[position];
                    position = (position + 1) % membersInOrder.Count;
                    if (consumed.Remove(candidate))
                    {
                        continue;
                    }

                    if (onDuty.Contains(candidate))
                    {
                        deferred.Add(candidate);
                        continue;
                    }

                    if (Absent(candidate, day))
                    {
                        var turn = new OwedTurn(candidate, day);
                        newOwed.Add(turn);
                        owed.Add(turn);
                        continue;
                    }

                    AssignTurn(day, slot, candidate);
                    filled = true;
                }

                if (!filled)
                {
                    unfilled.Add((day, slot));
                }
            }
        }

        return new RotationResult(assignments, newOwed, repaid, unfilled);

        // A rotation turn; if the person covered for somebody an override displaced, that person takes it instead.
        void AssignTurn(DateOnly day, int slot, int staffId)
        {
            var payback = paybacks.FirstOrDefault(p => p.CoveredBy == staffId);
            if (payback is not null)
            {
                paybacks.Remove(payback);
                if (!Absent(payback.StaffId, day) && !onDuty.Contains(payback.StaffId))
                {
                    repaid.Add((payback, day));
                    Assign(day, slot, payback.StaffId, repays: true);
                    return;
                }

                owed.Add(payback);   // not free that day: repaid later like any owed turn
            }

            Assign(day, slot, staffId, repays: false);
        }

        void Assign(DateOnly day, int slot, int staffId, bool repays)
        {
            assignments.Add(new RotationSlot(day, slot, staffId, repays));
            onDuty.Add(staffId);
            lastTurn[staffId] = day;
        }
    }

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
