namespace CaseDesk.Domain.Cases;

public enum CaseSort
{
    CaseNumber,
    ReferredOn,
    AmountOwed,
    ObligorName,
    Status,
    UpdatedAt,
}

/// <summary>Filters of the cases list; every one is served by an index.</summary>
public sealed record CaseQuery
{
    /// <summary>Case number (full, or its sequence number), national ID / business number (full or leading part), or the start of the obligor's name.</summary>
    public string? Text { get; init; }

    public CaseStatus? Status { get; init; }

    public int? UnitId { get; init; }

    public int? ReferringAgencyId { get; init; }

    public int? ResponsibleClerkId { get; init; }

    public CaseSort Sort { get; init; } = CaseSort.ReferredOn;

    public bool Descending { get; init; } = true;
}

/// <summary>One row of the cases list; the ID is masked and the amount withheld from roles that need neither.</summary>
public sealed record CaseRow
{
    public int Id { get; init; }

    public string CaseNumber { get; init; } = "";

    public ObligorKind ObligorKind { get; init; }

    public string ObligorName { get; init; } = "";

    public string ObligorIdMasked { get; init; } = "";

    public string AgencyName { get; init; } = "";

    public long? AmountOwed { get; init; }

    public DateOnly ReferredOn { get; init; }

    public string UnitName { get; init; } = "";

    public string? ClerkName { get; init; }

    public CaseStatus Status { get; init; }
}

public sealed record CaseDetail
{
    public int Id { get; init; }

    public int Version { get; init; }

    public string CaseNumber { get; init; } = "";

    public ObligorKind ObligorKind { get; init; }

    public string ObligorName { get; init; } = "";

    public string ObligorIdMasked { get; init; } = "";

    public string? ObligorPhoneMasked { get; init; }

    public string? ObligorAddress { get; init; }

    public int ReferringAgencyId { get; init; }

    public string AgencyName { get; init; } = "";

    public long? AmountOwed { get; init; }

    public DateOnly ReferredOn { get; init; }

    public int UnitId { get; init; }

    public string UnitName { get; init; } = "";

    public int? ResponsibleClerkId { get; init; }

    public string? ClerkName { get; init; }

    public CaseStatus Status { get; init; }

    /// <summary>Enforcement deferred (暫緩執行) until this date, with its reason (e.g. during a welfare referral).</summary>
    public DateOnly? DeferredUntil { get; init; }

    public string? DeferralReason { get; init; }

    public string? Notes { get; init; }

    public DateTime CreatedAtUtc { get; init; }

    public string CreatedBy { get; init; } = "";

    public DateTime UpdatedAtUtc { get; init; }

    public string UpdatedBy { get; init; } = "";

    public bool CanEdit { get; init; }

    public bool CanRevealId { get; init; }

    /// <summary>The deferral's end date has passed and the case waits for the scan to resume enforcement: show it as ended.</summary>
    public bool IsDeferralOver(DateOnly today) => Status == CaseStatus.Deferred && DeferredUntil < today;
}

/// <summary>Deferring (暫緩執行) or extending a deferral from the case: the end date and the reason.</summary>
public sealed record DeferralInput(DateOnly? Until, string? Reason);
