namespace CaseDesk.Domain.Petitions;

public sealed record InterimContactInput
{
    /// <summary>When the call was made, Taipei time; null means now.</summary>
    public DateTime? ContactedAtLocal { get; init; }

    public string Method { get; init; } = "電話";

    public string? PersonReached { get; init; }

    public string? Summary { get; init; }
}

public sealed record ExtensionInput
{
    /// <summary>The new total number of days the reply is due within (15 with the section chief's approval).</summary>
    public int? Days { get; init; }

    public string? Reason { get; init; }

    /// <summary>Beyond the section chief's days: when the written notice went to the petitioner, and its number.</summary>
    public DateOnly? NoticeSentOn { get; init; }

    public string? NoticeReference { get; init; }
}

public sealed record ReplyInput
{
    public DateOnly? SentOn { get; init; }

    public ReplyMethod? Method { get; init; }

    public string? Reference { get; init; }
}

public sealed record TransferInput
{
    public string? To { get; init; }

    public string? DocumentNumber { get; init; }

    public DateOnly? TransferredOn { get; init; }

    public DateOnly? PetitionerToldOn { get; init; }
}

public sealed record FilingInput
{
    public FilingReason? Reason { get; init; }

    public string? Note { get; init; }

    /// <summary>The earlier petition already answered on the same matter (for a repeated one).</summary>
    public string? RelatedPetitionNumber { get; init; }
}
