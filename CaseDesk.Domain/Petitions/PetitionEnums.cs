namespace CaseDesk.Domain.Petitions;

/// <summary>How the petition reached the branch (the channels of the quarterly report).</summary>
public enum PetitionChannel
{
    PublicOpinionMailbox,
    Email,
    IntegrityMailbox,
    Phone,
    LetterOrFax,
    InPerson,
    ForwardedByHigherAuthority,
    Facebook,
    Other,
}

/// <summary>The four categories of 行政程序法 §168, the rows of the quarterly table.</summary>
public enum PetitionCategory
{
    ReformSuggestion,
    LegalInquiry,
    MisconductReport,
    RightsProtection,
}

public enum PetitionState
{
    Registered,
    Assigned,
    InProgress,
    SubmittedForSignOff,
    Approved,
    Replied,
    Closed,
    Transferred,
    FiledWithoutAction,
}

/// <summary>行政程序法 §173: why a petition may be filed without action (存查).</summary>
public enum FilingReason
{
    NoConcreteContentOrIdentity,
    RepeatedAfterClearAnswer,
    SentToSeveralCompetentAgencies,
}

public enum ReplyMethod
{
    Letter,
    Email,
    Fax,
    HandedOver,
}

/// <summary>The deadline chip of a petition on a given day.</summary>
public enum DeadlineStatus
{
    OnTrack,
    DueSoon,
    Extended,
    LateWithInterimContact,
    Breach,
    Done,

    /// <summary>
    /// Past due where no interim contact applies (an installment in default, a late callback). For petitions it is
    /// only a filter: every open one past its due date, whether late with an interim contact or a breach.
    /// </summary>
    Overdue,
}

public static class PetitionNames
{
    public static string Channel(PetitionChannel c) => c switch
    {
        PetitionChannel.PublicOpinionMailbox => "民意信箱",
        PetitionChannel.Email => "電子郵件",
        PetitionChannel.IntegrityMailbox => "廉政信箱",
        PetitionChannel.Phone => "電話",
        PetitionChannel.LetterOrFax => "書面／傳真",
        PetitionChannel.InPerson => "臨櫃（口頭）",
        PetitionChannel.ForwardedByHigherAuthority => "上級機關函轉",
        PetitionChannel.Facebook => "臉書粉絲專頁",
        _ => "其他",
    };

    public static string Category(PetitionCategory c) => c switch
    {
        PetitionCategory.ReformSuggestion => "行政興革之建議",
        PetitionCategory.LegalInquiry => "行政法令之查詢",
        PetitionCategory.MisconductReport => "行政違失之舉發",
        _ => "行政上權益之維護",
    };

    public static string State(PetitionState s) => s switch
    {
        PetitionState.Registered => "已登錄",
        PetitionState.Assigned => "已分派",
        PetitionState.InProgress => "辦理中",
        PetitionState.SubmittedForSignOff => "陳核中",
        PetitionState.Approved => "已核定",
        PetitionState.Replied => "已函復",
        PetitionState.Closed => "已結案",
        PetitionState.Transferred => "已移文",
        _ => "存查",
    };

    public static string Filing(FilingReason r) => r switch
    {
        FilingReason.NoConcreteContentOrIdentity => "無具體內容或未具真實姓名、聯絡方式",
        FilingReason.RepeatedAfterClearAnswer => "同一事由經明確答覆後重複陳情",
        _ => "同一事由已向其他主管機關陳情",
    };
}
