namespace CaseDesk.Domain.Petitions;

public enum PetitionScope
{
    Mine,
    MyUnit,
    All,
}

public enum PetitionSort
{
    DueOn,
    ReceivedOn,
    Number,
}

public sealed record PetitionQuery
{
    public PetitionScope Scope { get; init; } = PetitionScope.Mine;

    public string? Text { get; init; }

    public PetitionCategory? Category { get; init; }

    public PetitionChannel? Channel { get; init; }

    public PetitionState? State { get; init; }

    public DeadlineStatus? Status { get; init; }

    /// <summary>Only petitions not yet replied, transferred or filed.</summary>
    public bool OpenOnly { get; init; }

    public int? UnitId { get; init; }

    public int? HandlerId { get; init; }

    /// <summary>Only petitions nobody handles yet (the dashboard's 未分派 row).</summary>
    public bool WithoutHandler { get; init; }

    /// <summary>Only petitions not given to a unit (the dashboard's 未分股 row).</summary>
    public bool WithoutUnit { get; init; }

    public DateOnly? ReceivedFrom { get; init; }

    public DateOnly? ReceivedTo { get; init; }

    /// <summary>Only petitions due on this day (the dashboard's "due today").</summary>
    public DateOnly? DueOn { get; init; }

    /// <summary>Only open petitions past their due date (late with or without interim contact).</summary>
    public bool OverdueOnly { get; init; }

    public PetitionSort Sort { get; init; } = PetitionSort.DueOn;

    public bool Descending { get; init; }
}

public sealed record PetitionRow
{
    public int Id { get; init; }

    public string Number { get; init; } = "";

    public DateOnly ReceivedOn { get; init; }

    public PetitionChannel Channel { get; init; }

    public PetitionCategory Category { get; init; }

    public string Subject { get; init; } = "";

    public string? PetitionerName { get; init; }

    public string? HandlerName { get; init; }

    public string? UnitName { get; init; }

    public PetitionState State { get; init; }

    public DateOnly DueOn { get; init; }

    public bool HasExtension { get; init; }

    public DateOnly? FirstInterimContactOn { get; init; }

    public DateOnly? RepliedOn { get; init; }

    public DeadlineStatus Status { get; init; }

    /// <summary>Working days after today up to the due date (negative when overdue).</summary>
    public int WorkingDaysLeft { get; init; }
}

public sealed record InterimContactView(DateTime ContactedAtUtc, string Method, string PersonReached, string Summary, string LoggedBy);

/// <param name="BeforeReopen">Granted for the reply before the petition was reopened: kept on record, no longer in force.</param>
public sealed record ExtensionView(int Days, string Reason, string ApprovedBy, bool ByDirector, DateOnly? NoticeSentOn, string? NoticeReference, DateTime ApprovedAtUtc, bool BeforeReopen = false);

/// <summary>What the actor may do with the petition now (the page shows these buttons, the service checks again).</summary>
public sealed record PetitionActions(
    bool Edit,
    bool Assign,
    bool Start,
    bool LogContact,
    bool Extend,
    bool ExtendBeyondSectionChief,
    bool Submit,
    bool Approve,
    bool Return,
    bool MarkReplied,
    bool Close,
    bool Transfer,
    bool File,
    bool Reopen);

public sealed record PetitionDetail
{
    public int Id { get; init; }

    public int Version { get; init; }

    public string Number { get; init; } = "";

    public PetitionChannel Channel { get; init; }

    public DateTime ReceivedAtUtc { get; init; }

    public DateOnly ReceivedOn { get; init; }

    public string? PetitionerName { get; init; }

    public string? PetitionerPhone { get; init; }

    public string? PetitionerEmail { get; init; }

    public string? PetitionerAddress { get; init; }

    public bool? RecordReadBack { get; init; }

    public string? RecordSignedBy { get; init; }

    public DateTime? RecordSignedAtUtc { get; init; }

    public string? ForwardingAuthority { get; init; }

    public string? ForwardingDocumentNumber { get; init; }

    public int? CaseId { get; init; }

    public string? CaseNumber { get; init; }

    public int? RelatedPetitionId { get; init; }

    public string? RelatedPetitionNumber { get; init; }

    public PetitionCategory Category { get; init; }

    public string Subject { get; init; } = "";

    public string Content { get; init; } = "";

    public int? UnitId { get; init; }

    public string? UnitName { get; init; }

    public int? SectionId { get; init; }

    public string? SectionName { get; init; }

    public int? HandlerId { get; init; }

    public string? HandlerName { get; init; }

    public PetitionState State { get; init; }

    public int DeadlineDays { get; init; }

    public DateOnly DueOn { get; init; }

    /// <summary>The receipt date, or the day the petition was last reopened.</summary>
    public DateOnly DeadlineCountsFrom { get; init; }

    public DateTime? ReopenedAtUtc { get; init; }

    public bool HasExtension { get; init; }

    public DateOnly? FirstInterimContactOn { get; init; }

    public string? ReplyText { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTime? ApprovedAtUtc { get; init; }

    public DateTime? SubmittedAtUtc { get; init; }

    public string? ReturnComment { get; init; }

    public DateOnly? RepliedOn { get; init; }

    public ReplyMethod? ReplyMethod { get; init; }

    public string? ReplyReference { get; init; }

    public string? TransferredTo { get; init; }

    public string? TransferDocumentNumber { get; init; }

    public DateOnly? TransferredOn { get; init; }

    public DateOnly? PetitionerToldOn { get; init; }

    public FilingReason? FilingReason { get; init; }

    public string? FilingNote { get; init; }

    public DateOnly? ClosedOn { get; init; }

    public string? ReopenReason { get; init; }

    public DateTime UpdatedAtUtc { get; init; }

    public string UpdatedBy { get; init; } = "";

    public IReadOnlyList<InterimContactView> Contacts { get; init; } = [];

    public IReadOnlyList<ExtensionView> Extensions { get; init; } = [];

    public DeadlineStatus Status { get; init; }

    public int WorkingDaysLeft { get; init; }

    public DeadlineComputation Deadline { get; init; } = default!;

    public PetitionActions Actions { get; init; } = default!;
}
