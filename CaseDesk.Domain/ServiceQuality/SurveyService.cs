using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace CaseDesk.Domain.ServiceQuality;

public sealed record SurveyRow(int Id, DateOnly SurveyedOn, string DeskName, IReadOnlyDictionary<SurveyQuestion, SurveyRating?> Ratings, string? Remark, SurveySource Source, string CreatedBy);

public sealed record FollowUpRow(int Id, int Version, int SurveyId, DateOnly SurveyedOn, string DeskName, SurveyQuestion Question, SurveyRating Rating, string? Remark, FollowUpState State, string? CalledBackBy, DateOnly? CalledBackOn, string? ActionTaken);

/// <summary>
/// Visitor questionnaires (政風訪查問卷): typed in from paper by staff or filled on the counter tablet; every
/// dissatisfied answer opens a follow-up for the ethics office; results per quarter as the report counts them.
/// </summary>
public sealed class SurveyService(CaseDeskDbFactory dbFactory)
{
    /// <summary>Who the counter tablet writes as: no sign-in, no roles, nothing else it may do.</summary>
    public static readonly Actor Counter = new("counter", "櫃台問卷", new HashSet<string>());

    public const int MaxListRows = 500;

    private DateOnly Today => TaipeiTime.Today(dbFactory.Clock);

    public async Task<Result<int>> RecordAsync(Actor actor, SurveyInput input, CancellationToken ct = default) =>
        !ServiceQualityAccess.CanRecordSurveys(actor)
            ? await dbFactory.RefuseAsync(actor, "Survey", "new", DomainError.Forbidden("只有書記官與主管可以登錄問卷。"), ct)
            : await SaveAsync(actor, input with { Source = SurveySource.Paper }, ct);

    /// <summary>The anonymous counter page: a survey answer and nothing more (dated today, marked as from the counter).</summary>
    public Task<Result<int>> SubmitFromCounterAsync(SurveyInput input, CancellationToken ct = default) =>
        SaveAsync(Counter, input with { Source = SurveySource.Counter, SurveyedOn = Today }, ct);

    private async Task<Result<int>> SaveAsync(Actor actor, SurveyInput input, CancellationToken ct)
    {
        var valid = input.Validate(Today);
        if (!valid.Succeeded)
        {
            return Result<int>.Fail(valid.Errors);
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        if (valid.Value.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct))
        {
            return new DomainError("survey_unit", "找不到這個執行股。", nameof(SurveyInput.UnitId));
        }

        var survey = VisitorSurvey.Create(valid.Value);
        db.Add(survey);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        foreach (var (question, rating) in valid.Value.Ratings)
        {
            if (rating is { } r && SurveyScale.IsDissatisfied(r))
            {
                db.Add(SurveyFollowUp.Create(survey.Id, question, r));
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.PublishCommittedChanges();
        return Result.Success(survey.Id);
    }

    public async Task<Result<IReadOnlyList<SurveyRow>>> ListAsync(Actor actor, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (!ServiceQualityAccess.CanFollowUp(actor) && !ServiceQualityAccess.CanRecordSurveys(actor))
        {
            return await dbFactory.RefuseAsync(actor, "Survey", $"{from:yyyy-MM-dd}/{to:yyyy-MM-dd}", DomainError.Forbidden("您不能查閱問卷。"), ct);
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var units = await db.Units.ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var rows = await db.Set<VisitorSurvey>().Where(s => s.SurveyedOn >= from && s.SurveyedOn <= to)
            .OrderByDescending(s => s.SurveyedOn).ThenByDescending(s => s.Id).Take(MaxListRows).ToListAsync(ct);
        IReadOnlyList<SurveyRow> list = rows.Select(s => new SurveyRow(s.Id, s.SurveyedOn, DeskName(s.UnitId, s.Desk, units),
            SurveyScale.Questions.ToDictionary(q => q, s.RatingFor), s.Remark, s.Source, s.CreatedBy)).ToList();
        return Result.Success(list);
    }

    public async Task<Result<IReadOnlyList<FollowUpRow>>> FollowUpsAsync(Actor actor, bool openOnly, CancellationToken ct = default)
    {
        if (!ServiceQualityAccess.CanFollowUp(actor))
        {
            return await dbFactory.RefuseAsync(actor, "SurveyFollowUp", "list", DomainError.Forbidden("問卷追蹤僅主管（政風室）可以查閱。"), ct);
        }

        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var units = await db.Units.ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var query = from f in db.Set<SurveyFollowUp>()
                    join s in db.Set<VisitorSurvey>() on f.SurveyId equals s.Id
                    where !openOnly || f.State == FollowUpState.Open
                    orderby f.State, s.SurveyedOn descending, f.Id
                    select new { f, s.SurveyedOn, s.UnitId, s.Desk, s.Remark };
        var rows = await query.Take(MaxListRows).ToListAsync(ct);
        IReadOnlyList<FollowUpRow> list = rows.Select(r => new FollowUpRow(r.f.Id, r.f.Version, r.f.SurveyId, r.SurveyedOn, DeskName(r.UnitId, r.Desk, units), r.f.Question, r.f.Rating, r.Remark,
            r.f.State, r.f.CalledBackBy, r.f.CalledBackOn, r.f.ActionTaken)).ToList();
        return Result.Success(list);
    }

    public async Task<Result> CompleteFollowUpAsync(Actor actor, int followUpId, int version, FollowUpInput input, CancellationToken ct = default)
    {
        if (!ServiceQualityAccess.CanFollowUp(actor))
        {
            return Result.Fail(await dbFactory.RefuseAsync(actor, "SurveyFollowUp", followUpId, DomainError.Forbidden("只有主管（政風室）可以登錄回電追蹤。"), ct));
        }

        var valid = input.Validate(Today);
        if (!valid.Succeeded)
        {
            return valid;
        }

        await using var db = await dbFactory.OpenAsync(actor, ct);
        var followUp = await db.Set<SurveyFollowUp>().SingleOrDefaultAsync(f => f.Id == followUpId, ct);
        if (followUp is null)
        {
            return Result.Fail(DomainError.NotFound());
        }

        db.ExpectVersion(followUp, version);
        var done = followUp.Complete(input.CalledBackBy!.Trim(), input.CalledBackOn!.Value, input.ActionTaken!.Trim());
        return done.Succeeded ? await db.SaveOrConflictAsync(ct) : done;
    }

    /// <summary>Counts per question and rating for each quarter of a ROC year (supervisors and admins).</summary>
    public async Task<Result<SurveyYearFigures>> StatisticsAsync(Actor actor, int rocYear, CancellationToken ct = default)
    {
        if (!ServiceQualityAccess.CanFollowUp(actor))
        {
            return await dbFactory.RefuseAsync(actor, "SurveyStatistics", rocYear, DomainError.Forbidden("問卷統計僅主管可以查閱。"), ct);
        }

        return Result.Success(await ReadAsync(rocYear, ct));
    }

    internal async Task<SurveyYearFigures> ReadAsync(int rocYear, CancellationToken ct)
    {
        var from = Quarters.Start(rocYear, 1);
        var to = Quarters.End(rocYear, 4);
        await using var db = await dbFactory.OpenReadOnlyAsync(ct);
        var surveys = db.Set<VisitorSurvey>().Where(s => s.SurveyedOn >= from && s.SurveyedOn <= to);
        var counts = await surveys.GroupBy(s => s.SurveyedOn.Month).Select(g => new { Month = g.Key, Count = g.Count() }).ToListAsync(ct);

        // One grouped query per question: month × rating.
        var answers = new List<(SurveyQuestion Question, int Month, SurveyRating Rating, int Count)>();
        foreach (var question in SurveyScale.Questions)
        {
            var grouped = question switch
            {
                SurveyQuestion.ReceptionAttitude => surveys.Where(s => s.ReceptionAttitude != null).GroupBy(s => new { s.SurveyedOn.Month, Rating = s.ReceptionAttitude!.Value }),
                SurveyQuestion.TimeTaken => surveys.Where(s => s.TimeTaken != null).GroupBy(s => new { s.SurveyedOn.Month, Rating = s.TimeTaken!.Value }),
                SurveyQuestion.Environment => surveys.Where(s => s.Environment != null).GroupBy(s => new { s.SurveyedOn.Month, Rating = s.Environment!.Value }),
                SurveyQuestion.AnswerAccuracy => surveys.Where(s => s.AnswerAccuracy != null).GroupBy(s => new { s.SurveyedOn.Month, Rating = s.AnswerAccuracy!.Value }),
                _ => surveys.Where(s => s.Integrity != null).GroupBy(s => new { s.SurveyedOn.Month, Rating = s.Integrity!.Value }),
            };
            var rows = await grouped.Select(g => new { g.Key.Month, g.Key.Rating, Count = g.Count() }).ToListAsync(ct);
            answers.AddRange(rows.Select(r => (question, r.Month, r.Rating, r.Count)));
        }

        var followUps = await (from f in db.Set<SurveyFollowUp>()
                               join s in surveys on f.SurveyId equals s.Id
                               group f by new { s.SurveyedOn.Month, f.State } into g
                               select new { g.Key.Month, g.Key.State, Count = g.Count() }).ToListAsync(ct);

        return new SurveyYearFigures(rocYear, Enumerable.Range(1, 4).Select(q =>
        {
            bool In(int month) => (month - 1) / 3 + 1 == q;
            var questions = SurveyScale.Questions.Select(question =>
            {
                var byRating = new int[5];
                foreach (var a in answers.Where(a => a.Question == question && In(a.Month)))
                {
                    byRating[(int)a.Rating - 1] += a.Count;
                }

                return new QuestionFigures(question, byRating);
            }).ToList();
            return new SurveyPeriodFigures(q, counts.Where(c => In(c.Month)).Sum(c => c.Count), questions,
                followUps.Where(f => In(f.Month)).Sum(f => f.Count), followUps.Where(f => In(f.Month) && f.State == FollowUpState.Open).Sum(f => f.Count));
        }).ToList());
    }

    private static string DeskName(int? unitId, string? desk, IReadOnlyDictionary<int, string> units) =>
        unitId is { } u ? units.GetValueOrDefault(u, "?") : desk ?? "為民服務中心";
}
