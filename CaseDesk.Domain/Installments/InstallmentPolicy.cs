using System.Text.Json;
using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.Installments;

/// <summary>One row of the tier table: amounts owed from <see cref="FromAmount"/> up allow at most <see cref="MaxInstallments"/>.</summary>
public sealed record InstallmentTier(long FromAmount, int MaxInstallments);

/// <summary>
/// The statutory tiers as data (行政執行事件核准分期繳納執行金額實施要點 point 5): a new version is created
/// for every change, old versions stay, and every evaluation records the version it used.
/// </summary>
[AuditDisplayName("分期繳納標準")]
public sealed class InstallmentPolicy : Entity
{
    public const int NoteMaxLength = 500;

    /// <summary>
    /// However large the amount, no plan has more installments than this (50 years of monthly payments): a
    /// guard against a typo building a schedule of thousands of lines, above every policy's own limits.
    /// </summary>
    public const int HardCap = 600;

    private InstallmentPolicy()
    {
    }

    public int Number { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>The tiers as JSON, ordered by amount.</summary>
    public string TiersJson { get; private set; } = "[]";

    public int MinInstallments { get; private set; }

    /// <summary>Never beyond this many installments in total (60) …</summary>
    public int AbsoluteMaxInstallments { get; private set; }

    /// <summary>… except when the amount owed reaches this (NT$60,000,000) and the maximum still cannot clear it.</summary>
    public long BeyondMaxThreshold { get; private set; }

    public string Note { get; private set; } = "";

    public IReadOnlyList<InstallmentTier> Tiers => JsonSerializer.Deserialize<List<InstallmentTier>>(TiersJson) ?? [];

    /// <summary>The 2008 wording, still quoted unchanged by the branches' FAQ.</summary>
    public static readonly IReadOnlyList<InstallmentTier> StatutoryTiers =
    [
        new(0, 6),
        new(200_000, 8),
        new(1_000_000, 16),
        new(5_000_000, 36),
        new(10_000_000, 60),
    ];

    internal static Result<InstallmentPolicy> Create(int number, DateOnly effectiveFrom, IReadOnlyList<InstallmentTier> tiers, int minInstallments, int absoluteMax, long beyondThreshold, string? note)
    {
        var errors = new ErrorList();
        var ordered = tiers.OrderBy(t => t.FromAmount).ToList();
        errors.AddIf(ordered.Count == 0, "policy_no_tiers", "至少要有一級距。", "Tiers");
        errors.AddIf(ordered.Count > 0 && ordered[0].FromAmount != 0, "policy_first_tier", "第一級距須從 0 元起。", "Tiers");
        errors.AddIf(ordered.Select(t => t.FromAmount).Distinct().Count() != ordered.Count, "policy_duplicate_tier", "級距起點不可重複。", "Tiers");
        errors.AddIf(ordered.Any(t => t.MaxInstallments < minInstallments), "policy_tier_below_min", $"各級距的最高期數不可少於最少期數 {minInstallments}。", "Tiers");
        errors.AddIf(ordered.Any(t => t.MaxInstallments > absoluteMax), "policy_tier_above_max", $"各級距的最高期數不可超過總上限 {absoluteMax} 期。", "Tiers");
        errors.AddIf(absoluteMax > HardCap, "policy_above_cap", $"總上限不可超過 {HardCap} 期。", nameof(AbsoluteMaxInstallments));
        errors.AddIf(ordered.Zip(ordered.Skip(1)).Any(p => p.Second.MaxInstallments < p.First.MaxInstallments), "policy_tier_order", "金額較高的級距，期數不應較少。", "Tiers");
        errors.AddIf(minInstallments < 2, "policy_min", "最少期數至少為 2 期。", nameof(MinInstallments));
        errors.AddIf(beyondThreshold <= 0, "policy_threshold", "請輸入可超過總上限的金額門檻。", nameof(BeyondMaxThreshold));
        if (errors.Any)
        {
            return Result<InstallmentPolicy>.Fail(errors.Items);
        }

        return Result.Success(new InstallmentPolicy
        {
            Number = number,
            EffectiveFrom = effectiveFrom,
            TiersJson = JsonSerializer.Serialize(ordered),
            MinInstallments = minInstallments,
            AbsoluteMaxInstallments = absoluteMax,
            BeyondMaxThreshold = beyondThreshold,
            Note = (note ?? "").Trim(),
        });
    }

    internal static InstallmentPolicy Statutory(DateOnly effectiveFrom) =>
        Create(1, effectiveFrom, StatutoryTiers, 2, 60, 60_000_000, "行政執行事件核准分期繳納執行金額實施要點第 5 點").Value;

    /// <summary>What the rules say of a request, with every reason stated (shown to the clerk while typing).</summary>
    /// <param name="amountOwed">The amount the tier is judged on: the amount owed, or for a rescheduled plan the original amount of its first version.</param>
    /// <param name="requested">The installments of this version.</param>
    /// <param name="prior">Installments of earlier versions already elapsed (rescheduling): the limits hold for the total.</param>
    public InstallmentEvaluation Evaluate(long amountOwed, int requested, int prior = 0)
    {
        var tiers = Tiers;
        var tierIndex = tiers.Count - 1;
        while (tierIndex > 0 && amountOwed < tiers[tierIndex].FromAmount)
        {
            tierIndex--;
        }

        var tier = tiers[tierIndex];
        var upper = tierIndex + 1 < tiers.Count ? tiers[tierIndex + 1].FromAmount : (long?)null;
        var total = (long)prior + requested;
        var needsSpecial = total > tier.MaxInstallments;
        var beyondAbsolute = total > AbsoluteMaxInstallments;
        var beyondAllowed = amountOwed >= BeyondMaxThreshold;
        return new InstallmentEvaluation(
            Number, tier.FromAmount, upper, tier.MaxInstallments, MinInstallments, AbsoluteMaxInstallments, requested,
            requested < MinInstallments,
            needsSpecial,
            beyondAbsolute && !beyondAllowed,
            beyondAbsolute && beyondAllowed,
            prior,
            amountOwed);
    }
}

/// <param name="PolicyNumber">The policy version that gave this answer.</param>
/// <param name="TierUpTo">The exclusive upper bound of the tier, null for the top tier.</param>
/// <param name="NeedsSpecialReason">More than the tier allows: only with a stated special circumstance.</param>
/// <param name="NotAllowed">More than 60 in total for an amount under NT$60,000,000: never.</param>
/// <param name="BeyondAbsoluteByAmount">More than 60, allowed only because the amount reaches the threshold (with the reason).</param>
/// <param name="Prior">Installments of earlier plan versions already elapsed; the limits apply to <see cref="Total"/>.</param>
/// <param name="JudgedAmount">The amount the tier was judged on (for a rescheduled plan, the first version's amount).</param>
public sealed record InstallmentEvaluation(
    int PolicyNumber,
    long TierFrom,
    long? TierUpTo,
    int TierMax,
    int Min,
    int AbsoluteMax,
    int Requested,
    bool BelowMin,
    bool NeedsSpecialReason,
    bool NotAllowed,
    bool BeyondAbsoluteByAmount,
    int Prior = 0,
    long JudgedAmount = 0)
{
    /// <summary>Installments in total across the plan's versions: the earlier ones elapsed plus this request.</summary>
    public long Total => (long)Prior + Requested;

    public string TierText => TierUpTo is { } upTo
        ? $"{Money.Format(TierFrom)} 以上、未滿 {Money.Format(upTo)}：最多 {TierMax} 期"
        : $"{Money.Format(TierFrom)} 以上：最多 {TierMax} 期";
}
