using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseDesk.Domain.Calendar;

/// <summary>
/// Told when days of the office calendar change, inside the same transaction, so every open
/// deadline can be recomputed before the change is committed.
/// </summary>
public interface ICalendarChangeHandler
{
    Task OnCalendarChangedAsync(CaseDeskDbContext db, IReadOnlyCollection<DateOnly> changedDates, WorkingCalendar calendar, CancellationToken ct);
}

public sealed record CalendarDayRow(DateOnly Date, bool IsWorkingDay, string Description, CalendarDaySource? Source, bool IsKnown, int Version);

public sealed record CalendarYear(int Year, IReadOnlyList<CalendarDayRow> Days, int WorkingDays, bool IsComplete);

public sealed record CalendarDayChange(DateOnly Date, bool? WasHoliday, string? OldDescription, bool IsHoliday, string Description);

/// <param name="KeptManual">Days an admin set by hand (a typhoon day) that the file would change: kept as they are.</param>
public sealed record CalendarImportPreview(IReadOnlyList<int> Years, int NewDays, IReadOnlyList<CalendarDayChange> Changes, int Unchanged, string Encoding, string Format, IReadOnlyList<CalendarDayChange> KeptManual);

/// <summary>The office calendar: reading it (cached), editing single days and importing whole years.</summary>
public sealed class CalendarService
{
    private readonly CaseDeskDbFactory dbFactory;
    private readonly IOptions<OfficeHoursOptions> hours;
    private readonly IEnumerable<ICalendarChangeHandler> handlers;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile WorkingCalendar? _cached;
    private int _generation;

    public CalendarService(CaseDeskDbFactory dbFactory, IOptions<OfficeHoursOptions> hours, IEnumerable<ICalendarChangeHandler> handlers, IChangeNotifier notifier)
    {
        this.dbFactory = dbFactory;
        this.hours = hours;
        this.handlers = handlers;
        // A singleton: the subscription lives as long as the server. A day changed through another server (a typhoon
        // day an admin declared there) arrives here as a CalendarDay change, or as "everything" after the link between
        // the servers was down: either way this server's cached calendar is dropped, so its deadlines use the new day.
        _ = notifier.Subscribe(changes =>
        {
            if (changes.Touches(nameof(CalendarDay)))
            {
                Invalidate();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Raised after a committed change, for pages and caches that show the calendar.</summary>
    public event Action<IReadOnlyCollection<DateOnly>>? Changed;

    public async Task<WorkingCalendar> GetAsync(CancellationToken ct = default)
    {
        if (_cached is { } cached)
        {
            return cached;
        }

        await _loadLock.WaitAsync(ct);
        try
        {
            if (_cached is { } again)
            {
                return again;
            }

            // A change committed while we were reading must not leave the old calendar cached.
            var generation = Volatile.Read(ref _generation);
            await using var db = await dbFactory.OpenReadOnlyAsync(ct);
            var loaded = await LoadAsync(db, ct);
            if (generation == Volatile.Read(ref _generation))
            {
                _cached = loaded;
            }

            return loaded;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>Drops the cached calendar; the next read loads it again.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _cached = null;
    }

    public async Task<CalendarYear> GetYearAsync(int year, CancellationToken ct = default)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var stored = await db.CalendarDays.Where(d => d.Date >= from && d.Date <= to).ToDictionaryAsync(d => d.Date, ct);
        var calendar = await GetAsync(ct);
        var days = calendar.Range(from, to)
            .Select(info => stored.TryGetValue(info.Date, out var s)
                ? new CalendarDayRow(info.Date, !s.IsHoliday, s.Description, s.Source, true, s.Version)
                : new CalendarDayRow(info.Date, info.IsWorkingDay, info.Description, null, false, 0))
            .ToList();
        return new CalendarYear(year, days, days.Count(d => d.IsWorkingDay), stored.Count == days.Count);
    }

    /// <summary>Marks one day a holiday or a working day, e.g. a typhoon day declared the evening before.</summary>
    /// <param name="expectedVersion">The version of the day the admin saw (0 when the day was not on file): a concurrent change is refused.</param>
    public async Task<Result> SetDayAsync(Actor actor, DateOnly date, bool isHoliday, string? description, int expectedVersion = -1, CancellationToken ct = default)
    {
        if (!actor.IsAdmin)
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "OfficeCalendar", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), DomainError.Forbidden("只有系統管理員可以修改辦公日曆。"), ct));
        }

        var text = (description ?? "").Trim();
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        if (text.Length > CalendarDay.DescriptionMaxLength)
        {
            return Result.Fail(new DomainError("calendar_description_length", $"說明最多 {CalendarDay.DescriptionMaxLength} 字。", "Description"));
        }

        if (text.Length == 0 && (isHoliday != weekend))
        {
            return Result.Fail(new DomainError("calendar_description_required", isHoliday ? "平日改為放假時請寫明原因，例如「颱風停止上班」。" : "週末改為上班時請寫明原因，例如「補行上班」。", "Description"));
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var day = await db.CalendarDays.SingleOrDefaultAsync(d => d.Date == date, ct);
        if (day is null)
        {
            db.CalendarDays.Add(CalendarDay.Create(date, isHoliday, text, CalendarDaySource.Manual));
        }
        else
        {
            if (expectedVersion >= 0)
            {
                db.ExpectVersion(day, expectedVersion);
                if (day.Version != expectedVersion)
                {
                    return Result.Fail(ConcurrencyConflict.Error(day.UpdatedAtUtc, day.UpdatedBy));
                }
            }

            if (!day.Set(isHoliday, text, CalendarDaySource.Manual))
            {
                return Result.Success();
            }
        }

        return await CommitAsync(db, [date], ct);
    }

    public async Task<CalendarImportPreview> PreviewImportAsync(ParsedCalendar file, CancellationToken ct = default)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var (_, added, changes, unchanged, kept) = await DiffAsync(db, file, ct);
        return new CalendarImportPreview(file.Years, added.Count, changes, unchanged, file.Encoding, file.Format, kept);
    }

    /// <summary>Writes an imported year into the calendar; days already equal are left untouched.</summary>
    public async Task<Result<CalendarImportPreview>> ImportAsync(Actor actor, ParsedCalendar file, CancellationToken ct = default)
    {
        if (!actor.IsAdmin)
        {
            return await dbFactory.RefuseAsync(actor, "OfficeCalendar", "import", DomainError.Forbidden("只有系統管理員可以匯入辦公日曆。"), ct);
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        db.AuditInserts = false;
        var (stored, added, changes, unchanged, kept) = await DiffAsync(db, file, ct);
        foreach (var day in added)
        {
            db.CalendarDays.Add(CalendarDay.Create(day.Date, day.IsHoliday, day.Description, CalendarDaySource.Import));
        }

        foreach (var change in changes)
        {
            stored[change.Date].Set(change.IsHoliday, change.Description, CalendarDaySource.Import);
        }

        var changedText = string.Join("、", changes.Select(c => $"{RocDate.Format(c.Date)}{(c.IsHoliday ? "放假" : "上班")}{(c.Description.Length > 0 ? "（" + c.Description + "）" : "")}"));
        db.AddAudit(nameof(CalendarDay), string.Join(",", file.Years), AuditActions.Imported,
            $"匯入辦公日曆 {string.Join("、", file.Years.Select(y => $"{y - RocDate.EraOffset}年"))}（{file.Format}，{file.Encoding}）：新增 {added.Count} 天、變更 {changes.Count} 天、相同 {unchanged} 天{(changes.Count > 0 ? "。變更：" + changedText : "")}");
        var changedDates = added.Select(a => a.Date).Concat(changes.Select(c => c.Date)).ToList();
        var result = await CommitAsync(db, changedDates, ct);
        return result.Succeeded
            ? Result.Success(new CalendarImportPreview(file.Years, added.Count, changes, unchanged, file.Encoding, file.Format, kept))
            : Result<CalendarImportPreview>.Fail(result.Errors);
    }

    /// <summary>Inserts the shipped calendar years that are not in the database yet.</summary>
    internal async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.OpenAsync(Actor.System, ct);
        var existing = (await db.CalendarDays.Select(d => d.Date).ToListAsync(ct)).ToHashSet();
        var missing = OfficeCalendarSeed.Days().Where(d => !existing.Contains(d.Date)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        db.AuditInserts = false;
        db.CalendarDays.AddRange(missing.Select(d => CalendarDay.Create(d.Date, d.IsHoliday, d.Description, CalendarDaySource.Seed)));
        var years = missing.Select(d => d.Date.Year).Distinct().Order().Select(y => $"{y - RocDate.EraOffset}年");
        db.AddAudit(nameof(CalendarDay), "seed", AuditActions.Imported, $"載入內建辦公日曆 {string.Join("、", years)}（{missing.Count} 天）");
        await db.SaveChangesAsync(ct);
        Invalidate();
    }

    private async Task<Result> CommitAsync(CaseDeskDbContext db, IReadOnlyCollection<DateOnly> changedDates, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await db.SaveOrConflictAsync(ct);
        if (!result.Succeeded)
        {
            return result;
        }

        if (changedDates.Count > 0)
        {
            var calendar = await LoadAsync(db, ct);
            foreach (var handler in handlers)
            {
                await handler.OnCalendarChangedAsync(db, changedDates, calendar, ct);
            }

            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        Invalidate();
        db.PublishCommittedChanges();
        Changed?.Invoke(changedDates);
        return Result.Success();
    }

    private async Task<WorkingCalendar> LoadAsync(CaseDeskDbContext db, CancellationToken ct)
    {
        var days = await db.CalendarDays.AsNoTracking()
            .Select(d => new { d.Date, d.IsHoliday, d.Description })
            .ToListAsync(ct);
        return new WorkingCalendar(days.Select(d => (d.Date, d.IsHoliday, d.Description)), hours.Value);
    }

    private static async Task<(Dictionary<DateOnly, CalendarDay> Stored, List<ParsedCalendarDay> Added, List<CalendarDayChange> Changes, int Unchanged, List<CalendarDayChange> KeptManual)> DiffAsync(
        CaseDeskDbContext db, ParsedCalendar file, CancellationToken ct)
    {
        var from = file.Days[0].Date;
        var to = file.Days[^1].Date;
        var stored = await db.CalendarDays.Where(d => d.Date >= from && d.Date <= to).ToDictionaryAsync(d => d.Date, ct);
        var added = new List<ParsedCalendarDay>();
        var changes = new List<CalendarDayChange>();
        var kept = new List<CalendarDayChange>();
        var unchanged = 0;
        foreach (var day in file.Days)
        {
            if (!stored.TryGetValue(day.Date, out var s))
            {
                added.Add(day);
            }
            else if (s.IsHoliday != day.IsHoliday || s.Description != day.Description.Trim())
            {
                // Official files never carry typhoon days: a day set by hand stays as the admin set it.
                var change = new CalendarDayChange(day.Date, s.IsHoliday, s.Description, day.IsHoliday, day.Description.Trim());
                (s.Source == CalendarDaySource.Manual ? kept : changes).Add(change);
            }
            else
            {
                unchanged++;
            }
        }

        return (stored, added, changes, unchanged, kept);
    }
}
