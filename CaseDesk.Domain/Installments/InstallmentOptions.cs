namespace CaseDesk.Domain.Installments;

/// <summary>The "Installments" section of appsettings.json.</summary>
public sealed class InstallmentOptions
{
    public const string SectionName = "Installments";

    /// <summary>Which installment takes the whole dollars left over when the amount does not divide evenly.</summary>
    public RemainderPlacement RemainderOn { get; set; } = RemainderPlacement.First;

    /// <summary>Working days after a due date before an unpaid installment puts the plan in default.</summary>
    public int GraceWorkingDays { get; set; }

    /// <summary>The clerk is reminded this many working days before a due date with no payment recorded.</summary>
    public int ReminderWorkingDaysBefore { get; set; } = 5;

    /// <summary>Where uploaded supporting documents are kept (outside the database), relative to the content root.</summary>
    public string DocumentFolder { get; set; } = "App_Data/documents";

    public long MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;
}
