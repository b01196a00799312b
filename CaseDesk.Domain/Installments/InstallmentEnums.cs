namespace CaseDesk.Domain.Installments;

public enum ApplicantKind
{
    Obligor,
    Guarantor,
}

public enum ApplicationForm
{
    /// <summary>Oral application: the clerk records the statement (筆錄), reads it back, the applicant signs.</summary>
    Oral,
    Written,
}

public enum HardshipReason
{
    /// <summary>Cannot pay at once because of the economic situation.</summary>
    EconomicSituation,

    /// <summary>A natural disaster or incident caused major loss.</summary>
    DisasterOrIncident,
}

[Flags]
public enum SupportingDocuments
{
    None = 0,
    IncomeProof = 1,
    LowIncomeCertificate = 2,
    UnemploymentProof = 4,
    MedicalCertificate = 8,
    DisasterCertificate = 16,
    BankStatements = 32,
    Other = 64,
}

public enum GuaranteeKind
{
    None,
    WrittenByObligor,
    ThirdPartyGuarantor,
    Collateral,
    Cheques,
}

public enum PlanState
{
    Submitted,
    Active,
    Rejected,
    Completed,
    Revoked,
    Superseded,
}

public enum PaymentChannel
{
    ConvenienceStore,
    PostOffice,
    Bank,
    Counter,
    Cheque,
}

public enum RemainderPlacement
{
    First,
    Last,
}
