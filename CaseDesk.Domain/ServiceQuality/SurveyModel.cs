using CaseDesk.Domain.Auditing;
using CaseDesk.Domain.Common;

namespace CaseDesk.Domain.ServiceQuality;

/// <summary>The five-point scale of the ethics office's visitor questionnaire (政風訪查問卷).</summary>
public enum SurveyRating
{
    VerySatisfied = 1,
    Satisfied = 2,
    Neutral = 3,
    Dissatisfied = 4,
    VeryDissatisfied = 5,
}

/// <summary>The questions the quarterly report uses, in the report's order.</summary>
public enum SurveyQuestion
{
    /// <summary>現場接待人員之服務態度 (洽公服務禮遇).</summary>
    ReceptionAttitude,

    /// <summary>洽辦業務項目及所花費時間.</summary>
    TimeTaken,

    /// <summary>洽公環境、服務措施.</summary>
    Environment,

    /// <summary>解答諮詢正確率、服務流程及處理效率.</summary>
    AnswerAccuracy,

    /// <summary>整體廉政形象.</summary>
    Integrity,
}

/// <summary>How the questionnaire reached CaseDesk.</summary>
public enum SurveySource
{
    /// <summary>A paper form typed in by staff.</summary>
    Paper,

    /// <summary>Filled in by the visitor on the counter tablet (no sign-in).</summary>
    Counter,
}

public static class SurveyScale
{
    public static readonly IReadOnlyList<SurveyQuestion> Questions = Enum.GetValues<SurveyQuestion>();

    public static readonly IReadOnlyList<SurveyRating> Ratings = Enum.GetValues<SurveyRating>();

    public static bool IsSatisfiedOrBetter(SurveyRating rating) => rating <= SurveyRating.Satisfied;

    public static bool IsDissatisfied(SurveyRating rating) => rating >= SurveyRating.Dissatisfied;

    public static string RatingName(SurveyRating rating) => rating switch
    {
        SurveyRating.VerySatisfied => "非常滿意",
        SurveyRating.Satisfied => "滿意",
        SurveyRating.Neutral => "普通",
        SurveyRating.Dissatisfied => "不滿意",
        SurveyRating.VeryDissatisfied => "非常不滿意",
        _ => rating.ToString(),
    };

    public static string QuestionName(SurveyQuestion question) => question switch
    {
        SurveyQuestion.ReceptionAttitude => "現場接待服務態度",
        SurveyQuestion.TimeTaken => "洽辦業務所花費時間",
        SurveyQuestion.Environment => "洽公環境及服務措施",
        SurveyQuestion.AnswerAccuracy => "問題回應正確率",
        SurveyQuestion.Integrity => "整體廉政形象",
        _ => question.ToString(),
    };
}

/// <summary>One visitor questionnaire: the desk that served the visitor, a rating per question (any may be left blank) and a remark.</summary>
[AuditDisplayName("訪查問卷")]
public sealed class VisitorSurvey : Entity
{
    public const int RemarkMaxLength = 500;

    public const int DeskMaxLength = 30;

    private VisitorSurvey()
    {
    }

    public DateOnly SurveyedOn { get; private set; }

    /// <summary>The execution unit that served the visitor; null when it was the service centre's desk (<see cref="Desk"/>).</summary>
    public int? UnitId { get; private set; }

    /// <summary>A desk that is not a unit (為民服務中心, 服務台), or null.</summary>
    public string? Desk { get; private set; }

    public SurveyRating? ReceptionAttitude { get; private set; }

    public SurveyRating? TimeTaken { get; private set; }

    public SurveyRating? Environment { get; private set; }

    public SurveyRating? AnswerAccuracy { get; private set; }

    public SurveyRating? Integrity { get; private set; }

    public string? Remark { get; private set; }

    public SurveySource Source { get; private set; }

    public SurveyRating? RatingFor(SurveyQuestion question) => question switch
    {
        SurveyQuestion.ReceptionAttitude => ReceptionAttitude,
        SurveyQuestion.TimeTaken => TimeTaken,
        SurveyQuestion.Environment => Environment,
        SurveyQuestion.AnswerAccuracy => AnswerAccuracy,
        SurveyQuestion.Integrity => Integrity,
        _ => null,
    };

    internal static VisitorSurvey Create(ValidSurvey s) => new()
    {
        SurveyedOn = s.SurveyedOn,
        UnitId = s.UnitId,
        Desk = s.Desk,
        ReceptionAttitude = s.Ratings.GetValueOrDefault(SurveyQuestion.ReceptionAttitude),
        TimeTaken = s.Ratings.GetValueOrDefault(SurveyQuestion.TimeTaken),
        Environment = s.Ratings.GetValueOrDefault(SurveyQuestion.Environment),
        AnswerAccuracy = s.Ratings.GetValueOrDefault(SurveyQuestion.AnswerAccuracy),
        Integrity = s.Ratings.GetValueOrDefault(SurveyQuestion.Integrity),
        Remark = s.Remark,
        Source = s.Source,
    };
}

public enum FollowUpState
{
    Open,
    Done,
}

/// <summary>A dissatisfied answer the ethics office calls the visitor back about: who called, when, what was done.</summary>
[AuditDisplayName("問卷追蹤")]
public sealed class SurveyFollowUp : Entity
{
    public const int TextMaxLength = 500;

    public const int NameMaxLength = 50;

    private SurveyFollowUp()
    {
    }

    public int SurveyId { get; private set; }

    public SurveyQuestion Question { get; private set; }

    public SurveyRating Rating { get; private set; }

    public FollowUpState State { get; private set; }

    public string? CalledBackBy { get; private set; }

    public DateOnly? CalledBackOn { get; private set; }

    public string? ActionTaken { get; private set; }

    internal static SurveyFollowUp Create(int surveyId, SurveyQuestion question, SurveyRating rating) =>
        new() { SurveyId = surveyId, Question = question, Rating = rating, State = FollowUpState.Open };

    internal Result Complete(string calledBackBy, DateOnly calledBackOn, string actionTaken)
    {
        if (State == FollowUpState.Done)
        {
            return Result.Fail(new DomainError("followup_done", "這筆追蹤已經完成。"));
        }

        CalledBackBy = calledBackBy;
        CalledBackOn = calledBackOn;
        ActionTaken = actionTaken;
        State = FollowUpState.Done;
        NoteForAudit($"完成追蹤：{calledBackBy} 回電");
        return Result.Success();
    }
}

/// <summary>One phone-courtesy spot check (電話禮貌抽測) of a unit.</summary>
[AuditDisplayName("電話禮貌抽測")]
public sealed class PhoneSpotCheck : Entity
{
    public const int NameMaxLength = 30;

    public const int NotesMaxLength = 500;

    private PhoneSpotCheck()
    {
    }

    public DateOnly CheckedOn { get; private set; }

    public int UnitId { get; private set; }

    public string PersonAnswering { get; private set; } = "";

    public int Score { get; private set; }

    public string? Notes { get; private set; }

    public string CheckedBy { get; private set; } = "";

    internal static PhoneSpotCheck Create(ValidSpotCheck c, string checkedBy) =>
        new() { CheckedOn = c.CheckedOn, UnitId = c.UnitId, PersonAnswering = c.PersonAnswering, Score = c.Score, Notes = c.Notes, CheckedBy = checkedBy };
}
