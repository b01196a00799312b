using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.Petitions;

/// <summary>One quarter's column of the quarterly table.</summary>
public sealed record QuarterFigures
{
    public int Quarter { get; init; }

    /// <summary>Petitions received, by category (indexed by <see cref="PetitionCategory"/>).</summary>
    public int[] ByCategory { get; init; } = new int[4];

    public int Received => ByCategory.Sum();

    /// <summary>Petitions received, by channel (indexed by <see cref="PetitionChannel"/>); quarters frozen before channels were counted show zeros.</summary>
    public int[] ByChannel { get; init; } = new int[ChannelCount];

    public static readonly int ChannelCount = Enum.GetValues<PetitionChannel>().Length;

    public int Replied { get; init; }

    public int RepliedOnTime { get; init; }

    public int Extended { get; init; }

    public int LateWithInterimContact { get; init; }

    public int Breach { get; init; }

    public int Transferred { get; init; }

    public int FiledWithoutAction { get; init; }

    public int StillOpen { get; init; }

    /// <summary>Share of replies sent by their (possibly extended) due date; null before any reply.</summary>
    public double? OnTimeRate => Replied == 0 ? null : (double)RepliedOnTime / Replied;

    public DateTime? FrozenAtUtc { get; init; }

    public string? FrozenBy { get; init; }

    public bool IsFrozen => FrozenAtUtc is not null;
}

public sealed record QuarterlyReport(int RocYear, IReadOnlyList<QuarterFigures> Quarters)
{
    public QuarterFigures Total => new()
    {
        Quarter = 0,
        ByCategory = Enumerable.Range(0, 4).Select(c => Quarters.Sum(q => q.ByCategory[c])).ToArray(),
        ByChannel = Enumerable.Range(0, QuarterFigures.ChannelCount).Select(c => Quarters.Sum(q => c < q.ByChannel.Length ? q.ByChannel[c] : 0)).ToArray(),
        Replied = Quarters.Sum(q => q.Replied),
        RepliedOnTime = Quarters.Sum(q => q.RepliedOnTime),
        Extended = Quarters.Sum(q => q.Extended),
        LateWithInterimContact = Quarters.Sum(q => q.LateWithInterimContact),
        Breach = Quarters.Sum(q => q.Breach),
        Transferred = Quarters.Sum(q => q.Transferred),
        FiledWithoutAction = Quarters.Sum(q => q.FiledWithoutAction),
        StillOpen = Quarters.Sum(q => q.StillOpen),
    };
}

/// <summary>The quarterly petition statistics in the seed report's shape, counted in the database, and their freezing.</summary>
public sealed class PetitionStatisticsService(CaseDeskDbFactory dbFactory)
{
    private const string Report = "Petition";

    public async Task<Result<QuarterlyReport>> GetQuarterlyAsync(Actor actor, int rocYear, CancellationToken ct = default)
    {
        if (!PetitionAccess.CanSeeStatistics(actor))
        {
            return await dbFactory.RefuseAsync(actor, "PetitionStatistics", rocYear, DomainError.Forbidden("統計報表僅主管可以查閱。"), ct);
        }

        return Result.Success(await ReadAsync(rocYear, ct));
    }

    /// <summary>The year's figures with frozen quarters overlaid, for a caller that has checked access (the service-quality report).</summary>
    internal async Task<QuarterlyReport> ReadAsync(int rocYear, CancellationToken ct)
    {
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var live = await CountAsync(db, rocYear, TaipeiTime.Today(dbFactory.Clock), ct);
        var quarters = await QuarterSnapshots.OverlayAsync(db, Report, rocYear, live, q => q.Quarter, (q, s) => q with { FrozenAtUtc = s.FrozenAtUtc, FrozenBy = s.FrozenBy }, ct);
        return new QuarterlyReport(rocYear, quarters);
    }

    /// <summary>Freezes a finished quarter: from now on the report shows these figures for it.</summary>
    public async Task<Result> FreezeQuarterAsync(Actor actor, int rocYear, int quarter, CancellationToken ct = default)
    {
        if (!PetitionAccess.CanSeeStatistics(actor))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "PetitionStatistics", $"{rocYear}Q{quarter}", DomainError.Forbidden("只有主管可以凍結季報。"), ct));
        }

        var today = TaipeiTime.Today(dbFactory.Clock);
        await using var db = await dbFactory.OpenAsync(actor, ct);
        return await QuarterSnapshots.FreezeAsync(db, actor, dbFactory.Clock, Report, "陳情統計", rocYear, quarter,
            async () => (await CountAsync(db, rocYear, today, ct))[quarter - 1], f => $"收件 {f.Received} 件", ct);
    }

    /// <summary>Counts by category and quarter of receipt in one grouped query; late and breach as of <paramref name="today"/>.</summary>
    private static async Task<List<QuarterFigures>> CountAsync(CaseDeskDbContext db, int rocYear, DateOnly today, CancellationToken ct)
    {
        var groups = await db.Petitions
            .Where(p => p.RocYear == rocYear)
            .GroupBy(p => new { p.ReceivedOn.Month, p.Category, p.Channel })
            .Select(g => new
            {
                g.Key.Month,
                g.Key.Category,
                g.Key.Channel,
                Count = g.Count(),
                Replied = g.Count(p => p.RepliedOn != null),
                OnTime = g.Count(p => p.RepliedOn != null && p.RepliedOn <= p.DueOn),
                Extended = g.Count(p => p.HasExtension),
                Late = g.Count(p => (p.RepliedOn != null && p.RepliedOn > p.DueOn)
                    || (p.RepliedOn == null && p.State != PetitionState.Transferred && p.State != PetitionState.FiledWithoutAction && p.DueOn < today)),
                LateWithContact = g.Count(p => ((p.RepliedOn != null && p.RepliedOn > p.DueOn)
                    || (p.RepliedOn == null && p.State != PetitionState.Transferred && p.State != PetitionState.FiledWithoutAction && p.DueOn < today))
                    && p.FirstInterimContactOn != null && p.FirstInterimContactOn <= p.DueOn),
                Transferred = g.Count(p => p.State == PetitionState.Transferred),
                Filed = g.Count(p => p.State == PetitionState.FiledWithoutAction),
                Open = g.Count(p => p.State != PetitionState.Replied && p.State != PetitionState.Closed && p.State != PetitionState.Transferred && p.State != PetitionState.FiledWithoutAction),
            })
            .ToListAsync(ct);

        return Enumerable.Range(1, 4).Select(q =>
        {
            var rows = groups.Where(g => (g.Month - 1) / 3 + 1 == q).ToList();
            var byCategory = new int[4];
            var byChannel = new int[QuarterFigures.ChannelCount];
            foreach (var row in rows)
            {
                byCategory[(int)row.Category] += row.Count;
                byChannel[(int)row.Channel] += row.Count;
            }

            return new QuarterFigures
            {
                Quarter = q,
                ByCategory = byCategory,
                ByChannel = byChannel,
                Replied = rows.Sum(r => r.Replied),
                RepliedOnTime = rows.Sum(r => r.OnTime),
                Extended = rows.Sum(r => r.Extended),
                LateWithInterimContact = rows.Sum(r => r.LateWithContact),
                Breach = rows.Sum(r => r.Late - r.LateWithContact),
                Transferred = rows.Sum(r => r.Transferred),
                FiledWithoutAction = rows.Sum(r => r.Filed),
                StillOpen = rows.Sum(r => r.Open),
            };
        }).ToList();
    }
}
