namespace CaseDesk.Domain.Installments;

public sealed record PaymentInput
{
    public DateOnly? PaidOn { get; init; }

    public long? Amount { get; init; }

    public PaymentChannel? Channel { get; init; }

    public string? ReceiptNumber { get; init; }
}

public sealed record InstallmentLineView(int Number, DateOnly DueOn, long Amount, long PaidAmount, bool Overdue);

public sealed record PaymentView(int Id, DateOnly PaidOn, long Amount, PaymentChannel Channel, string ReceiptNumber, DateOnly? DishonouredOn, string RecordedBy);

public sealed record DocumentView(int Id, string FileName, string ContentType, long Size, string UploadedBy, DateTime UploadedAtUtc);

public sealed record GuaranteeChequeView(int Id, string Number, long Amount, DateOnly DueOn, DateOnly? DishonouredOn);

/// <param name="Revoke">Only a supervisor, only while the plan is in default (revocation follows a default).</param>
/// <param name="Dishonour">Record a paid cheque as dishonoured (active or completed plans).</param>
/// <param name="DishonourGuarantee">Record a cheque held as guarantee as dishonoured (active plans).</param>
public sealed record PlanActions(bool Revise, bool Approve, bool Reject, bool RecordPayment, bool Revoke, bool Reschedule, bool Upload, bool Dishonour = false, bool DishonourGuarantee = false);

public sealed record PlanSummary(int Id, int PlanVersion, PlanState State, long AmountOwed, long PaidTotal, int Installments, DateOnly AppliedOn, bool InDefault, DateOnly? NextDueOn);

public sealed record PlanRow(int Id, int CaseId, string CaseNumber, string ObligorName, string? UnitName, int PlanVersion, PlanState State, long AmountOwed, long PaidTotal, DateOnly? OldestUnpaidDueOn, bool InDefault, DateOnly AppliedOn);

public sealed record PlanDetail
{
    public int Id { get; init; }

    public int Version { get; init; }

    public int CaseId { get; init; }

    public string CaseNumber { get; init; } = "";

    public string ObligorName { get; init; } = "";

    public string AgencyName { get; init; } = "";

    public int PlanVersion { get; init; }

    public int? PreviousPlanId { get; init; }

    public ApplicantKind ApplicantKind { get; init; }

    public string ApplicantName { get; init; } = "";

    public ApplicationForm Form { get; init; }

    public string? StatementRecord { get; init; }

    public string? RecordSignedBy { get; init; }

    public HardshipReason Reason { get; init; }

    public string StatementOfFacts { get; init; } = "";

    public SupportingDocuments Documents { get; init; }

    public string? DocumentsNote { get; init; }

    public long AmountOwed { get; init; }

    public int RequestedInstallments { get; init; }

    public int DayOfMonth { get; init; }

    public string? SpecialReason { get; init; }

    public int PolicyNumber { get; init; }

    public int TierMax { get; init; }

    /// <summary>Installments of earlier versions already elapsed, counted towards the limits.</summary>
    public int PriorInstallments { get; init; }

    public DateOnly? ConsentOn { get; init; }

    public string? ConsentReference { get; init; }

    public GuaranteeKind Guarantee { get; init; }

    public string? GuarantorName { get; init; }

    public string? GuarantorIdMasked { get; init; }

    public string? GuarantorRelationship { get; init; }

    public string? CollateralDescription { get; init; }

    public IReadOnlyList<GuaranteeChequeView> Cheques { get; init; } = [];

    public DateOnly AppliedOn { get; init; }

    public string PreparedBy { get; init; } = "";

    public string? RevisedBy { get; init; }

    public DateTime? RevisedAtUtc { get; init; }

    public PlanState State { get; init; }

    public string? DecidedBy { get; init; }

    public DateTime? DecidedAtUtc { get; init; }

    public string? RejectionReason { get; init; }

    public string? RevocationReason { get; init; }

    public DateOnly? RevokedOn { get; init; }

    public string? RevokedBy { get; init; }

    public bool GuarantorFlagged { get; init; }

    public long PaidTotal { get; init; }

    public long Balance => AmountOwed - PaidTotal;

    public bool InDefault { get; init; }

    public DateOnly? DefaultFrom { get; init; }

    /// <summary>The day of the oldest dishonoured cheque not yet made good (a default ground of its own), if any.</summary>
    public DateOnly? DishonouredSince { get; init; }

    /// <summary>Awaiting approval with a due date already past: approval will move the due dates on from the approval day.</summary>
    public bool RedatedOnApproval { get; init; }

    public IReadOnlyList<InstallmentLineView> Lines { get; init; } = [];

    public IReadOnlyList<PaymentView> Payments { get; init; } = [];

    public IReadOnlyList<DocumentView> Files { get; init; } = [];

    public IReadOnlyList<PlanSummary> OtherVersions { get; init; } = [];

    public PlanActions Actions { get; init; } = default!;
}

/// <summary>The installment cards of the supervisors' dashboard.</summary>
public sealed record PlanCounts(int PendingApproval, int Active, int InDefault, int RevokedThisQuarter);
