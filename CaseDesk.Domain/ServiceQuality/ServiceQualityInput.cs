using CaseDesk.Domain.Common;
using CaseDesk.Domain.Identity;

namespace CaseDesk.Domain.ServiceQuality;

/// <summary>Settings of the service-quality measures; bound from the "ServiceQuality" section of appsettings.json.</summary>
public sealed class ServiceQualityOptions
{
    public const string SectionName = "ServiceQuality";

    /// <summary>Units drawn for the phone-courtesy spot check each month (the report: one unit in three, six a month).</summary>
    public int SpotChecksPerMonth { get; set; } = 6;

    /// <summary>A unit whose average score in the period is below this is flagged.</summary>
    public int SpotCheckThreshold { get; set; } = 80;

    /// <summary>Questionnaires the counter page accepts per client address and minute (the page needs no sign-in).</summary>
    public int CounterSurveysPerMinute { get; set; } = 10;
}

/// <summary>What a visitor (or the clerk typing a paper form) answers. Ratings are 1 (非常滿意) … 5 (非常不滿意), blank allowed.</summary>
public sealed record SurveyInput
{
    public DateOnly? SurveyedOn { get; init; }

    public int? UnitId { get; init; }

    public string? Desk { get; init; }

    public IReadOnlyDictionary<SurveyQuestion, int?> Ratings { get; init; } = new Dictionary<SurveyQuestion, int?>();

    public string? Remark { get; init; }

    public SurveySource Source { get; init; } = SurveySource.Paper;

    public Result<ValidSurvey> Validate(DateOnly today)
    {
        var errors = new ErrorList();
        var ratings = new Dictionary<SurveyQuestion, SurveyRating?>();
        foreach (var (question, value) in Ratings)
        {
            if (!Enum.IsDefined(question))
            {
                errors.Add("survey_question", "問卷沒有這一題。");
                continue;
            }

            if (value is null)
            {
                continue;
            }

            if (!Enum.IsDefined(typeof(SurveyRating), value.Value))
            {
                errors.Add("survey_rating", $"「{SurveyScale.QuestionName(question)}」的評分不在量表內（應為非常滿意、滿意、普通、不滿意或非常不滿意）。", question.ToString());
                continue;
            }

            ratings[question] = (SurveyRating)value.Value;
        }

        var remark = string.IsNullOrWhiteSpace(Remark) ? null : Remark.Trim();
        errors.AddIf(ratings.Count == 0 && !errors.Any, "survey_empty", "問卷沒有任何作答，至少要填一題評分才能送出。");
        errors.AddIf(remark is { Length: > VisitorSurvey.RemarkMaxLength }, "survey_remark_long", $"意見最多 {VisitorSurvey.RemarkMaxLength} 字。", nameof(Remark));
        var desk = string.IsNullOrWhiteSpace(Desk) ? null : Desk.Trim();
        errors.AddIf(desk is { Length: > VisitorSurvey.DeskMaxLength }, "survey_desk_long", $"服務櫃台名稱最多 {VisitorSurvey.DeskMaxLength} 字。", nameof(Desk));
        errors.AddIf(SurveyedOn is null, "survey_date", "請填寫洽公日期。", nameof(SurveyedOn));
        errors.AddIf(SurveyedOn > today, "survey_date_future", "洽公日期不能晚於今天。", nameof(SurveyedOn));
        errors.AddIf(!Enum.IsDefined(Source), "survey_source", "問卷來源不正確。");
        if (errors.Any)
        {
            return Result<ValidSurvey>.Fail(errors.Items);
        }

        return Result.Success(new ValidSurvey(SurveyedOn!.Value, UnitId, UnitId is null ? desk : null, ratings, remark, Source));
    }
}

public sealed record ValidSurvey(DateOnly SurveyedOn, int? UnitId, string? Desk, IReadOnlyDictionary<SurveyQuestion, SurveyRating?> Ratings, string? Remark, SurveySource Source);

/// <summary>The checker's record of one spot-check call.</summary>
public sealed record SpotCheckInput
{
    public DateOnly? CheckedOn { get; init; }

    public int? UnitId { get; init; }

    public string? PersonAnswering { get; init; }

    public int? Score { get; init; }

    public string? Notes { get; init; }

    public Result<ValidSpotCheck> Validate(DateOnly today)
    {
        var errors = new ErrorList();
        var person = PersonAnswering?.Trim() ?? "";
        var notes = string.IsNullOrWhiteSpace(Notes) ? null : Notes.Trim();
        errors.AddIf(CheckedOn is null, "check_date", "請填寫抽測日期。", nameof(CheckedOn));
        errors.AddIf(CheckedOn > today, "check_date_future", "抽測日期不能晚於今天。", nameof(CheckedOn));
        errors.AddIf(UnitId is null, "check_unit", "請選擇受測的執行股。", nameof(UnitId));
        errors.AddIf(person.Length == 0, "check_person", "請填寫接聽人員。", nameof(PersonAnswering));
        errors.AddIf(person.Length > PhoneSpotCheck.NameMaxLength, "check_person_long", $"接聽人員最多 {PhoneSpotCheck.NameMaxLength} 字。", nameof(PersonAnswering));
        errors.AddIf(Score is null, "check_score", "請填寫分數。", nameof(Score));
        errors.AddIf(Score is < 0 or > 100, "check_score_range", "分數應為 0 到 100 分。", nameof(Score));
        errors.AddIf(notes is { Length: > PhoneSpotCheck.NotesMaxLength }, "check_notes_long", $"備註最多 {PhoneSpotCheck.NotesMaxLength} 字。", nameof(Notes));
        return errors.Any ? Result<ValidSpotCheck>.Fail(errors.Items) : Result.Success(new ValidSpotCheck(CheckedOn!.Value, UnitId!.Value, person, Score!.Value, notes));
    }
}

public sealed record ValidSpotCheck(DateOnly CheckedOn, int UnitId, string PersonAnswering, int Score, string? Notes);

/// <summary>What the ethics office records after calling a dissatisfied visitor back.</summary>
public sealed record FollowUpInput
{
    public string? CalledBackBy { get; init; }

    public DateOnly? CalledBackOn { get; init; }

    public string? ActionTaken { get; init; }

    public Result Validate(DateOnly today)
    {
        var errors = new ErrorList();
        var by = CalledBackBy?.Trim() ?? "";
        var action = ActionTaken?.Trim() ?? "";
        errors.AddIf(by.Length == 0, "followup_by", "請填寫回電人員。", nameof(CalledBackBy));
        errors.AddIf(by.Length > SurveyFollowUp.NameMaxLength, "followup_by_long", $"回電人員最多 {SurveyFollowUp.NameMaxLength} 字。", nameof(CalledBackBy));
        errors.AddIf(CalledBackOn is null, "followup_date", "請填寫回電日期。", nameof(CalledBackOn));
        errors.AddIf(CalledBackOn > today, "followup_date_future", "回電日期不能晚於今天。", nameof(CalledBackOn));
        errors.AddIf(action.Length == 0, "followup_action", "請填寫處理情形。", nameof(ActionTaken));
        errors.AddIf(action.Length > SurveyFollowUp.TextMaxLength, "followup_action_long", $"處理情形最多 {SurveyFollowUp.TextMaxLength} 字。", nameof(ActionTaken));
        return errors.Any ? Result.Fail(errors.Items) : Result.Success();
    }
}

/// <summary>Who may do what with the service-quality measures and the report.</summary>
public static class ServiceQualityAccess
{
    /// <summary>Typing in paper questionnaires: clerks and supervisors (the counter tablet needs no sign-in).</summary>
    public static bool CanRecordSurveys(Actor actor) => actor.IsClerk || actor.IsSupervisor;

    /// <summary>Survey results, the follow-up list and calling visitors back: supervisors (the ethics office) and admins.</summary>
    public static bool CanFollowUp(Actor actor) => actor.IsSupervisor || actor.IsAdmin;

    /// <summary>Recording phone-courtesy spot checks and seeing the plan: supervisors.</summary>
    public static bool CanRecordSpotChecks(Actor actor) => actor.IsSupervisor;

    /// <summary>The quarterly service-quality report and its export: supervisors and admins.</summary>
    public static bool CanSeeReport(Actor actor) => actor.IsSupervisor || actor.IsAdmin;
}

/// <summary>Quarter arithmetic shared by the measures and the report.</summary>
public static class Quarters
{
    public static int Of(DateOnly date) => (date.Month - 1) / 3 + 1;

    public static DateOnly Start(int rocYear, int quarter) => new(rocYear + RocDate.EraOffset, (quarter - 1) * 3 + 1, 1);

    public static DateOnly End(int rocYear, int quarter) => Start(rocYear, quarter).AddMonths(3).AddDays(-1);
}
